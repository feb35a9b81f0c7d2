package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.Endpoint;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 6, max_checkouts = 2 with one worker: checkouts 1 and 2 share a worker, checkout 3 gets a new one. A new
 * worker may be the old process renewed, so workers are told apart by {@code identity()}, not by PID.
 */
class MaxCheckoutsIT {
    @TempDir
    Path dir;

    @Test
    void aWorkerIsRetiredAfterMaxCheckouts() throws Exception {
        try (ServerProcess server = Servers.start(dir);
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint())
                     .maxWorkers(1).maxCheckouts(2).build())) {
            String[] identities = new String[4];
            for (int i = 0; i < 4; i++) {
                try (Checkout co = client.checkout()) {
                    identities[i] = await(co.call("identity", String.class));
                }
            }
            assertEquals(identities[0], identities[1]);
            assertNotEquals(identities[1], identities[2], "checkout 3 has a fresh worker");
            assertEquals(identities[2], identities[3], "the server kept accepting");
            assertTrue(Files.exists(((Endpoint.Unix) server.endpoint()).path()),
                    "no worker removed the server's socket file");
        }
    }
}
