package io.anytask.cli;

import io.anytask.client.Checkout;
import io.anytask.client.CheckoutOptions;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.DeferredLog;
import io.anytask.protocol.Endpoint;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code anytask demo} shows, with the installation's example interfaces ({@code examples/}): why anytask
 * exists. It starts an H2 database in this process (mixed mode: open here, served to the workers over loopback TCP),
 * two servers in this process ({@code bcrypt} and {@code sql}, each with its worker JVMs) and a client for each,
 * then shows, step by step:
 * <ol>
 *   <li>bcrypt hashes on the workers while this process's event loop keeps ticking, beside the same hashes on the
 *       event loop's own thread, where its heartbeat stalls;</li>
 *   <li>one checkout is one transaction: a commit, a release without commit, an error mid-transaction, and the
 *       table's rows afterwards, read by this process;</li>
 *   <li>a checkout's deferred log, the worker's lines merged into the caller's, drawn as a timeline;</li>
 *   <li>the clients' counters; then everything is stopped and its files removed.</li>
 * </ol>
 */
final class Demo {
    /** The event loop's heartbeat period. */
    static final Duration HEARTBEAT = Duration.ofMillis(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(2);
    private static final String PASSWORD = "correct horse battery staple";

    private final Path examples;
    private final Path workerHome;
    private final int workers;
    private final int hashes;
    private final int cost;
    private final PrintStream out;

    /**
     * @param examples   the installation's {@code examples/} directory
     * @param workerHome the worker home
     * @param workers    worker JVMs per server
     * @param hashes     bcrypt hashes per side of the comparison
     * @param cost       their bcrypt cost
     * @param out        where the demo writes
     */
    Demo(Path examples, Path workerHome, int workers, int hashes, int cost, PrintStream out) {
        this.examples = examples;
        this.workerHome = workerHome;
        this.workers = workers;
        this.hashes = hashes;
        this.cost = cost;
        this.out = out;
    }

    /** @return what the installation lacks for the demo, or empty */
    static Optional<String> missing(Path examples, Path workerHome) {
        if (!Files.isRegularFile(workerHome.resolve("jvm.args"))) {
            return Optional.of("no worker home at " + workerHome + " (no jvm.args)");
        }
        for (String name : List.of("bcrypt.jar", "sql.jar", "bcrypt-", "bytes-", "h2-")) {
            if (find(examples, name).isEmpty()) {
                return Optional.of("no " + (name.endsWith(".jar") ? name : name + "VERSION.jar") + " in " + examples);
            }
        }
        return Optional.empty();
    }

    /** Runs the demo in {@code dir}, a fresh directory for its sockets and database, which the caller removes. */
    void run(Path dir) throws Exception {
        long started = System.nanoTime();
        try (Database db = Database.start(dir, jar("h2-"))) {
            say("== starting, in this process: an H2 database (served to the workers on " + db.address() + "), and"
                    + " servers for the bcrypt and sql example interfaces, each with " + workers + " worker JVMs");
            try (TaskServer bcrypt = TaskServer.start(server(dir, "bcrypt")
                    .bundle(jar("bcrypt.jar")).bundle(jar("bcrypt-")).bundle(jar("bytes-")).build());
                 TaskServer sql = TaskServer.start(server(dir, "sql").bundle(jar("sql.jar")).bundle(jar("h2-"))
                         .workerJvmOption("-Danytask.examples.sql.url=" + db.workerUrl()).build())) {
                awaitReady(List.of(bcrypt, sql), started);
                try (TaskClient hashing = TaskClient.create(client(bcrypt, "bcrypt"));
                     TaskClient tx = TaskClient.create(client(sql, "sql"))) {
                    hashing(hashing);
                    transactions(tx, db);
                    timeline(hashing);
                    say("== the clients' counters (ClientStats)");
                    say("   bcrypt: " + hashing.stats());
                    say("   sql:    " + tx.stats());
                }
            }
        }
        say(String.format(Locale.ROOT, "== done in %.1f s: clients closed, servers stopped, worker JVMs ended,"
                + " database closed", (System.nanoTime() - started) / 1e9));
    }

    private ServerConfig.Builder server(Path dir, String name) {
        return ServerConfig.builder().endpoint(new Endpoint.Unix(dir.resolve(name + ".sock"))).interfaceName(name)
                .name(name).readyWorkers(workers).maxWorkers(workers * 2).workerHome(workerHome)
                .gracePeriod(Duration.ofSeconds(2));
    }

    private TaskClientConfig client(TaskServer server, String name) {
        return TaskClientConfig.builder(server.endpoint().toString()).name(name).maxWorkers(workers)
                .timeout(CALL_TIMEOUT).build();
    }

    /** Waits until every server has its workers ready, saying so every second. */
    private void awaitReady(List<TaskServer> servers, long started) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (true) {
            int ready = servers.stream().mapToInt(s -> Math.min(workers, s.workers().ready())).sum();
            if (ready == workers * servers.size()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("worker JVMs not ready within " + BOOT_TIMEOUT.toSeconds() + " s");
            }
            if (System.nanoTime() > nextReport) {
                say("   " + ready + " of " + workers * servers.size() + " worker JVMs ready...");
                nextReport += TimeUnit.SECONDS.toNanos(1);
            }
            Thread.sleep(20);
        }
        say(String.format(Locale.ROOT, "   %d worker JVMs ready %.1f s after the start", workers * servers.size(),
                (System.nanoTime() - started) / 1e9));
    }

    // ---- 1. blocking work off the event loop

    private void hashing(TaskClient client) throws Exception {
        say("== bcrypt: " + hashes + " password hashes of cost " + cost + ", while this process's event loop has a"
                + " heartbeat every " + HEARTBEAT.toMillis() + " ms");
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "event-loop"));
        Heartbeat heartbeat = new Heartbeat();
        try {
            loop.scheduleAtFixedRate(heartbeat::tick, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
            Thread.sleep(5 * HEARTBEAT.toMillis());

            heartbeat.reset();
            long t0 = System.nanoTime();
            // the event loop only starts the calls: each is a checkout of its own, on a worker JVM
            Future<List<CompletableFuture<String>>> started = loop.submit(() -> {
                List<CompletableFuture<String>> calls = new ArrayList<>();
                for (int i = 0; i < hashes; i++) {
                    try (Checkout checkout = client.checkout()) {
                        calls.add(checkout.call("hash", String.class, PASSWORD, cost));
                    }
                }
                return calls;
            });
            List<CompletableFuture<String>> calls = started.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                    .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            double onWorkers = (System.nanoTime() - t0) / 1e6;
            double lateOnWorkers = heartbeat.latestMs();
            say(String.format(Locale.ROOT, "   on the workers:             %6.0f ms; the heartbeat was at most %.0f ms"
                    + " late", onWorkers, lateOnWorkers));

            LocalBcrypt local = LocalBcrypt.load(jar("bcrypt-"), jar("bytes-"));
            heartbeat.reset();
            t0 = System.nanoTime();
            loop.submit(() -> {
                for (int i = 0; i < hashes; i++) {
                    local.hash(PASSWORD, cost);
                }
                return null;
            }).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            double onLoop = (System.nanoTime() - t0) / 1e6;
            say(String.format(Locale.ROOT, "   on the event loop's thread: %6.0f ms; the heartbeat stalled for %.0f ms",
                    onLoop, heartbeat.latestMs()));
            local.close();

            String hash = calls.get(0).join();
            try (Checkout checkout = client.checkout()) {
                CompletableFuture<Boolean> right = checkout.call("verify", Boolean.class, PASSWORD, hash);
                CompletableFuture<Boolean> wrong = checkout.call("verify", Boolean.class, "Tr0ub4dor&3", hash);
                say("   verify on a worker: the right password " + get(right) + ", a wrong one " + get(wrong)
                        + " (hash " + hash.substring(0, 29) + "...)");
            }
        } finally {
            loop.shutdownNow();
        }
    }

    /** The longest a tick of the event loop came after the one before it, beyond the period. */
    private static final class Heartbeat {
        private long last;
        private long worst;

        synchronized void tick() {
            long now = System.nanoTime();
            if (last != 0) {
                worst = Math.max(worst, now - last - HEARTBEAT.toNanos());
            }
            last = now;
        }

        /** Starts a measurement now: a stall from here to the next tick counts. */
        synchronized void reset() {
            last = System.nanoTime();
            worst = 0;
        }

        synchronized double latestMs() {
            return Math.max(0, worst) / 1e6;
        }
    }

    // ---- 2. one checkout, one transaction

    private void transactions(TaskClient client, Database db) throws Exception {
        say("== sql: one checkout is one transaction on a worker's own connection (table item, empty)");
        try (Checkout checkout = client.checkout()) {
            checkout.call("execute", "INSERT INTO item VALUES (?, ?)", List.of(1, "committed"));
            get(checkout.call("commit"));
        }
        say("   checkout 1: insert 1, commit");
        try (Checkout checkout = client.checkout()) {
            get(checkout.call("execute", "INSERT INTO item VALUES (?, ?)", List.of(2, "released")));
        }
        say("   checkout 2: insert 2, released without commit");
        try (Checkout checkout = client.checkout()) {
            checkout.call("execute", "INSERT INTO item VALUES (?, ?)", List.of(3, "failed"));
            CompletableFuture<?> duplicate = checkout.call("execute", "INSERT INTO item VALUES (?, ?)",
                    List.of(1, "again"));
            try {
                get(duplicate);
                say("   checkout 3: (the duplicate key was accepted?)");
            } catch (ExecutionException e) {
                say("   checkout 3: insert 3, then insert 1 again fails: " + firstLine(e.getCause().getMessage()));
            }
        }
        say("   the table afterwards, read by this process: " + db.rows("SELECT id, name FROM item ORDER BY id")
                + " (2 was rolled back at release, 3 with the error)");
    }

    // ---- 3. a deferred log as a timeline

    private void timeline(TaskClient client) throws Exception {
        say("== deferred log of one checkout (hash, then verify): the caller's lines, the worker's lines and the"
                + " timers of both");
        DeferredLog caller = new DeferredLog();
        DeferredLog checkoutLog = new DeferredLog();
        caller.info("checkout");
        try (Checkout checkout = client.checkout(CheckoutOptions.defaults().withDeferredLog(checkoutLog))) {
            String hash = get(checkout.call("hash", String.class, PASSWORD, cost));
            caller.info("hashed");
            get(checkout.call("verify", Boolean.class, PASSWORD, hash));
        }
        caller.info("released");
        for (String line : LogTimeline.render(List.of(new LogTimeline.Source("caller", caller.finish()),
                new LogTimeline.Source("worker", checkoutLog.finish())))) {
            say("   " + line);
        }
    }

    // ---- helpers

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private Path jar(String name) {
        return find(examples, name).orElseThrow(() -> new IllegalStateException("no " + name + " in " + examples));
    }

    /** {@code examples/NAME}, or for a prefix such as {@code h2-} the one jar whose name starts with it. */
    private static Optional<Path> find(Path examples, String name) {
        if (name.endsWith(".jar")) {
            Path jar = examples.resolve(name);
            return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(examples, name + "[0-9]*.jar")) {
            for (Path jar : jars) {
                return Optional.of(jar);
            }
        } catch (IOException e) {
            // reported as missing
        }
        return Optional.empty();
    }

    private static <T> T get(CompletableFuture<T> call) throws Exception {
        return call.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String firstLine(String text) {
        int eol = text.indexOf('\n');
        String line = eol < 0 ? text : text.substring(0, eol);
        return line.length() <= 110 ? line : line.substring(0, 107) + "...";
    }

    /**
     * bcrypt in this process, from the same library jars the workers use, loaded by a class loader of its own
     * (the command line does not depend on it).
     */
    private static final class LocalBcrypt implements AutoCloseable {
        private final URLClassLoader loader;
        private final Object hasher;
        private final Method hashToString;

        private LocalBcrypt(URLClassLoader loader, Object hasher, Method hashToString) {
            this.loader = loader;
            this.hasher = hasher;
            this.hashToString = hashToString;
        }

        static LocalBcrypt load(Path... jars) throws ReflectiveOperationException, IOException {
            URLClassLoader loader = loader(jars);
            Object hasher = loader.loadClass("at.favre.lib.crypto.bcrypt.BCrypt").getMethod("withDefaults")
                    .invoke(null);
            Method hash = loader.loadClass("at.favre.lib.crypto.bcrypt.BCrypt$Hasher")
                    .getMethod("hashToString", int.class, char[].class);
            return new LocalBcrypt(loader, hasher, hash);
        }

        String hash(String password, int cost) throws ReflectiveOperationException {
            return (String) hashToString.invoke(hasher, cost, password.toCharArray());
        }

        @Override
        public void close() throws IOException {
            loader.close();
        }
    }

    private static URLClassLoader loader(Path... jars) throws IOException {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = jars[i].toUri().toURL();
        }
        return new URLClassLoader(urls, Demo.class.getClassLoader());
    }

    /**
     * H2 in mixed mode: this process opens the database file and serves it on 127.0.0.1 to the workers, whose
     * setup connects to it over TCP (examples/sql explains why the workers do not open the file themselves).
     */
    private static final class Database implements AutoCloseable {
        private final URLClassLoader loader;
        private final Connection own;
        private final Object tcpServer;
        private final int port;
        private final Path file;

        private Database(URLClassLoader loader, Connection own, Object tcpServer, int port, Path file) {
            this.loader = loader;
            this.own = own;
            this.tcpServer = tcpServer;
            this.port = port;
            this.file = file;
        }

        static Database start(Path dir, Path h2) throws Exception {
            System.setProperty("h2.bindAddress", "127.0.0.1"); // loopback only; read when H2's classes load
            URLClassLoader loader = loader(h2);
            Path file = dir.resolve("demo");
            try {
                Driver driver = (Driver) loader.loadClass("org.h2.Driver").getDeclaredConstructor().newInstance();
                Properties user = new Properties();
                user.setProperty("user", "sa");
                Connection own = driver.connect("jdbc:h2:" + file, user);
                try (Statement statement = own.createStatement()) {
                    statement.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(100))");
                }
                int port = freePort();
                Object server = loader.loadClass("org.h2.tools.Server").getMethod("createTcpServer", String[].class)
                        .invoke(null, (Object) new String[] {"-tcpPort", Integer.toString(port)});
                server.getClass().getMethod("start").invoke(server);
                return new Database(loader, own, server, port, file);
            } catch (InvocationTargetException e) {
                loader.close();
                throw new IllegalStateException("H2 did not start: " + e.getCause(), e.getCause());
            } catch (Exception e) {
                loader.close();
                throw e;
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        String workerUrl() {
            return "jdbc:h2:tcp://127.0.0.1:" + port + "/" + file + ";USER=sa";
        }

        /** The rows of {@code query}, each as its columns joined by spaces, in brackets. */
        String rows(String query) throws SQLException {
            List<String> rows = new ArrayList<>();
            try (Statement statement = own.createStatement(); ResultSet result = statement.executeQuery(query)) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= columns; c++) {
                        row.append(c > 1 ? " " : "").append(result.getString(c));
                    }
                    rows.add("[" + row + "]");
                }
            }
            return rows.isEmpty() ? "no rows" : String.join(", ", rows);
        }

        @Override
        public void close() throws Exception {
            try {
                tcpServer.getClass().getMethod("stop").invoke(tcpServer);
                own.close();
            } finally {
                loader.close();
            }
        }
    }
}
