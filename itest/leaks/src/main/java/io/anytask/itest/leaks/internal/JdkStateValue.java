package io.anytask.itest.leaks.internal;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.MemoryHandler;
import java.util.logging.StreamHandler;

/**
 * Leaves a value reachable from JDK state only, with no class of this bundle on the way, so that the bundle's class
 * loader can go while the value stays: a {@link MemoryHandler} (a JDK class) on the root logger keeps a log record
 * whose parameter is the value, and takes no further records.
 *
 * <p>A thread local set on a thread of {@code ForkJoinPool.commonPool()} would not do: on JDK 17 the common pool's
 * threads erase their thread locals after each task they run.
 */
final class JdkStateValue {
    private JdkStateValue() {
    }

    /** Keeps {@code value} until the JVM ends. */
    static void keep(Object value) {
        MemoryHandler holder = new MemoryHandler(new StreamHandler(), 1, Level.OFF); // never pushes
        LogRecord record = new LogRecord(Level.SEVERE, "kept by the anytask leaks bundle");
        record.setParameters(new Object[] {value});
        holder.publish(record);
        holder.setLevel(Level.OFF); // so that the root logger's records do not replace it
        Logger.getLogger("").addHandler(holder);
    }
}
