package io.anytask.server.it;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/** Process checks for the tests, all bounded in time. */
final class Processes {
    private Processes() {
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits until none of the processes runs; returns true if that happened within {@code timeout}. */
    static boolean awaitAllGone(Collection<Long> pids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pids.stream().noneMatch(Processes::alive)) {
                return true;
            }
            Thread.sleep(50);
        }
        return pids.stream().noneMatch(Processes::alive);
    }

    static void killAll(Collection<Long> pids) {
        for (long pid : pids) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            handle.ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
