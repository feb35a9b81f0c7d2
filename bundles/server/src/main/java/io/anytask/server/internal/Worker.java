package io.anytask.server.internal;

import io.anytask.protocol.WorkerControl;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.OptionalLong;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * One worker JVM as the server sees it: its process, its output and, once it reported ready, its control
 * connection. The pool owns the worker's state; the control connection is set before the worker is published as
 * ready (again after each renewal, which brings a new one), and used by the one thread that hands the worker out.
 */
final class Worker {
    /** What a ready worker says on its control connection once its idle warm-up is over. */
    static final byte[] WARM_LINE = WorkerControl.warmLine();

    private final int number;
    private final String label;
    private final Process process;
    private final OutputTail output;
    private final long startedNanos;
    private final Instant startedAt;
    /** Set once the client's descriptor was passed: the control connection then carries only served queries. */
    private volatile boolean servingDirectly;
    /** Served queries that timed out; guarded by this worker's monitor. */
    private int lateAnswers;
    private volatile AFUNIXSocket control;
    /** Whether the worker said {@code warm}: set under the pool's lock, read by the thread that hands it out. */
    private volatile boolean warm;
    /** Times this JVM was renewed for a next client; written under the pool's lock. */
    private volatile int renewals;
    /** When it last became ready ({@link System#nanoTime()}); used under the pool's lock. */
    private long readySinceNanos;

    Worker(int number, String label, Process process, OutputTail output) {
        this.number = number;
        this.label = label;
        this.process = process;
        this.output = output;
        this.startedNanos = System.nanoTime();
        this.startedAt = Instant.now();
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

    Instant startedAt() {
        return startedAt;
    }

    /** After a direct hand-off: from now on the control connection carries served queries and their answers. */
    void servingDirectly() {
        servingDirectly = true;
    }

    /**
     * Asks a worker that serves a passed connection how many checkouts it has served: writes {@code ?} on its
     * control connection and reads its {@code served N} line. One query at a time per worker.
     *
     * @param timeout how long to wait for the answer
     * @return the count, or empty when the worker serves a relayed connection, is gone or did not answer in time
     */
    synchronized OptionalLong checkoutsServed(Duration timeout) {
        AFUNIXSocket c = control;
        if (!servingDirectly || c == null || c.isClosed()) {
            return OptionalLong.empty();
        }
        try {
            c.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            c.getOutputStream().write(WorkerControl.SERVED_QUERY);
            c.getOutputStream().flush();
            while (true) {
                String line = readLine(c.getInputStream());
                if (WorkerControl.isWarm(line)) {
                    continue; // written just before the worker read the hand-off byte, unread by the pool
                }
                OptionalLong served = WorkerControl.parseServed(line);
                if (served.isEmpty()) {
                    throw new IOException("not a served line: " + line);
                }
                if (lateAnswers > 0) {
                    lateAnswers--; // the answer to an earlier query that timed out
                    continue;
                }
                return served;
            }
        } catch (SocketTimeoutException e) {
            lateAnswers++; // its answer may still come: dropped by the next query
            return OptionalLong.empty();
        } catch (IOException e) {
            // the worker is gone or does not follow the contract: ask it no more
            servingDirectly = false;
            return OptionalLong.empty();
        }
    }

    /** A line of at most {@link WorkerControl#MAX_LINE} bytes, without its newline. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0 || line.length() >= WorkerControl.MAX_LINE) {
                throw new IOException(b < 0 ? "control connection ended" : "line too long: " + line);
            }
            line.append((char) b);
        }
        return line.toString();
    }

    AFUNIXSocket control() {
        return control;
    }

    void control(AFUNIXSocket control) {
        this.control = control;
    }

    /** Notes when the worker became ready; under the pool's lock. */
    void readySince(long nanoTime) {
        readySinceNanos = nanoTime;
    }

    /** @return when the worker last became ready ({@link System#nanoTime()}); under the pool's lock */
    long readySince() {
        return readySinceNanos;
    }

    /** @return how many times this JVM has been renewed for a next client */
    int renewals() {
        return renewals;
    }

    /**
     * The worker ended its client connection, renewed itself and announced itself again on a new control
     * connection: the old one is closed and forgotten, with what it said (warm, served queries).
     */
    synchronized void renewed(AFUNIXSocket newControl) {
        closeControl();
        control = newControl;
        servingDirectly = false;
        lateAnswers = 0;
        warm = false;
        renewals++;
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
