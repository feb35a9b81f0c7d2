package io.anytask.worker.internal;

import io.anytask.protocol.MessageDecoder;
import io.anytask.protocol.ProtocolException;
import io.anytask.protocol.WorkerControl;
import io.anytask.registry.InterfaceTracker;
import io.anytask.registry.TaskInterface;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;

/**
 * One worker process's life: boot Felix as the worker home describes it, with the user's bundles, find the
 * interface, get a connection, serve it. Then, if the worker may be renewed ({@code --max-renewals} above 0), it
 * discards the user's bundles, checks its {@link IsolationGates}, installs the bundles afresh and serves a next
 * connection, in the same JVM; otherwise, or when a gate fails, it stops.
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

    /** How long the framework gets to drop discarded bundles' wiring at a renewal. */
    private static final Duration REFRESH_WAIT = Duration.ofSeconds(10);

    private final WorkerOptions options;
    private final WorkerHome home;
    /** Whether this worker renews itself after a client instead of exiting. */
    private final boolean renewable;
    /** The limits on a client's messages, from the worker's system properties; set first thing in {@link #run}. */
    private MessageDecoder.Limits limits = MessageDecoder.Limits.defaults();

    public Worker(WorkerOptions options, WorkerHome home) {
        this.options = options;
        this.home = home;
        this.renewable = options.mode() == WorkerOptions.Mode.CONTROL && options.maxRenewals() > 0;
    }

    /** Runs the worker; returns the process exit code. */
    public int run() {
        StartupTrace.mark("main");
        try {
            limits = WorkerControl.decoderLimits(System::getProperty);
        } catch (IllegalArgumentException e) {
            return fail(EXIT_BOOT_FAILED, e.getMessage());
        }
        Preloader.start(options.mode() == WorkerOptions.Mode.CONTROL ? options.socket() : Optional.empty());
        FelixBoot felix;
        try {
            Map<String, String> properties = new HashMap<>();
            home.frameworkProperties().forEach((k, v) -> properties.put((String) k, (String) v));
            String activators = properties.remove(WorkerHome.ACTIVATORS);
            String factory = properties.remove(WorkerHome.FRAMEWORK_FACTORY);
            felix = FelixBoot.start(properties, activators == null || activators.isBlank() ? List.of()
                    : List.of(activators.split(",")), factory, home.systemBundles());
        } catch (BootException e) {
            return fail(EXIT_BOOT_FAILED, e.getMessage());
        }
        try (FelixBoot closing = felix) {
            IsolationGates gates = null;
            if (renewable) {
                gates = IsolationGates.beforeInterfaceBundles(IsolationGates.Limits.fromSystemProperties());
            }
            installed = felix.installAndStart(options.bundles());
            StartupTrace.mark("bundles started");
            try (InterfaceTracker registry = InterfaceTracker.open(felix.context())) {
                if (options.mode() == WorkerOptions.Mode.WARM_UP) {
                    try {
                        WarmUp.run(felix.context(), registry, !options.bundles().isEmpty(), options.interfaceWait());
                    } catch (IOException | RuntimeException e) {
                        return fail(EXIT_BOOT_FAILED, "warm-up failed: " + e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return fail(EXIT_BOOT_FAILED, "warm-up interrupted");
                    }
                    return EXIT_OK;
                }
                // made before the first hand-off: its thread starts now, not on the first request
                Watchdog watchdog = new Watchdog(options.hungWorkerTimeout(), closing::deleteCache);
                return serveClients(felix, registry, watchdog, gates);
            }
        } catch (BootException e) {
            return fail(EXIT_BOOT_FAILED, e.getMessage());
        }
    }

    /**
     * Serves one client, then, while this worker is renewable, renews itself and serves the next one. Each client
     * is served by a thread of its own, so that what the interface's code leaves on the serving thread (thread
     * locals) ends with it; between clients this thread holds nothing of the interface.
     */
    private int serveClients(FelixBoot felix, InterfaceTracker registry, Watchdog watchdog, IsolationGates gates) {
        long renewalMillis = -1;
        for (int renewals = 0; ; renewals++) {
            int code = serveOnNewThread(felix, registry, watchdog, gates, renewalMillis);
            if (code != CLIENT_DONE) {
                return code;
            }
            long clientEnded = System.nanoTime();
            StartupTrace.mark("client done");
            if (!renewable) {
                return EXIT_OK;
            }
            if (renewals >= options.maxRenewals()) {
                return notRenewed("renewed " + renewals + " times (max renewals " + options.maxRenewals() + ")");
            }
            // the interface's code runs while its bundles stop and start: the hung-worker timeout bounds it
            watchdog.begin();
            Optional<String> refused;
            try {
                refused = renew(felix, gates, renewals + 1);
            } finally {
                watchdog.end();
            }
            if (refused.isPresent()) {
                return notRenewed(refused.get());
            }
            renewalMillis = (System.nanoTime() - clientEnded) / 1_000_000;
        }
    }

    /**
     * The interface bundles installed now. A field, not a local of {@link #serveClients}: {@link #renew} drops the
     * old ones before the gates force a GC, so that no frame of this worker keeps their class loaders reachable.
     */
    private List<Bundle> installed = List.of();

    /**
     * Discards the {@link #installed} interface bundles, checks the gates that need them gone, installs them
     * afresh, checks the others.
     *
     * @return why the worker may not be renewed, or empty
     */
    private Optional<String> renew(FelixBoot felix, IsolationGates gates, int renewal) {
        gates.discarding(installed);
        try {
            felix.uninstallAndRefresh(installed, REFRESH_WAIT);
        } catch (BootException e) {
            return Optional.of("the interface bundles could not be discarded: " + e.getMessage());
        } finally {
            installed = List.of(); // the old bundles' class loaders may go
        }
        StartupTrace.mark("interface bundles discarded");
        Optional<String> refused = gates.afterDiscard();
        if (refused.isPresent()) {
            return refused;
        }
        try {
            installed = felix.installAndStart(options.bundles());
        } catch (BootException e) {
            return Optional.of("the interface bundles could not be installed again: " + e.getMessage());
        }
        StartupTrace.mark("interface bundles installed");
        refused = gates.afterReinstall(renewal);
        if (refused.isEmpty()) {
            StartupTrace.mark("isolation gates passed");
        }
        return refused;
    }

    /** {@link #serveClient}'s result when the client's connection ended normally. */
    private static final int CLIENT_DONE = -1;

    private int serveOnNewThread(FelixBoot felix, InterfaceTracker registry, Watchdog watchdog,
            IsolationGates gates, long renewalMillis) {
        int[] code = {EXIT_CONNECTION_FAILED};
        Thread thread = new Thread(() -> code[0] = serveClient(felix, registry, watchdog, gates, renewalMillis),
                "anytask-serving");
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return code[0];
    }

    /**
     * Finds the interface, gets one connection (announcing the worker as ready, or as renewed after
     * {@code renewalMillis}), serves it.
     *
     * @return {@link #CLIENT_DONE} once the client closed the connection, otherwise the exit code
     */
    private int serveClient(FelixBoot felix, InterfaceTracker registry, Watchdog watchdog, IsolationGates gates,
            long renewalMillis) {
        TaskInterface found;
        try {
            found = registry.await(options.interfaceName(), options.interfaceWait());
            StartupTrace.mark("interface found");
        } catch (InterruptedException e) {
            return fail(EXIT_BOOT_FAILED, "interrupted while waiting for interface " + options.interfaceName());
        } catch (RuntimeException e) {
            return fail(EXIT_BOOT_FAILED, e.getMessage());
        }
        TaskInterface iface = found;
        if (gates != null && renewalMillis < 0) {
            gates.takeBaseline();
        }
        Connection connection;
        ControlChannel control = null;
        RequestLoop[] loop = new RequestLoop[1];
        IdleWarmUp[] warmUp = new IdleWarmUp[1];
        try {
            if (options.mode() == WorkerOptions.Mode.ACCEPT_UNIX) {
                connection = UnixAcceptor.acceptOnce(options.socket().orElseThrow(), () -> {
                    warmUp[0] = IdleWarmUp.start(() -> prepare(iface, true), felix.context(), registry, () -> { },
                            true);
                    loop[0] = prepareLoop(iface, watchdog);
                });
            } else {
                control = ControlChannel.connect(options.socket().orElseThrow(), renewalMillis < 0
                        ? WorkerControl.readyLine(ProcessHandle.current().pid())
                        : WorkerControl.renewedLine(ProcessHandle.current().pid(), renewalMillis));
                warmUp[0] = IdleWarmUp.start(() -> prepare(iface, renewalMillis < 0), felix.context(), registry,
                        control::announceWarm, renewalMillis < 0);
                loop[0] = prepareLoop(iface, watchdog);
                control.reportCheckoutsOf(loop[0]);
                connection = control.awaitHandOff();
            }
        } catch (ControlChannel.ServerGoneException e) {
            // the server retired this idle worker or is stopping (it logs both), or it is gone: nobody to tell
            StartupTrace.mark("exiting: " + e.getMessage());
            return EXIT_OK;
        } catch (IOException e) {
            return fail(renewalMillis < 0 ? EXIT_BOOT_FAILED : EXIT_OK, "cannot get a connection: " + e);
        } finally {
            if (warmUp[0] != null) {
                warmUp[0].stop();
            }
        }
        if (gates != null) {
            gates.awaitBaseline(); // before the interface's code runs for the client
        }
        try {
            return serve(loop[0], connection);
        } finally {
            if (control != null) {
                control.close();
            }
            if (warmUp[0] != null) {
                warmUp[0].awaitEnd();
            }
        }
    }

    /**
     * Work that a first request would otherwise pay for, done by the {@link IdleWarmUp} thread once the worker is
     * ready (listening, or announced to the server) while it waits for its connection: off the start-up path, and
     * off the first request's too. Stale bundle caches of dead workers are looked for once per JVM ({@code first}).
     */
    private void prepare(TaskInterface iface, boolean first) {
        try {
            iface.prepare();
            if (first) {
                FelixBoot.deleteStaleCaches();
            }
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
    private RequestLoop prepareLoop(TaskInterface iface, Watchdog watchdog) {
        try {
            RequestLoop.prepareCodec();
        } catch (RuntimeException e) {
            // the first request meets the same problem and answers it
        }
        return new RequestLoop(iface, watchdog, limits);
    }

    private int serve(RequestLoop loop, Connection connection) {
        try (connection) {
            loop.serve(connection.in(), connection.out());
            return CLIENT_DONE;
        } catch (ProtocolException e) {
            return fail(EXIT_CONNECTION_FAILED, "closing the connection: " + e.getMessage());
        } catch (IOException e) {
            return fail(EXIT_CONNECTION_FAILED, "connection failed: " + e);
        }
    }

    /** Says on standard error why this worker exits instead of being renewed; the server shows it. */
    private int notRenewed(String reason) {
        return fail(EXIT_OK, "not renewed: " + reason + "; exiting for a new JVM");
    }

    private int fail(int code, String message) {
        System.err.println("anytask worker " + options.label() + ": " + message);
        return code;
    }
}
