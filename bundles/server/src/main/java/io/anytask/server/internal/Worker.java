package io.anytask.server.internal;

import java.io.IOException;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * One worker JVM as the server sees it: its process, its output and, once it reported ready, its control
 * connection. The pool owns the worker's state; the control connection is set once, before the worker is
 * published as ready, and used by the one thread that hands the worker out.
 */
final class Worker {
    private final int number;
    private final String label;
    private final Process process;
    private final OutputTail output;
    private final long startedNanos;
    private volatile AFUNIXSocket control;

    Worker(int number, String label, Process process, OutputTail output) {
        this.number = number;
        this.label = label;
        this.process = process;
        this.output = output;
        this.startedNanos = System.nanoTime();
    }

    int number() {
        return number;
    }

    /** @return {@code NAME#N}, the worker's name in logs and {@code ps} */
    String label() {
        return label;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    OutputTail output() {
        return output;
    }

    long millisSinceStart() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    AFUNIXSocket control() {
        return control;
    }

    void control(AFUNIXSocket control) {
        this.control = control;
    }

    /** Closes the control connection, if any: an idle worker exits when it sees it close. */
    void closeControl() {
        AFUNIXSocket c = control;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // Closing only releases our end; the worker sees EOF either way.
            }
        }
    }

    @Override
    public String toString() {
        return "worker " + label + " (pid " + pid() + ")";
    }
}
