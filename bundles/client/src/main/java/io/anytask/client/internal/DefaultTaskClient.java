package io.anytask.client.internal;

import io.anytask.client.Checkout;
import io.anytask.client.CheckoutOptions;
import io.anytask.client.ClientClosedException;
import io.anytask.client.ClientStats;
import io.anytask.client.PendingCheckoutsFullException;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.DeferredLog;
import io.anytask.protocol.Endpoint;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The {@link TaskClient}: a {@link Pool} on its own {@link NioLoop}, with callback and listener threads. */
public final class DefaultTaskClient implements TaskClient {
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final TaskClientConfig config;
    private final Pool pool;
    private final Stats stats = new Stats();
    private final NioLoop nioLoop;
    private final Transport transport;
    private final CallbackThread ownCallbacks;
    private final ExecutorService listenerThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A client on the given loop and transport; the loop must run tasks for {@code start()} to take effect. */
    DefaultTaskClient(TaskClientConfig config, Loop loop, Transport transport, NioLoop nioLoop) {
        this.config = config;
        this.nioLoop = nioLoop;
        this.transport = transport;
        String label = config.name().orElse("client");
        this.ownCallbacks = config.callbackExecutor().isPresent() ? null
                : new CallbackThread("anytask-callbacks-" + label);
        this.listenerThread = config.listener() == io.anytask.client.ClientListener.NONE ? null
                : Executors.newSingleThreadExecutor(daemon("anytask-listener-" + label));
        ListenerDispatch listener = new ListenerDispatch(config.listener(), listenerThread);
        this.pool = new Pool(config, loop, transport, config.callbackExecutor().orElse(ownCallbacks), stats, listener);
        loop.execute(pool::start);
    }

    /** Starts a client with its own NIO event loop. */
    public static DefaultTaskClient start(TaskClientConfig config) {
        Objects.requireNonNull(config, "config");
        NioLoop loop = new NioLoop("anytask-client-" + config.name().orElse("loop"));
        Transport transport = config.sslContext().isPresent()
                ? new TlsTransport(loop, (Endpoint.Tcp) config.endpoint(), config.sslContext().get(),
                        config.decoderLimits())
                : new NioTransport(loop, config.endpoint(), config.decoderLimits());
        DefaultTaskClient client = new DefaultTaskClient(config, loop, transport, loop);
        loop.start();
        return client;
    }

    @Override
    public TaskClientConfig config() {
        return config;
    }

    @Override
    public Checkout checkout(CheckoutOptions options) {
        Objects.requireNonNull(options, "options");
        String name = config.name().orElse(null);
        if (closed.get()) {
            throw new ClientClosedException(pool.closeReason, name, null);
        }
        int limit = config.maxPendingCheckouts();
        if (stats.pending.incrementAndGet() > limit) {
            stats.pending.decrementAndGet();
            throw new PendingCheckoutsFullException("pending checkouts full: " + limit
                    + " checkouts already wait for a worker (maxPendingCheckouts: " + limit + ")", name, null);
        }
        Duration timeout = options.overridesTimeout() ? options.timeout().orElse(null) : config.timeout().orElse(null);
        DeferredLog log = options.deferredLog().orElse(null);
        CheckoutState state = new CheckoutState(pool, timeout, log);
        CheckoutHandle handle = new CheckoutHandle(pool, state, name, new Throwable("checkout taken here"));
        pool.loop.execute(() -> pool.enqueue(state));
        return handle;
    }

    @Override
    public ClientStats stats() {
        return stats.snapshot();
    }

    @Override
    public void close() {
        close(null);
    }

    @Override
    public void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (reason != null && !reason.isBlank()) {
            pool.closeReason = "client closed: " + reason;
        }
        pool.closing = true;
        CountDownLatch done = new CountDownLatch(1);
        pool.loop.execute(() -> {
            pool.close();
            done.countDown();
        });
        boolean interrupted = false;
        try {
            if (!pool.loop.inLoop()) {
                done.await(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
            if (nioLoop != null) {
                nioLoop.stop(CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        transport.close();
        if (ownCallbacks != null) {
            try {
                ownCallbacks.stop(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (listenerThread != null) {
            listenerThread.shutdown();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests on a manual loop. */
    Pool pool() {
        return pool;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
