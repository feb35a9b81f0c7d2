package io.anytask.bench;

import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.Endpoint;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The OSGi services benchmark (issue 9): what running anytask as configured services in a Felix container costs,
 * beside the same work from plain Java in the same run. An embedded Felix with SCR and Configuration Admin runs the
 * anytask bundles; the benchmark creates {@code io.anytask.server} and {@code io.anytask.client} configurations
 * and measures:
 * <ol>
 *   <li>the worker home made from the worker runtime bundle, the first time a server is configured;</li>
 *   <li>configurations created to the first result of a call through the {@code TaskClient} service, beside
 *       {@code TaskServer.start} and {@code TaskClient.create} from plain Java to their first result (both wait
 *       for one worker JVM to boot);</li>
 *   <li>warm round trips through the container's {@code TaskClient} service beside a plain client in this JVM,
 *       both to the container's server, in alternating rounds.</li>
 * </ol>
 * The container's service is called through reflection (its classes come from the container's class loaders), a
 * cost of well under a microsecond per call. Results go to standard output and the file {@code -Dbench.results}.
 */
public final class OsgiBench {
    private static final int ROUNDS = 3;
    private static final int WARMUP_CALLS = 20_000;
    private static final int CALLS = 20_000;
    private static final long WAIT_SECONDS = 120;

    private final Path dir;
    private final BundleContext context;
    private final ConfigurationAdmin configurations;
    private final List<String> report = new ArrayList<>();

    private OsgiBench(Path dir, BundleContext context, ConfigurationAdmin configurations) {
        this.dir = dir;
        this.context = context;
        this.configurations = configurations;
    }

    public static void main(String[] args) throws Exception {
        Path bundles = Path.of(System.getProperty("bench.osgi.bundles"));
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "atob");
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, dir.resolve("felix-cache").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // the benchmark uses Configuration Admin's API from the class path, as the framework's own
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.osgi.service.cm;version=1.6.0");
        Framework felix = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(properties);
        felix.start();
        List<String> report;
        try {
            BundleContext context = felix.getBundleContext();
            installAll(context, bundles);
            ConfigurationAdmin cm = context.getService(context.getServiceReference(ConfigurationAdmin.class));
            Instant started = Instant.now();
            long t0 = System.nanoTime();
            OsgiBench bench = new OsgiBench(dir, context, cm);
            bench.line("anytask OSGi services benchmark, " + Instant.now() + ", Java "
                    + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                    + " CPUs, Felix " + felix.getVersion());
            bench.run();
            report = bench.report;
            report.add("");
            report.add(Figure.runLine("osgi", started, (System.nanoTime() - t0) / 1e9));
            report.addAll(bench.figures);
        } finally {
            felix.stop();
            felix.waitForStop(60_000);
            deleteTree(dir); // the framework's cache holds the worker home made in the run
        }
        String results = System.getProperty("bench.results");
        if (results != null) {
            Path out = Path.of(results);
            Files.createDirectories(out.getParent());
            Files.write(out, report, StandardCharsets.UTF_8);
            System.out.println("results written to " + out);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void installAll(BundleContext context, Path folder) throws Exception {
        List<Bundle> installed = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : jars) {
                installed.add(context.installBundle(jar.toUri().toString()));
            }
        }
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
    }

    /** Machine-readable figure lines, written after the text (see {@link Figure}). */
    private final List<String> figures = new ArrayList<>();

    private void line(String text) {
        System.out.println(text);
        report.add(text);
    }

    private void run() throws Exception {
        Path socket = dir.resolve("s.sock");
        line("");
        line("== worker home made from the worker runtime bundle (first server configuration of an installation)");
        long t0 = System.nanoTime();
        Configuration server = serverConfiguration(socket);
        awaitService("io.anytask.server.TaskServer", true);
        line(String.format(Locale.ROOT, "configuration created to TaskServer service, home made: %.2f s",
                (System.nanoTime() - t0) / 1e9));
        delete(server);

        line("");
        line("== configurations created to the first result of a call (one worker JVM boots); median of " + ROUNDS
                + ", the order alternating");
        long[] container = new long[ROUNDS];
        long[] plain = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) { // which goes first alternates: the other's workers exit
            if (round % 2 == 0) {
                container[round] = containerFirstResult(socket);
                plain[round] = plainFirstResult(dir.resolve("p.sock"));
            } else {
                plain[round] = plainFirstResult(dir.resolve("p.sock"));
                container[round] = containerFirstResult(socket);
            }
        }
        line(String.format(Locale.ROOT, "server and client configurations, TaskClient service : median %6.0f ms"
                + "  (runs: %s)", median(container) / 1e6, millis(container)));
        line(String.format(Locale.ROOT, "TaskServer.start + TaskClient.create, plain Java     : median %6.0f ms"
                + "  (runs: %s)", median(plain) / 1e6, millis(plain)));
        line(String.format(Locale.ROOT, "ratio container / plain: %.2f", median(container) / median(plain)));
        figures.add(new Figure("osgi.first-result.container", "server and client configurations created (Configuration"
                + " Admin) to the first result of a call through the TaskClient service; one worker JVM boots",
                Figure.number(median(container) / 1e6) + " ms", "runs " + millis(container).replace(",", "") + " ms",
                ROUNDS + " rounds, alternating", "TaskServer.start + TaskClient.create in plain Java: "
                + Figure.number(median(plain) / 1e6) + " ms (container / plain "
                + Figure.number((double) median(container) / median(plain)) + ")", "none", "n/a").line());

        line("");
        line("== warm round trip, one call at a time on one checkout (" + CALLS + " measured after " + WARMUP_CALLS
                + " warm-up), rounds alternating; median of " + ROUNDS + " rounds");
        roundTrips(socket);
    }

    private Configuration serverConfiguration(Path socket) throws IOException {
        Configuration server = configurations.getFactoryConfiguration("io.anytask.server", "bench", "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("endpoint", "unix:" + socket);
        p.put("interface", "conformance");
        p.put("bundles", new String[] {"io.anytask.examples.conformance"});
        p.put("readyWorkers", 1);
        p.put("hungWorkerTimeout", 0);
        p.put("gracePeriod", "1");
        server.update(p);
        return server;
    }

    private Configuration clientConfiguration(Path socket) throws IOException {
        Configuration client = configurations.getFactoryConfiguration("io.anytask.client", "bench", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("endpoint", "unix:" + socket);
        p.put("minWorkers", 1);
        p.put("maxWorkers", 1);
        client.update(p);
        return client;
    }

    private long containerFirstResult(Path socket) throws Exception {
        long t0 = System.nanoTime();
        Configuration server = serverConfiguration(socket);
        // as in plain Java: the client starts once the server listens (else its first try waits 200 ms to retry)
        awaitService("io.anytask.server.TaskServer", true);
        Configuration client = clientConfiguration(socket);
        ServiceReference<?> ref = awaitService("io.anytask.client.TaskClient", true);
        ContainerClient c = new ContainerClient(context, ref);
        Object checkout = c.checkout();
        c.call(checkout);
        long took = System.nanoTime() - t0;
        c.close(checkout);
        context.ungetService(ref);
        delete(client);
        delete(server);
        return took;
    }

    private long plainFirstResult(Path socket) throws Exception {
        Path home = Path.of(System.getProperty("bench.worker.home"));
        long t0 = System.nanoTime();
        try (TaskServer server = TaskServer.start(ServerConfig.builder().endpoint(Endpoint.parse("unix:" + socket))
                .interfaceName("conformance").bundle(Path.of(System.getProperty("bench.conformance.bundle")))
                .workerHome(home).name("plain").readyWorkers(1).gracePeriod(java.time.Duration.ofSeconds(1))
                .build());
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint()).name("plain")
                .minWorkers(1).maxWorkers(1).build());
             Checkout checkout = client.checkout()) {
            checkout.call("echo", 1).get(WAIT_SECONDS, TimeUnit.SECONDS);
            return System.nanoTime() - t0;
        }
    }

    private void roundTrips(Path socket) throws Exception {
        Configuration server = serverConfiguration(socket);
        awaitService("io.anytask.server.TaskServer", true);
        Configuration client = clientConfiguration(socket);
        ServiceReference<?> ref = awaitService("io.anytask.client.TaskClient", true);
        ContainerClient container = new ContainerClient(context, ref);
        Object containerCheckout = container.checkout();
        long[] containerMedians = new long[ROUNDS];
        long[] plainMedians = new long[ROUNDS];
        long[] containerP99 = new long[ROUNDS];
        long[] plainP99 = new long[ROUNDS];
        try (TaskClient plain = TaskClient.create(TaskClientConfig.builder(Endpoint.parse("unix:" + socket))
                .name("plain").minWorkers(1).maxWorkers(1).build());
             Checkout plainCheckout = plain.checkout()) {
            for (int round = 0; round < ROUNDS; round++) {
                long[] c = time(() -> container.call(containerCheckout));
                long[] p = time(() -> plainCheckout.call("echo", 1).get(10, TimeUnit.SECONDS));
                containerMedians[round] = quantile(c, 0.5);
                containerP99[round] = quantile(c, 0.99);
                plainMedians[round] = quantile(p, 0.5);
                plainP99[round] = quantile(p, 0.99);
            }
        } finally {
            container.close(containerCheckout);
            context.ungetService(ref);
            delete(client);
            delete(server);
        }
        line(String.format(Locale.ROOT, "TaskClient service in the container : median %6.1f us, p99 %6.1f us"
                + "  (round medians: %s us)", median(containerMedians) / 1e3, median(containerP99) / 1e3,
                micros(containerMedians)));
        line(String.format(Locale.ROOT, "TaskClient in plain Java            : median %6.1f us, p99 %6.1f us"
                + "  (round medians: %s us)", median(plainMedians) / 1e3, median(plainP99) / 1e3,
                micros(plainMedians)));
        line(String.format(Locale.ROOT, "ratio container / plain: %.2f",
                median(containerMedians) / median(plainMedians)));
        figures.add(new Figure("osgi.round-trip.container", "warm round trip of one call on a held checkout of the"
                + " TaskClient service", Figure.number(median(containerMedians) / 1e3) + " us", "p99 "
                + Figure.number(median(containerP99) / 1e3) + " us; round medians " + micros(containerMedians)
                .replace(",", "") + " us", ROUNDS + " rounds of " + CALLS + " calls", "TaskClient in plain Java,"
                + " rounds alternating: " + Figure.number(median(plainMedians) / 1e3) + " us (container / plain "
                + Figure.number((double) median(containerMedians) / median(plainMedians)) + ")", "none", "n/a")
                .line());
    }

    /** One round trip of a latency measurement. */
    private interface RoundTrip {
        void run() throws Exception;
    }

    private static long[] time(RoundTrip trip) throws Exception {
        long[] samples = new long[CALLS];
        for (int i = 0; i < WARMUP_CALLS + CALLS; i++) {
            long t0 = System.nanoTime();
            trip.run();
            if (i >= WARMUP_CALLS) {
                samples[i - WARMUP_CALLS] = System.nanoTime() - t0;
            }
        }
        return samples;
    }

    /** The container's TaskClient service and its checkouts, called through the container's own classes. */
    private static final class ContainerClient {
        private final Object client;
        private final Method checkout;
        private final Method call;
        private final Method close;

        ContainerClient(BundleContext context, ServiceReference<?> ref) throws ReflectiveOperationException {
            client = context.getService(ref);
            Class<?> clientType = ref.getBundle().loadClass("io.anytask.client.TaskClient");
            Class<?> checkoutType = ref.getBundle().loadClass("io.anytask.client.Checkout");
            checkout = clientType.getMethod("checkout");
            call = checkoutType.getMethod("call", String.class, Object[].class);
            close = checkoutType.getMethod("close");
        }

        Object checkout() throws ReflectiveOperationException {
            return checkout.invoke(client);
        }

        void call(Object checkout) throws Exception {
            ((CompletableFuture<?>) call.invoke(checkout, "echo", new Object[] {1})).get(WAIT_SECONDS,
                    TimeUnit.SECONDS);
        }

        void close(Object checkout) throws ReflectiveOperationException {
            close.invoke(checkout);
        }
    }

    /**
     * Waits for a service of the container's {@code type}. All references: this class path has classes of the same
     * names, which the framework would otherwise take for another class space and hide the service from.
     */
    private ServiceReference<?> awaitService(String type, boolean present) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            ServiceReference<?>[] refs = context.getAllServiceReferences(type, null);
            ServiceReference<?> ref = refs == null ? null : refs[0];
            if ((ref != null) == present) {
                return ref;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException(type + (present ? " never registered" : " never went away") + " within "
                + WAIT_SECONDS + " s");
    }

    /** Deletes a configuration and waits until its service is gone (a server's workers have been stopped). */
    private void delete(Configuration configuration) throws Exception {
        String type = configuration.getFactoryPid().equals("io.anytask.server") ? "io.anytask.server.TaskServer"
                : "io.anytask.client.TaskClient";
        configuration.delete();
        awaitService(type, false);
    }

    private static long quantile(long[] samples, double q) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))];
    }

    private static double median(long[] values) {
        return quantile(values, 0.5);
    }

    private static String millis(long[] nanos) {
        return Arrays.toString(Arrays.stream(nanos).map(n -> n / 1_000_000).toArray());
    }

    private static String micros(long[] nanos) {
        return Arrays.toString(Arrays.stream(nanos).map(n -> n / 1_000).toArray());
    }
}
