package io.anytask.worker.internal;

import io.anytask.protocol.ProtocolException;
import io.anytask.registry.InterfaceTracker;
import io.anytask.registry.TaskInterface;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One worker process's life: boot Felix as the worker home describes it, with the user's bundles, find the
 * interface, get the one connection, serve it, stop.
 */
public final class Worker {
    /** Exit code after serving the connection, or when the server went away before handing one over. */
    public static final int EXIT_OK = 0;
    /** Exit code when the worker could not boot (a bundle, the interface, the control socket). */
    public static final int EXIT_BOOT_FAILED = 1;
    /** Exit code for a bad command line. */
    public static final int EXIT_BAD_OPTIONS = 2;
    /** Exit code when the hung-worker timeout ended the process. */
    public static final int EXIT_HUNG = 3;
    /** Exit code when the connection broke or carried bytes that are not anytask messages. */
    public static final int EXIT_CONNECTION_FAILED = 4;

    private final WorkerOptions options;
    private final WorkerHome home;

    public Worker(WorkerOptions options, WorkerHome home) {
        this.options = options;
        this.home = home;
    }

    /** Runs the worker; returns the process exit code. */
    public int run() {
        StartupTrace.mark("main");
        Preloader.start(options.mode() == WorkerOptions.Mode.CONTROL ? options.socket() : Optional.empty());
        FelixBoot felix;
        TaskInterface iface;
        try {
            List<Path> bundles = new ArrayList<>(home.systemBundles());
            bundles.addAll(options.bundles());
            Map<String, String> properties = new HashMap<>();
            home.frameworkProperties().forEach((k, v) -> properties.put((String) k, (String) v));
            String activators = properties.remove(WorkerHome.ACTIVATORS);
            String factory = properties.remove(WorkerHome.FRAMEWORK_FACTORY);
            felix = FelixBoot.start(properties, activators == null || activators.isBlank() ? List.of()
                    : List.of(activators.split(",")), factory, bundles);
            StartupTrace.mark("bundles started");
        } catch (BootException e) {
            return fail(EXIT_BOOT_FAILED, e.getMessage());
        }
        try (FelixBoot closing = felix; InterfaceTracker registry = InterfaceTracker.open(felix.context())) {
            if (options.mode() == WorkerOptions.Mode.WARM_UP) {
                try {
                    WarmUp.run(felix.context(), registry, !options.bundles().isEmpty(), options.interfaceWait());
                } catch (IOException | RuntimeException e) {
                    return fail(EXIT_BOOT_FAILED, "warm-up failed: " + e);
                }
                return EXIT_OK;
            }
            try {
                iface = registry.await(options.interfaceName(), options.interfaceWait());
                StartupTrace.mark("interface found");
            } catch (RuntimeException e) {
                return fail(EXIT_BOOT_FAILED, e.getMessage());
            }
            Connection connection;
            RequestLoop[] loop = new RequestLoop[1];
            TaskInterface ready = iface;
            IdleWarmUp[] warmUp = new IdleWarmUp[1];
            // made before the hand-off: its thread starts now, not on the first request
            Watchdog watchdog = new Watchdog(options.hungWorkerTimeout(), closing::deleteCache);
            try {
                if (options.mode() == WorkerOptions.Mode.ACCEPT_UNIX) {
                    connection = UnixAcceptor.acceptOnce(options.socket().orElseThrow(), () -> {
                        warmUp[0] = IdleWarmUp.start(() -> prepare(ready), closing.context(), registry, () -> { });
                        loop[0] = prepareLoop(ready, watchdog);
                    });
                } else {
                    ControlChannel control = ControlChannel.connect(options.socket().orElseThrow());
                    warmUp[0] = IdleWarmUp.start(() -> prepare(ready), closing.context(), registry,
                            control::announceWarm);
                    loop[0] = prepareLoop(iface, watchdog);
                    control.reportCheckoutsOf(loop[0]);
                    connection = control.awaitHandOff();
                }
            } catch (ControlChannel.ServerGoneException e) {
                return fail(EXIT_OK, e.getMessage());
            } catch (IOException e) {
                return fail(EXIT_BOOT_FAILED, "cannot get a connection: " + e);
            } finally {
                if (warmUp[0] != null) {
                    warmUp[0].stop();
                }
            }
            return serve(loop[0], connection);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(EXIT_BOOT_FAILED, "interrupted while waiting for interface " + options.interfaceName());
        }
    }

    /**
     * Work that a first request would otherwise pay for, done by the {@link IdleWarmUp} thread once the worker is
     * ready (listening, or announced to the server) while it waits for its connection: off the start-up path, and
     * off the first request's too.
     */
    private void prepare(TaskInterface iface) {
        try {
            iface.prepare();
            FelixBoot.deleteStaleCaches();
        } catch (RuntimeException e) {
            // the first request will meet the same problem and answer it
            System.err.println("anytask worker " + options.label() + ": preparing " + iface + " failed: " + e);
        }
        StartupTrace.mark("prepared");
    }

    /**
     * The request loop, made on the main thread while it waits for the hand-off, after a first use of the codec on
     * this thread: the JSON library's per-thread buffers and the loop's own are then made before the first request.
     */
    private static RequestLoop prepareLoop(TaskInterface iface, Watchdog watchdog) {
        try {
            RequestLoop.prepareCodec();
        } catch (RuntimeException e) {
            // the first request meets the same problem and answers it
        }
        return new RequestLoop(iface, watchdog);
    }

    private int serve(RequestLoop loop, Connection connection) {
        try (connection) {
            loop.serve(connection.in(), connection.out());
            return EXIT_OK;
        } catch (ProtocolException e) {
            return fail(EXIT_CONNECTION_FAILED, "closing the connection: " + e.getMessage());
        } catch (IOException e) {
            return fail(EXIT_CONNECTION_FAILED, "connection failed: " + e);
        }
    }

    private int fail(int code, String message) {
        System.err.println("anytask worker " + options.label() + ": " + message);
        return code;
    }
}
