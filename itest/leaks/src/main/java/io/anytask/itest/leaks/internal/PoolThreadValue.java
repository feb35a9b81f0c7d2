package io.anytask.itest.leaks.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * Leaves a value reachable from JDK state only: it sets a plain {@link ThreadLocal} (which the caller keeps in a
 * static field) on a thread of {@link ForkJoinPool#commonPool()}. Once the bundle's class loader is gone, the
 * ThreadLocal itself is collected, but its value stays in that pool thread's thread-local map, which nothing of the
 * interface's code can reach or clear any more.
 */
final class PoolThreadValue {
    private static final long WAIT_SECONDS = 60;

    private PoolThreadValue() {
    }

    /** Sets {@code local} to {@code value} on a common-pool thread, and waits (bounded) until that is done. */
    static <T> void set(ThreadLocal<T> local, T value) throws Exception {
        ForkJoinPool.commonPool().submit(() -> local.set(value)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
