package io.anytask.examples.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.protocol.DeferredLog;
import io.anytask.registry.InterfaceRegistry;
import io.anytask.registry.TaskLifecycle;
import io.anytask.registry.TaskLog;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code conformance}, in the method-dispatch form: the methods that the acceptance scenarios
 * (SPEC.md section 8) and the wire-compatibility tests call. Setup sets the counter to 100.
 */
@Component(service = ConformanceInterface.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=conformance")
public class ConformanceInterface implements TaskLifecycle {
    /**
     * Made when this class is initialised: differs in a new worker JVM and in a renewed worker (whose bundles are
     * installed again, so the class is loaded again by a fresh class loader), stable within one worker life.
     */
    private static final long TOKEN = System.nanoTime();

    /** Counters of this worker; a worker calls from one thread at a time. */
    private int counter;
    private int checkoutsDone;

    @Override
    public void setup() {
        counter = 100;
    }

    @Override
    public void checkoutDone() {
        checkoutsDone++;
    }

    /** Returns its arguments, as a list. */
    public List<JsonNode> echo(JsonNode... args) {
        return List.of(args);
    }

    /** Adds one to the counter that setup set to 100, and returns it. */
    public int count() {
        return ++counter;
    }

    /** How many times checkout done ran in this worker. */
    public int checkoutsDone() {
        return checkoutsDone;
    }

    /** Throws, with the message {@code failure: MESSAGE} (the Perl conformance interface's text, less its newline). */
    public Object fail(String message) {
        throw new IllegalStateException("failure: " + message);
    }

    /** Logs an info line with {@code word}, a warning, a timer {@code inner} and the data key {@code k}. */
    public String log(String word) {
        TaskLog.info("worker says", word);
        TaskLog.warn("careful");
        try (DeferredLog.Timer timer = TaskLog.timer("inner")) {
            TaskLog.data("k", "v");
        }
        return "logged";
    }

    /** Logs a line, then fails: the log must still travel back. */
    public Object logThenFail(String word) {
        TaskLog.info("before failing", word);
        throw new IllegalStateException("failure after logging: " + word);
    }

    /** A string of {@code n} characters {@code x}. */
    public String big(int n) {
        return "x".repeat(n);
    }

    /** Ends the worker process in the middle of the request, without a reply. */
    public Object exit() {
        Runtime.getRuntime().halt(0);
        return null;
    }

    /**
     * Allocates {@code megabytes} MB in 1 MB arrays, kept until the call returns, then returns how many it kept: with
     * more than the worker's heap ({@code -Xmx}) it ends in an {@link OutOfMemoryError}, which ends the worker.
     */
    public int allocate(int megabytes) {
        List<byte[]> kept = new java.util.ArrayList<>();
        for (int i = 0; i < megabytes; i++) {
            kept.add(new byte[1 << 20]);
        }
        return kept.size();
    }

    /** Sleeps {@code seconds} (fractions allowed), then returns them. */
    public double sleep(double seconds) throws InterruptedException {
        Thread.sleep(Math.round(seconds * 1000));
        return seconds;
    }

    /** The worker's process id. */
    public long pid() {
        return ProcessHandle.current().pid();
    }

    /**
     * Tells workers apart by state, as SPEC.md section 8 asks: {@code PID:TOKEN}, where TOKEN is made when this
     * class is initialised. Two calls return the same text only if they ran in one worker life: a new JVM changes
     * both parts, a renewed worker (SPEC.md section 9) keeps its PID and changes its TOKEN.
     */
    public String identity() {
        return ProcessHandle.current().pid() + ":" + TOKEN;
    }

    /** Returns JSON {@code null} (the Perl interface's {@code undef}). */
    public Object undefv() {
        return null;
    }

    /** Returns an object that is not plain data: answered {@code interface returned object: ...}. */
    public Object object() {
        return new SomeClass();
    }

    /** Returns a record that Jackson cannot encode: answered {@code error JSON encoding interface output: ...}. */
    public Object unencodable() {
        return new Unencodable("never read");
    }

    /** A class with state and no data form. */
    public static final class SomeClass {
        private final Thread owner = Thread.currentThread();

        @Override
        public String toString() {
            return "SomeClass owned by " + owner.getName();
        }
    }

    /** A record whose component cannot be read. */
    public record Unencodable(String value) {
        @Override
        public String value() {
            throw new IllegalStateException("this value cannot be encoded");
        }
    }
}
