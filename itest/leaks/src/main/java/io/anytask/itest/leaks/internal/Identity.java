package io.anytask.itest.leaks.internal;

/**
 * The text by which the renewal tests tell worker lives apart: {@code PID:TOKEN}, where each interface passes a
 * TOKEN that its own class made when it was initialised. A new JVM changes both parts; a renewed worker loads the
 * class again through a fresh class loader, so it keeps the PID and changes the TOKEN.
 */
final class Identity {
    private Identity() {
    }

    /** @return {@code PID:TOKEN} for this worker process and {@code token} */
    static String of(long token) {
        return ProcessHandle.current().pid() + ":" + token;
    }
}
