package io.anytask.worker.internal;

import io.anytask.protocol.Message;
import io.anytask.protocol.MessageDecoder;
import io.anytask.protocol.MessageEncoder;
import io.anytask.protocol.ProtocolException;
import io.anytask.registry.InterfaceTracker;
import io.anytask.registry.TaskInterface;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One worker process's life: boot Felix with the home's bundles and the user's, find the interface, get the one
 * connection, serve it, stop.
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
        List<Path> bundles = new ArrayList<>(home.systemBundles());
        bundles.addAll(options.bundles());
        Map<String, String> properties = new HashMap<>();
        home.frameworkProperties().forEach((k, v) -> properties.put((String) k, (String) v));
        FelixBoot felix;
        TaskInterface iface;
        try {
            felix = FelixBoot.start(properties, bundles);
        } catch (BootException e) {
            return fail(EXIT_BOOT_FAILED, e.getMessage());
        }
        try (FelixBoot closing = felix; InterfaceTracker registry = InterfaceTracker.open(felix.context())) {
            if (options.mode() == WorkerOptions.Mode.WARM_UP) {
                warmUp();
                return EXIT_OK;
            }
            try {
                iface = registry.await(options.interfaceName(), options.interfaceWait());
            } catch (RuntimeException e) {
                return fail(EXIT_BOOT_FAILED, e.getMessage());
            }
            Connection connection;
            try {
                connection = options.mode() == WorkerOptions.Mode.ACCEPT_UNIX
                        ? UnixAcceptor.acceptOnce(options.socket().orElseThrow())
                        : ControlChannel.connect(options.socket().orElseThrow()).awaitHandOff();
            } catch (ControlChannel.ServerGoneException e) {
                return fail(EXIT_OK, e.getMessage());
            } catch (IOException e) {
                return fail(EXIT_BOOT_FAILED, "cannot get a connection: " + e);
            }
            return serve(iface, connection, felix);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(EXIT_BOOT_FAILED, "interrupted while waiting for interface " + options.interfaceName());
        }
    }

    private int serve(TaskInterface iface, Connection connection, FelixBoot felix) {
        Watchdog watchdog = new Watchdog(options.hungWorkerTimeout(), felix::deleteCache);
        try (connection) {
            new RequestLoop(iface, watchdog).serve(connection.in(), connection.out());
            return EXIT_OK;
        } catch (ProtocolException e) {
            return fail(EXIT_CONNECTION_FAILED, "closing the connection: " + e.getMessage());
        } catch (IOException e) {
            return fail(EXIT_CONNECTION_FAILED, "connection failed: " + e);
        }
    }

    /** Runs the codec once, so that a class-data-sharing archive made from this run covers a request's classes. */
    private static void warmUp() {
        byte[] request = "[\"do\",{},\"echo\",1,2.5,\"\\u00e9\",[true,null],{\"k\":\"v\"}][\"dn\",{}]"
                .getBytes(StandardCharsets.UTF_8);
        for (Message message : new MessageDecoder().feed(request)) {
            if (message instanceof Message.Do request1) {
                MessageEncoder.instance().encode(new Message.Ok(request1.meta(), request1.args().get(1)));
                MessageEncoder.instance().encode(new Message.Er("warm-up"));
            }
        }
    }

    private int fail(int code, String message) {
        System.err.println("anytask worker " + options.label() + ": " + message);
        return code;
    }
}
