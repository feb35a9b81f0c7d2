package io.anytask.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * One worker JVM as the server sees it: its process, its output and, once it reported ready, its control
 * connection. The pool owns the worker's state; the control connection is set once, before the worker is
 * published as ready, and used by the one thread that hands the worker out.
 */
final class Worker {
    /** What a ready worker says on its control connection once its idle warm-up is over. */
    static final byte[] WARM_LINE = "warm\n".getBytes(StandardCharsets.US_ASCII);

    private final int number;
    private final String label;
    private final Process process;
    private final OutputTail output;
    private final long startedNanos;
    private volatile AFUNIXSocket control;
    /** Whether the worker said {@code warm}: set under the pool's lock, read by the thread that hands it out. */
    private volatile boolean warm;

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

    /** Whether the worker has said {@code warm}, as far as {@link #pollWarm()} has seen. */
    boolean isWarm() {
        return warm;
    }

    /**
     * Reads the worker's {@code warm} line if it has arrived, without blocking (the bytes are there when
     * {@code available} says so). Called under the pool's lock, before the hand-off only.
     *
     * @return true if the worker has just become warm, false if it was already or is not yet
     * @throws IOException if the worker sent something else: it no longer follows the hand-off contract
     */
    boolean pollWarm() throws IOException {
        AFUNIXSocket c = control;
        if (warm || c == null) {
            return false;
        }
        InputStream in = c.getInputStream();
        if (in.available() < WARM_LINE.length) {
            return false;
        }
        byte[] line = in.readNBytes(WARM_LINE.length);
        if (!Arrays.equals(line, WARM_LINE)) {
            throw new IOException("unexpected bytes on the control connection of " + this + ": "
                    + new String(line, StandardCharsets.ISO_8859_1).replace("\n", "\\n") + " (expected: warm)");
        }
        warm = true;
        return true;
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
