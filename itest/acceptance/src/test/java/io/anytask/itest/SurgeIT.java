package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Scenario 10, surge: 100 checkouts at once with max workers 5 are all served with the right results. */
class SurgeIT {
    @TempDir
    Path dir;

    @Test
    void aHundredCheckoutsAtOnce() throws Exception {
        try (ServerProcess server = Servers.start(dir);
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint())
                     .maxWorkers(5).build())) {
            List<CompletableFuture<JsonNode>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                try (Checkout co = client.checkout()) {
                    results.add(co.call("echo", i, "x" + i));
                }
            }
            for (int i = 0; i < 100; i++) {
                JsonNode r = await(results.get(i));
                assertEquals(i, r.get(0).asInt());
                assertEquals("x" + i, r.get(1).asText());
            }
            assertTrue(client.stats().workersIdle() + client.stats().workersBusy() <= 5);
            assertEquals(100, client.stats().calls());
        }
    }
}
