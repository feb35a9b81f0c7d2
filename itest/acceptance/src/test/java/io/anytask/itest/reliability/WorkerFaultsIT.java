package io.anytask.itest.reliability;

import static io.anytask.testsupport.Futures.await;
import static io.anytask.testsupport.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.client.WorkerDiedException;
import io.anytask.itest.Servers;
import io.anytask.testsupport.ProcFs;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, faults: a worker killed with SIGKILL mid-call, out of heap, halting its JVM, or hung past the hung-worker
 * timeout. The caller gets {@code worker connection suddenly died} promptly (the time from the fault to the error
 * is printed; asserted only against a generous bound), the dead worker is reaped (gone from {@code /proc}, no
 * zombie), the pool replaces it and the next checkout is served; at a graceful stop every worker seen exits.
 */
@Timeout(120)
class WorkerFaultsIT {
    /** Generous: the error follows the fault within milliseconds on an idle machine. */
    private static final Duration PROMPT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void aWorkerKilledMidCall() throws Exception {
        try (ServerProcess server = Servers.start(dir, "--ready-workers", "1")) {
            assertDiesAndIsReplaced(server, "SIGKILL", "137", (co, pid) -> {
                CompletableFuture<?> call = co.call("sleep", 30);
                Thread.sleep(300); // the request reaches the worker
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                return call;
            });
        }
    }

    @Test
    void aWorkerOutOfHeap() throws Exception {
        try (ServerProcess server = Servers.start(dir, "--ready-workers", "1",
                "--worker-jvm-option", "-Xmx48m")) {
            assertDiesAndIsReplaced(server, "OutOfMemoryError", "\\d+", (co, pid) -> co.call("allocate", 1000));
        }
    }

    @Test
    void aWorkerHaltingItsJvm() throws Exception {
        try (ServerProcess server = Servers.start(dir, "--ready-workers", "1")) {
            assertDiesAndIsReplaced(server, "Runtime.halt(0)", "0", (co, pid) -> co.call("exit"));
        }
    }

    @Test
    void aWorkerHungPastTheHungWorkerTimeout() throws Exception {
        try (ServerProcess server = Servers.start(dir, "--ready-workers", "1", "--hung-worker-timeout", "1")) {
            assertDiesAndIsReplaced(server, "hung 1 s", "3", (co, pid) -> co.call("sleep", 30));
        }
    }

    /** Makes a fault on a checkout's worker. */
    interface Fault {
        CompletableFuture<?> cause(Checkout checkout, long pid) throws Exception;
    }

    private static void assertDiesAndIsReplaced(ServerProcess server, String fault, String exitCode, Fault cause)
            throws Exception {
        List<Long> seen = new ArrayList<>();
        try (TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint()).maxWorkers(1)
                .timeout(Duration.ofSeconds(60)).build())) {
            long pid;
            try (Checkout co = client.checkout()) {
                pid = await(co.call("pid", Long.class));
                seen.add(pid);
                CompletableFuture<?> call = cause.cause(co, pid);
                long start = System.nanoTime(); // the fault has happened, or its call is on its way
                WorkerDiedException e = failure(call, WorkerDiedException.class);
                Duration toError = Duration.ofNanos(System.nanoTime() - start);
                System.out.printf("reliability: %s: the call failed %d ms after the fault (%s)%n", fault,
                        toError.toMillis(), e.reason());
                assertEquals("worker connection suddenly died", e.reason());
                assertTrue(toError.compareTo(PROMPT.plusSeconds(fault.startsWith("hung") ? 1 : 0)) < 0,
                        fault + ": the error came " + toError.toMillis() + " ms after the call");
            }
            ProcFs.assertGone(List.of(pid), "the dead worker (" + fault + ")");
            System.out.println("reliability: " + fault + ": " + server.awaitLogLine(
                    "worker itest#\\d+ ended \\(pid " + pid + ", exit code " + exitCode + "\\)"));
            try (Checkout next = client.checkout()) {
                long replacement = await(next.call("pid", Long.class));
                seen.add(replacement);
                assertNotEquals(pid, replacement, "a new worker took the dead one's place");
            }
            assertEquals(List.of(), ProcFs.zombieChildren(server.pid()), "zombie children of the server");
            ProcFs.assertNoOrphans(seen, server.pid());
        }
        seen.addAll(server.stop());
        ProcFs.assertGone(seen, "the workers after a graceful stop");
    }
}
