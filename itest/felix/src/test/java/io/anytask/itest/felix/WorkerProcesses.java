package io.anytask.itest.felix;

import io.anytask.server.TaskServer;
import io.anytask.server.WorkerInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The worker JVMs the tests have seen, so that none survives a test. The servers run inside this JVM (the
 * container is native), so every worker is a descendant of this process: after a test, anything still alive among
 * the seen PIDs and this JVM's descendants is a leak, killed and reported.
 */
final class WorkerProcesses {
    private static final Set<Long> SEEN = ConcurrentHashMap.newKeySet();

    private WorkerProcesses() {
    }

    /** The server's workers now, their PIDs remembered. */
    static List<WorkerInfo> list(TaskServer server) {
        List<WorkerInfo> workers = server.listWorkers();
        workers.forEach(worker -> SEEN.add(worker.pid()));
        return workers;
    }

    /** Whether the process {@code pid} is alive. */
    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits until every process of {@code pids} has ended. */
    static void awaitEnded(Collection<Long> pids) throws InterruptedException {
        Await.until("the end of processes " + pids, () -> pids.stream().noneMatch(WorkerProcesses::alive));
    }

    /**
     * Waits for every seen worker and every child process of this JVM to end; kills those that do not.
     *
     * @throws AssertionError naming the processes that had to be killed
     */
    static void awaitAllEnded() throws InterruptedException {
        try {
            Await.until("the end of worker processes " + survivors(), () -> survivors().isEmpty());
        } catch (AssertionError e) {
            List<ProcessHandle> killed = survivors();
            killed.forEach(ProcessHandle::destroyForcibly);
            // No cause: Pax Exam reports the root cause of a failure in the container, which would hide this.
            throw new AssertionError("processes survived the test by " + Await.LONG.toSeconds()
                    + " s and were killed: " + describe(killed));
        } finally {
            SEEN.removeIf(pid -> !alive(pid));
        }
    }

    private static List<ProcessHandle> survivors() {
        List<ProcessHandle> alive = new ArrayList<>();
        SEEN.stream().map(ProcessHandle::of).flatMap(Optional::stream).filter(ProcessHandle::isAlive)
                .forEach(alive::add);
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(process -> !SEEN.contains(process.pid())).forEach(alive::add);
        return alive;
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(process -> process.pid() + " " + process.info().commandLine().orElse("?"))
                .collect(Collectors.joining("; "));
    }
}
