package io.anytask.worker;

import io.anytask.worker.internal.Worker;
import io.anytask.worker.internal.WorkerHome;
import io.anytask.worker.internal.WorkerOptions;

/**
 * The worker process's main class. Started by a server (or a test) with its working directory set to the worker
 * home:
 *
 * <pre>
 * cd WORKER_HOME &amp;&amp; java {@literal @}jvm.args [JVM options...] io.anytask.worker.WorkerMain \
 *     --interface NAME --bundle /abs/user-bundle.jar [--bundle ...] \
 *     [--name SERVER_NAME] [--number N] [--hung-worker-timeout SECONDS] [--interface-wait SECONDS] \
 *     [--max-renewals N] ( --accept-unix /abs/path.sock | --control /abs/control.sock )
 * </pre>
 *
 * <p>The worker boots Felix with the home's bundles and the given ones, waits up to {@code --interface-wait}
 * (default 10 s) for the interface, then takes exactly one connection: with {@code --accept-unix} it listens on
 * the path (and removes it once a peer connected); with {@code --control} it connects to the server's control
 * socket, writes {@code ready PID\n} and waits for a hand-off ({@code 'c'} plus a file descriptor, or {@code 'r'}
 * to serve on the control connection itself). It serves that connection until the peer closes it and exits 0, or,
 * with {@code --control} and renewals left ({@code --max-renewals}, default 0), renews itself and connects to the
 * control socket again with {@code renewed PID MILLIS\n} (see {@code io.anytask.protocol.WorkerControl} and
 * docs/worker.md).
 *
 * <p>Exit codes: 0 served (a worker whose renewal was refused or used up says why on standard error), or the
 * server went away before a hand-off; 1 boot failed (reason on standard error);
 * 2 bad command line; 3 hung-worker timeout; 4 the connection failed or carried something that is not the protocol.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    /**
     * Runs a worker and exits the JVM with its exit code.
     *
     * @param args the command line described on this class
     */
    public static void main(String[] args) {
        WorkerOptions options;
        try {
            options = WorkerOptions.parse(args);
        } catch (WorkerOptions.OptionException e) {
            System.err.println("anytask worker: " + e.getMessage());
            System.err.println(WorkerOptions.USAGE);
            System.exit(Worker.EXIT_BAD_OPTIONS);
            return;
        }
        System.exit(new Worker(options, WorkerHome.current()).run());
    }
}
