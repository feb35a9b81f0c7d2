package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 7, sequential: one worker serves checkouts in the order made, queued calls first. */
class SequentialIT {
    @TempDir
    Path dir;

    @Test
    void checkoutsAreServedInTheOrderMade() throws Exception {
        try (ServerProcess server = Servers.start(dir);
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint())
                     .maxWorkers(1).build())) {
            List<CompletableFuture<Integer>> counts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Checkout co = client.checkout();
                counts.add(co.call("count", Integer.class));
                counts.add(co.call("count", Integer.class));
                co.close(); // released with its calls still queued: they run before the next checkout
            }
            for (int i = 0; i < counts.size(); i++) {
                assertEquals(101 + i, await(counts.get(i)));
            }
        }
    }
}
