package io.anytask.server.internal;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.WorkerJdk;
import io.anytask.server.HandOffMode;
import io.anytask.server.ServerConfig;
import io.anytask.server.ServerException;
import io.anytask.server.TlsClientAuth;
import io.anytask.server.WorkerCounts;
import io.anytask.server.WorkerInfo;
import io.anytask.server.WorkerState;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * A running server: the client listener, the acceptor thread, the dispatcher thread, the control channel workers
 * report to, and the worker pool. {@link #stop()} is graceful and idempotent.
 *
 * <p>The acceptor never waits for a worker. It hands an accepted connection to a ready worker itself when one is
 * ready and no earlier client waits (the common case, with no thread in between); otherwise it queues the client
 * for the dispatcher, which gives queued clients workers in the order they came, as workers become ready, and goes
 * on accepting. So a burst of clients is accepted at once, and the pool starts a worker for each queued client.
 *
 * <p>With TLS the acceptor hands each accepted connection to {@link TlsHandshakes} and goes on accepting; only a
 * connection whose handshake succeeded is admitted as above (from the handshake's thread), and always relayed.
 */
public final class ServerRuntime {
    private static final int HAND_OFF_ATTEMPTS = 3;
    private static final Duration BACK_OFF_INITIAL = Duration.ofMillis(500);
    private static final Duration BACK_OFF_MAX = Duration.ofSeconds(30);
    /** How long a replacement waits after a hand-off while other workers are ready (see WorkerPool). */
    private static final Duration REPLACEMENT_DELAY = Duration.ofMillis(300);
    /** How long a serving worker gets to say how many checkouts it has served. */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);
    /**
     * The most accepted clients queued for a worker at once (each holds a descriptor); past it the acceptor waits
     * and further connections stay in the kernel's listen queue.
     */
    static final int MAX_QUEUED_CLIENTS = 4096;
    /** How long a TLS client gets to complete its handshake. */
    static final Duration TLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** A client the acceptor queued for the dispatcher. */
    private record Queued(ClientConnection client, long acceptedNanos) {
    }

    private final ServerConfig config;
    private final ClientListener listener;
    private final ControlChannel control;
    private final WorkerPool pool;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService events;
    private final Thread acceptor;
    private final Thread dispatcher;
    /** The TLS handshakes of accepted connections, before they are admitted; null without TLS. */
    private final TlsHandshakes tls;
    /** The workers' start-up archive, made in the background if the home has none for their JDK. */
    private final StartupArchive archive;
    /** Accepted clients waiting for a worker, oldest first; the acceptor waits only when it is full. */
    private final BlockingQueue<Queued> queued = new LinkedBlockingQueue<>(MAX_QUEUED_CLIENTS);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object stopLock = new Object();
    private volatile boolean stopping;

    private ServerRuntime(ServerConfig config, ClientListener listener, ControlChannel control, WorkerPool pool,
            ScheduledThreadPoolExecutor timer, ExecutorService events, TlsHandshakes tls, StartupArchive archive) {
        this.config = config;
        this.listener = listener;
        this.control = control;
        this.pool = pool;
        this.timer = timer;
        this.events = events;
        this.tls = tls;
        this.archive = archive;
        this.acceptor = new Thread(this::acceptLoop, "anytask-acceptor-" + config.name());
        this.dispatcher = new Thread(this::dispatchLoop, "anytask-dispatcher-" + config.name());
        this.dispatcher.setDaemon(true);
    }

    /**
     * Binds the endpoint, opens the control channel, starts the first workers and starts accepting clients.
     *
     * @param workerOutput where the workers' output lines go (prefixed with the worker's name)
     * @throws ServerException if the endpoint cannot be used or junixsocket does not work on this system
     */
    public static ServerRuntime start(ServerConfig config, PrintStream workerOutput) {
        if (!AFUNIXSocket.isSupported()) {
            throw new ServerException("Unix sockets (junixsocket) are not supported on this system; the server needs"
                    + " them to talk to its workers");
        }
        ClientListener listener = openListener(config);
        ControlChannel control = null;
        StartupArchive archive = null;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemons("anytask-timer"));
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        ExecutorService events = Executors.newCachedThreadPool(daemons("anytask-worker-events"));
        try {
            // The control channel and the pool need each other: the channel reports to the pool, the pool's
            // launcher names the channel's socket. No worker can report before the pool exists (none is started).
            WorkerPool[] poolRef = new WorkerPool[1];
            control = ControlChannel.open((pid, socket) -> poolRef[0].workerReady(pid, socket));
            WorkerJdk jdk = WorkerJdk.of(config.workerJava());
            archive = new StartupArchive(config.workerHome(), config.workerJava(), jdk, config.name());
            WorkerLauncher launcher = new WorkerLauncher(config, control.socketPath(), workerOutput, jdk, archive);
            poolRef[0] = new WorkerPool(launcher::launch, config.readyWorkers(), config.maxWorkers(),
                    config.bootTimeout(), REPLACEMENT_DELAY, timer, events,
                    new BackOff(BACK_OFF_INITIAL, BACK_OFF_MAX), WorkerPool.DEMAND_WINDOW, config.maxRenewals() > 0);
            TlsHandshakes tls = config.tls().map(t -> new TlsHandshakes(t.sslContext(), config.tlsClientAuth(),
                    TLS_HANDSHAKE_TIMEOUT, config.name(), timer)).orElse(null);
            ServerRuntime server = new ServerRuntime(config, listener, control, poolRef[0], timer, events, tls,
                    archive);
            ServerLog.info("server " + config.name() + " listening on " + listener.endpoint()
                    + " (hand-off: " + modeText(config, listener) + "; ready workers " + config.readyWorkers()
                    + ", max workers " + config.maxWorkers() + ", " + (config.maxRenewals() == 0
                    ? "a new worker JVM for every client" : "max renewals " + config.maxRenewals()) + ")");
            exposureWarning(listener.endpoint(), config.interfaceName()).ifPresent(ServerLog::warn);
            poolRef[0].start();
            server.dispatcher.start();
            server.acceptor.start();
            return server;
        } catch (IOException | RuntimeException e) {
            listener.close();
            if (control != null) {
                control.close();
            }
            if (archive != null) {
                archive.stop();
            }
            timer.shutdownNow();
            events.shutdownNow();
            throw e instanceof ServerException se ? se
                    : new ServerException("cannot start the server on " + config.endpoint() + ": " + e.getMessage(), e);
        }
    }

    private static ClientListener openListener(ServerConfig config) {
        try {
            if (config.endpoint() instanceof Endpoint.Unix unix) {
                return UnixClientListener.open(unix, config.socketPermissions(), config.relayOnly());
            }
            // TLS implies relay: the TLS session lives in the server, so the raw descriptor is of no use to a worker.
            return TcpClientListener.open((Endpoint.Tcp) config.endpoint(),
                    config.relayOnly() || config.tls().isPresent());
        } catch (IOException e) {
            throw new ServerException("cannot listen on " + config.endpoint() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A warning for a TCP endpoint bound to an address other than loopback (the wildcard included): whoever can
     * reach it can run the interface's code, and the protocol has no authentication of its own.
     */
    static Optional<String> exposureWarning(Endpoint endpoint, String interfaceName) {
        if (!(endpoint instanceof Endpoint.Tcp tcp)) {
            return Optional.empty();
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(tcp.host());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        if (address.isLoopbackAddress()) {
            return Optional.empty();
        }
        return Optional.of("listening on " + endpoint + ", which is not a loopback address: anyone who can"
                + " connect to it can run interface " + interfaceName + " (bind to 127.0.0.1 or use a Unix socket"
                + " unless other hosts must call it)");
    }

    private static String modeText(ServerConfig config, ClientListener listener) {
        if (config.tls().isPresent()) {
            return "relay, because TLS implies relay (the server terminates TLS); TLS, client certificates "
                    + (config.tlsClientAuth() == TlsClientAuth.NEED ? "needed" : "not asked for");
        }
        if (listener.handOffMode() == HandOffMode.DIRECT) {
            return "direct, each client's connection is passed to its worker";
        }
        if (config.relayOnly()) {
            return "relay, as configured";
        }
        return "relay, because TCP descriptors are unreachable: run the server with --add-exports"
                + " java.base/sun.nio.ch=ALL-UNNAMED (class path) or =io.anytask.server (module path)";
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** @return the endpoint as bound */
    public Endpoint endpoint() {
        return listener.endpoint();
    }

    /** @return how accepted connections reach their workers */
    public HandOffMode handOffMode() {
        return listener.handOffMode();
    }

    /** @return the configuration the server runs with */
    public ServerConfig config() {
        return config;
    }

    /** @return counts of booting, ready, busy and warm workers, and of clients waiting for one */
    public WorkerCounts workerCounts() {
        return pool.counts();
    }

    /** @return a snapshot of every worker, oldest first, with the checkouts served by directly serving ones */
    public List<WorkerInfo> listWorkers() {
        List<WorkerInfo> workers = new ArrayList<>();
        for (WorkerPool.Entry entry : pool.snapshot()) {
            Worker worker = entry.worker();
            OptionalLong served = entry.state() == WorkerState.SERVING ? worker.checkoutsServed(QUERY_TIMEOUT)
                    : OptionalLong.of(0);
            workers.add(new WorkerInfo(worker.number(), worker.pid(), entry.state(), worker.startedAt(), served,
                    worker.renewals()));
        }
        return workers;
    }

    private void acceptLoop() {
        while (!stopping) {
            ClientConnection client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!stopping) {
                    ServerLog.error("accepting clients failed; the server stops", e);
                    Thread stopper = new Thread(this::stop, "anytask-stop");
                    stopper.start();
                }
                return;
            }
            long acceptedNanos = System.nanoTime();
            if (tls != null) {
                tls.start(client, secured -> admit(secured, acceptedNanos));
            } else if (!admit(client, acceptedNanos)) {
                return;
            }
        }
    }

    /**
     * Gives a client a ready worker at once, or queues it for the dispatcher. Runs on the acceptor, or on a TLS
     * handshake thread once the handshake succeeded.
     *
     * @return false if the thread was interrupted while the queue was full (the client is then closed)
     */
    private boolean admit(ClientConnection client, long acceptedNanos) {
        if (stopping) {
            client.close();
            return false;
        }
        Worker worker = pool.takeReadyNow();
        if (worker != null && handOff(worker, client, acceptedNanos)) {
            return true;
        }
        if (worker != null) { // that worker could not take it: the client queues like one that found none
            pool.discard(worker);
            pool.clientQueued();
        }
        try {
            Queued entry = new Queued(client, acceptedNanos);
            if (!queued.offer(entry)) {
                // the bound is hit: say so once per time it fills, then wait (the kernel queues the next ones)
                ServerLog.warn(MAX_QUEUED_CLIENTS + " accepted clients wait for a worker (the most the server"
                        + " queues: " + MAX_QUEUED_CLIENTS + "); further connections wait in the listen queue");
                queued.put(entry);
            }
            return true;
        } catch (InterruptedException e) {
            pool.queuedClientGone();
            client.close();
            return false;
        }
    }

    /** Gives queued clients workers, oldest first, waiting for workers as long as it takes. */
    private void dispatchLoop() {
        while (!stopping) {
            Queued next;
            try {
                next = queued.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                dispatch(next.client(), next.acceptedNanos());
            } catch (InterruptedException e) {
                next.client().close();
                return;
            }
        }
    }

    private void dispatch(ClientConnection client, long acceptedNanos) throws InterruptedException {
        Worker worker = pool.takeReadyForQueued();
        for (int attempt = 1; worker != null; attempt++) {
            if (handOff(worker, client, acceptedNanos)) {
                return;
            }
            pool.discard(worker);
            if (attempt == HAND_OFF_ATTEMPTS) {
                ServerLog.warn("dropped a client: " + HAND_OFF_ATTEMPTS + " workers in a row could not take it");
                break;
            }
            worker = pool.takeReady();
        }
        client.close();
    }

    /**
     * Gives {@code client} to {@code worker}, which counts as busy.
     *
     * @return false if the worker's control connection failed: the client is still open, the caller discards the
     *     worker
     */
    private boolean handOff(Worker worker, ClientConnection client, long acceptedNanos) {
        boolean direct = client.descriptor() != null;
        try {
            if (direct) {
                HandOff.direct(worker, client);
            } else {
                HandOff.relay(worker, client);
            }
        } catch (IOException e) {
            ServerLog.warn("could not hand a client to " + worker + ": " + e.getMessage()
                    + "; killing it and trying another");
            return false;
        }
        Supplier<String> handedOut = () -> "worker " + worker.label() + " handed out (pid " + worker.pid() + ", "
                + (direct ? "direct" : "relay") + ", " + (worker.isWarm() ? "warm" : "still warming up") + ", "
                + String.format(Locale.ROOT, "%.3f", (System.nanoTime() - acceptedNanos) / 1e6) + " ms after accept"
                + (worker.renewals() > 0 ? ", renewal " + worker.renewals() + ")" : ")");
        if (worker.renewals() == 0) {
            ServerLog.info(handedOut.get());
        } else {
            ServerLog.debug(handedOut);
        }
        return true;
    }

    /**
     * Graceful stop: stops accepting (a Unix socket file this server created is removed), ends idle workers, gives
     * serving workers the grace period to finish, then kills what is left. Blocks until done; idempotent.
     */
    public void stop() {
        synchronized (stopLock) {
            if (stopping) {
                awaitStopped(config.gracePeriod().plusSeconds(15));
                return;
            }
            stopping = true;
        }
        try {
            ServerLog.info("server " + config.name() + " stopping: no new clients; serving workers"
                    + " get " + config.gracePeriod().toMillis() + " ms to finish");
            listener.close();
            acceptor.interrupt();
            if (tls != null) {
                tls.stop();
            }
            dispatcher.interrupt();
            archive.stop();
            pool.stop(config.gracePeriod());
            for (Queued client; (client = queued.poll()) != null; ) {
                client.client().close(); // never handed to a worker: the client sees its connection end
            }
            control.close();
            timer.shutdownNow();
            events.shutdown();
            ServerLog.info("server " + config.name() + " stopped");
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Waits until the server has stopped.
     *
     * @return true if it stopped within {@code timeout}
     */
    public boolean awaitStopped(Duration timeout) {
        try {
            return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
