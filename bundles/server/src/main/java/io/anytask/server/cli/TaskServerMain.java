package io.anytask.server.cli;

import io.anytask.server.ServerConfig;
import io.anytask.server.ServerException;
import io.anytask.server.TaskServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import io.anytask.server.internal.ServerLog;

/**
 * The server as a program: {@code anytask server} of the distribution's CLI and the process that
 * {@link TaskServer#fork} starts. Takes the options of {@link ServerArguments}, prints one line starting with
 * {@link #LISTENING} on standard output once it listens, logs to stderr, and stops gracefully on SIGTERM, or when
 * its standard input ends if {@code --keep-alive-stdin} was given.
 */
public final class TaskServerMain {
    /** The start of the line printed on standard output once the server listens; the endpoint follows. */
    public static final String LISTENING = "anytask server listening on ";

    private TaskServerMain() {
    }

    /**
     * Runs the server until it stops, then exits the JVM with {@link #run}'s exit code.
     *
     * @param args the options of {@link ServerArguments}
     */
    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /**
     * Runs the server until it stops.
     *
     * @param args the options of {@link ServerArguments}
     * @param out  where the usage and the listening line go
     * @param err  where errors go
     * @return 0 after a stop, 1 if the server could not start, 2 for bad options
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        ServerArguments parsed;
        try {
            parsed = ServerArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("anytask server: " + e.getMessage());
            err.println("Run 'anytask server --help' for the options.");
            return 2;
        }
        if (parsed.helpRequested()) {
            out.print(ServerArguments.usage());
            return 0;
        }
        logToStandardError();
        TaskServer server;
        try {
            server = TaskServer.start(parsed.config());
        } catch (ServerException e) {
            err.println("anytask server: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "anytask-server-shutdown"));
        out.println(LISTENING + server.endpoint());
        out.flush();
        if (parsed.keepAliveStdin()) {
            watchKeepAlive(System.in, err);
        }
        while (!server.awaitStopped(Duration.ofHours(1))) {
            // A server runs until it is stopped; each wait is bounded so the loop stays interruptible.
        }
        return 0;
    }

    /** The caller of {@link TaskServer#fork} holds the other end of standard input; its end stops the server. */
    private static void watchKeepAlive(InputStream in, PrintStream err) {
        Thread watcher = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // Anything written is ignored: only the end of input matters.
                }
            } catch (IOException e) {
                // A broken pipe means the same as its end: the parent is gone.
            }
            err.println("anytask server: keep-alive input ended; stopping");
            System.exit(0);
        }, "anytask-keep-alive");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void logToStandardError() {
        ServerLog.useStream(System.err);
    }
}
