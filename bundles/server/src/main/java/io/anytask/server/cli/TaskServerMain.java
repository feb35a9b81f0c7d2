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
 * The server as a program: the process that {@link TaskServer#fork} starts, and what the distribution's
 * {@code anytask server} runs once it has read its options ({@link #serve}). Takes the options of
 * {@link ServerArguments}, prints one line starting with {@link #LISTENING} on standard output once it listens, logs
 * to stderr, and stops gracefully on SIGTERM, or when its standard input ends if {@code --keep-alive-stdin} was
 * given. Its help is that of {@code anytask server --help}; this entry point has none of its own.
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
     * @param out  where the listening line goes
     * @param err  where errors go
     * @return 0 after a stop, 1 if the server could not start, 2 for bad options
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println("The server process of TaskServer.fork; its options are those of 'anytask server --help'.");
            return 0;
        }
        ServerArguments parsed;
        try {
            parsed = ServerArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("anytask server: " + e.getMessage());
            err.println("Run 'anytask server --help' for the options.");
            return 2;
        }
        return serve(parsed.config(), parsed.keepAliveStdin(), out, err);
    }

    /**
     * Starts a server and runs it until it stops: logs to stderr, prints the {@link #LISTENING} line, stops
     * gracefully on SIGTERM.
     *
     * @param config         the server's configuration
     * @param keepAliveStdin true to stop gracefully, and exit the JVM, when standard input ends
     * @param out            where the listening line goes
     * @param err            where errors go
     * @return 0 after a stop, 1 if the server could not start
     */
    public static int serve(ServerConfig config, boolean keepAliveStdin, PrintStream out, PrintStream err) {
        logToStandardError();
        TaskServer server;
        try {
            server = TaskServer.start(config);
        } catch (ServerException e) {
            err.println("anytask server: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "anytask-server-shutdown"));
        out.println(LISTENING + server.endpoint());
        out.flush();
        if (keepAliveStdin) {
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
