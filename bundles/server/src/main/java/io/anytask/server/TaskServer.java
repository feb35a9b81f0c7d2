package io.anytask.server;

import io.anytask.protocol.Endpoint;
import io.anytask.server.internal.ServerRuntime;
import java.time.Duration;
import java.util.List;

/**
 * A running anytask server (SPEC.md section 4): listens on its {@link Endpoint}, keeps
 * {@link ServerConfig#readyWorkers()} worker JVMs booted and idle ahead of demand, and gives each accepted
 * connection to its own worker, which then talks to the client directly. Workers' output goes to this JVM's
 * stderr; the server logs through {@link System.Logger} under the name {@code io.anytask.server}.
 *
 * <p>Must be stopped: {@link #stop()} (or {@link #close()}) is graceful. Idle workers also exit by themselves
 * when the server's JVM dies, however it dies.
 */
public final class TaskServer implements AutoCloseable {
    /**
     * Service property of a {@code TaskServer} registered as an OSGi service (by {@code io.anytask.osgi}, one per
     * {@code io.anytask.server} configuration): the server's name. The same word as the client's.
     *
     * @since package version 2.0
     */
    public static final String NAME_PROPERTY = "name";
    /** Service property of a {@code TaskServer} service: the endpoint it listens on, in text form. @since 2.0 */
    public static final String ENDPOINT_PROPERTY = "endpoint";
    /** Service property of a {@code TaskServer} service: the interface its workers serve. @since 2.0 */
    public static final String INTERFACE_PROPERTY = "interface";

    private final ServerRuntime runtime;

    private TaskServer(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Starts a server in this JVM: binds the endpoint (replacing a stale Unix socket file), starts the first
     * workers in the background and starts accepting clients. Returns without waiting for workers to boot;
     * clients that connect before then wait for their worker.
     *
     * @param config the checked configuration
     * @return the running server
     * @throws ServerException if the endpoint is taken (another server listens on the socket) or unusable
     */
    public static TaskServer start(ServerConfig config) {
        return new TaskServer(ServerRuntime.start(config, System.err));
    }

    /**
     * Starts a dedicated server in a new JVM, tied to this one by a keep-alive pipe: when the returned handle is
     * closed, or this JVM ends in any way, the server stops gracefully. The new JVM runs
     * {@link io.anytask.server.cli.TaskServerMain} with this JVM's {@code java} command and class path (or module
     * path, when this JVM runs the server's module from its module path). Returns once the server listens.
     *
     * @param config the server's configuration
     * @return the handle of the server process
     * @throws ServerException if the process cannot be started or does not come up listening
     */
    public static ForkedTaskServer fork(ServerConfig config) {
        return ForkedTaskServer.start(config, List.of(), ForkedTaskServer.DEFAULT_START_TIMEOUT);
    }

    /**
     * Like {@link #fork(ServerConfig)}, with extra JVM options for the server process and a bound on the wait
     * until it listens.
     *
     * @param config       the server's configuration
     * @param jvmOptions   JVM options for the server process (not for its workers)
     * @param startTimeout how long to wait for the server to listen
     * @return the handle of the server process
     */
    public static ForkedTaskServer fork(ServerConfig config, List<String> jvmOptions, Duration startTimeout) {
        return ForkedTaskServer.start(config, jvmOptions, startTimeout);
    }

    /** @return the endpoint as bound (with the port the system chose for TCP port 0) */
    public Endpoint endpoint() {
        return runtime.endpoint();
    }

    /** @return how accepted connections reach their workers */
    public HandOffMode handOffMode() {
        return runtime.handOffMode();
    }

    /** @return how many workers are booting, ready (of those, warm) and busy, and how many clients wait for one */
    public WorkerCounts workers() {
        return runtime.workerCounts();
    }

    /**
     * A snapshot of every worker JVM of this server, in the order they were started: booting, ready, warm and
     * serving ones. Asks each worker that serves a directly handed-over connection how many checkouts it has
     * served (a short round trip on its control connection; at most a second for a worker that does not answer).
     *
     * @return the workers, oldest first
     * @since package version 2.0
     */
    public List<WorkerInfo> listWorkers() {
        return runtime.listWorkers();
    }

    /** @return the configuration the server runs with */
    public ServerConfig config() {
        return runtime.config();
    }

    /**
     * Stops gracefully: stops accepting, ends idle workers, lets serving workers finish their connections within
     * the grace period, kills what is left, and removes the socket file if it is still this server's. Blocks until
     * done; calling it again waits for the first call.
     */
    public void stop() {
        runtime.stop();
    }

    /**
     * Waits until the server has stopped.
     *
     * @param timeout the longest wait
     * @return true if it stopped in time
     */
    public boolean awaitStopped(Duration timeout) {
        return runtime.awaitStopped(timeout);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }
}
