package io.anytask.server.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Copies a worker's output (stdout and stderr merged) line by line to the server's stderr, each line prefixed
 * with the worker's label, and keeps the last lines to report when the worker fails to boot.
 */
final class OutputTail {
    static final int KEPT_LINES = 20;

    private final ArrayDeque<String> last = new ArrayDeque<>(); // guarded by itself
    private final Thread pump;

    private OutputTail(InputStream output, String label, PrintStream sink) {
        pump = new Thread(() -> copy(output, label, sink), "anytask-output-" + label);
        pump.setDaemon(true);
    }

    static OutputTail start(InputStream output, String label, PrintStream sink) {
        OutputTail tail = new OutputTail(output, label, sink);
        tail.pump.start();
        return tail;
    }

    private void copy(InputStream output, String label, PrintStream sink) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (last) {
                    if (last.size() == KEPT_LINES) {
                        last.removeFirst();
                    }
                    last.addLast(line);
                }
                sink.println("[" + label + "] " + line);
            }
        } catch (IOException e) {
            // The worker's end of the pipe went away with the worker: nothing more to copy.
        }
    }

    /**
     * Waits (bounded) until the worker's output has been read to its end, then returns the last lines.
     *
     * @param waitMillis how long to wait for the end of the output
     * @return up to {@link #KEPT_LINES} last lines, oldest first
     */
    List<String> lastLines(long waitMillis) {
        try {
            pump.join(TimeUnit.MILLISECONDS.toMillis(waitMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (last) {
            return List.copyOf(last);
        }
    }
}
