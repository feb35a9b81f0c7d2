package io.anytask.itest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.itest.Servers;
import io.anytask.testsupport.ProcFs;
import io.anytask.testsupport.ServerProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, load and leaks: rounds of 10,000 checkouts from 16 concurrent callers on a client and a server with at
 * most 8 workers. Every checkout is served with its own result, once; after each round the client's and the
 * server's open file descriptors and threads, and the server's worker processes, come back to what they were after
 * a warm-up round (within {@link #TOLERANCE}, polled for up to {@link #SETTLE_SECONDS} s); the client's heap in use
 * after a GC does not grow from round to round beyond {@link #HEAP_GROWTH_MB} MB.
 */
@Timeout(300)
class LoadAndLeaksIT {
    private static final int CALLERS = 16;
    private static final int WORKERS = 8;
    private static final int WARM_UP = 1_000;
    private static final int CHECKOUTS = 10_000;
    private static final int ROUNDS = 3;
    /** Descriptors and threads that may come and go without a leak (a JIT or GC helper, a timer thread). */
    private static final int TOLERANCE = 4;
    private static final long SETTLE_SECONDS = 5;
    /** Heap after GC may move by this much between rounds (allocation noise, caches that fill once). */
    private static final long HEAP_GROWTH_MB = 16;

    @TempDir
    Path dir;

    /** Open descriptors and threads of the client (this JVM) and of the server, and the server's workers. */
    record Figures(int clientFiles, int clientThreads, int serverFiles, int serverThreads, int workers) {
        static Figures of(ServerProcess server) throws IOException {
            String pid = Long.toString(server.pid());
            return new Figures(ProcFs.openFiles("self"), Thread.getAllStackTraces().size(), ProcFs.openFiles(pid),
                    ProcFs.threads(pid), server.workerPids().size());
        }

        boolean within(Figures baseline) {
            return clientFiles <= baseline.clientFiles + TOLERANCE && clientThreads <= baseline.clientThreads
                    + TOLERANCE && serverFiles <= baseline.serverFiles + TOLERANCE && serverThreads
                    <= baseline.serverThreads + TOLERANCE && workers <= baseline.workers;
        }
    }

    @Test
    void roundsOfTenThousandCheckoutsLeaveNothingBehind() throws Exception {
        try (ServerProcess server = Servers.start(dir, "--max-workers", Integer.toString(WORKERS))) {
            List<Long> seen = new ArrayList<>();
            try (TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint())
                    .maxWorkers(WORKERS).timeout(Duration.ofSeconds(60)).build())) {
                Callers.run(client, CALLERS, WARM_UP, 120);
                Thread.sleep(500);
                Figures baseline = Figures.of(server);
                seen.addAll(server.workerPids());
                List<Long> heap = new ArrayList<>();
                for (int round = 1; round <= ROUNDS; round++) {
                    long millis = Callers.run(client, CALLERS, CHECKOUTS, 120);
                    Figures after = settle(server, baseline);
                    seen.addAll(server.workerPids());
                    heap.add(heapAfterGc());
                    System.out.printf("reliability: round %d: %d checkouts from %d callers in %d ms; baseline %s,"
                            + " after %s; heap after GC %d KB%n", round, CHECKOUTS, CALLERS, millis, baseline, after,
                            heap.get(heap.size() - 1) / 1024);
                    assertTrue(after.within(baseline), "round " + round + ": " + after + " against the baseline "
                            + baseline + " (tolerance " + TOLERANCE + ")");
                }
                long growth = heap.get(ROUNDS - 1) - heap.get(0);
                assertTrue(growth < HEAP_GROWTH_MB << 20, "the client's heap after GC grew by " + growth / 1024
                        + " KB from round 1 to round " + ROUNDS + ": " + heap);
                assertEquals((long) (WARM_UP + ROUNDS * CHECKOUTS), client.stats().calls());
            }
            assertEquals(List.of(), ProcFs.zombieChildren(server.pid()), "zombie children of the server");
            seen.addAll(server.stop());
            ProcFs.assertGone(seen, "the workers after a graceful stop");
        }
    }

    /** Polls the figures until they are within the baseline's tolerance, for up to {@link #SETTLE_SECONDS} s. */
    private static Figures settle(ServerProcess server, Figures baseline) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
        Figures now = Figures.of(server);
        while (!now.within(baseline) && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
            now = Figures.of(server);
        }
        return now;
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
