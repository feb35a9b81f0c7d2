package io.anytask.worker.internal;

/**
 * With {@code -Danytask.worker.trace=true}, writes the time since JVM start of each start-up phase to standard
 * error: the figures behind the start-up benchmark. Off by default, and then costs one boolean test per phase.
 */
public final class StartupTrace {
    private static final boolean ENABLED = Boolean.getBoolean("anytask.worker.trace");

    private StartupTrace() {
    }

    /** Records that {@code phase} is done. */
    public static void mark(String phase) {
        if (ENABLED) {
            long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
            long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
            System.err.println("anytask worker trace: " + uptime + " ms since JVM start, " + cpu + " ms CPU of this"
                    + " thread, " + phase);
        }
    }
}
