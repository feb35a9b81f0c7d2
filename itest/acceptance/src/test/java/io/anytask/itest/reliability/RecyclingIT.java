package io.anytask.itest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.client.ClientStats;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.itest.Servers;
import io.anytask.testsupport.ProcFs;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, load: recycling under concurrency. A client with max checkouts 1 retires its worker after every
 * checkout (a new connection, a renewal on the server) while 8 callers make 2,000 checkouts: all complete, each with
 * its own result, once; no deadlock (the round is bounded); the server's workers stay within its cap.
 */
@Timeout(240)
class RecyclingIT {
    private static final int CALLERS = 8;
    private static final int CHECKOUTS = 2_000;

    @TempDir
    Path dir;

    @Test
    void twoThousandRecycledCheckoutsFromEightCallers() throws Exception {
        try (ServerProcess server = Servers.start(dir, "--max-workers", "8")) {
            List<Long> seen = new ArrayList<>();
            try (TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint()).maxWorkers(8)
                    .maxCheckouts(1).timeout(Duration.ofSeconds(60)).build())) {
                long millis = Callers.run(client, CALLERS, CHECKOUTS, 180);
                ClientStats stats = client.stats();
                System.out.printf("reliability: %d checkouts with max checkouts 1 from %d callers in %d ms; %s%n",
                        CHECKOUTS, CALLERS, millis, stats);
                assertEquals(CHECKOUTS, stats.calls());
                assertEquals(0, stats.errors());
                assertTrue(stats.retirements() >= CHECKOUTS - 8, "retired after each checkout: " + stats);
                seen.addAll(server.workerPids());
                assertTrue(seen.size() <= 8, "the server's workers: " + seen);
            }
            assertEquals(List.of(), ProcFs.zombieChildren(server.pid()), "zombie children of the server");
            seen.addAll(server.stop());
            ProcFs.assertGone(seen, "the workers after a graceful stop");
        }
    }
}
