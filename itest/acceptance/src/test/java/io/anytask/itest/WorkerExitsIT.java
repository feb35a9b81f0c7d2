package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static io.anytask.testsupport.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.client.WorkerDiedException;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 15, worker exits: the call fails with the worker's death, and so does every later call. */
class WorkerExitsIT {
    @TempDir
    Path dir;

    @Test
    void aWorkerThatExitsMidRequest() throws Exception {
        try (ServerProcess server = Servers.start(dir);
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint()).build())) {
            try (Checkout co = client.checkout()) {
                WorkerDiedException e = failure(co.call("exit"), WorkerDiedException.class);
                assertEquals("worker connection suddenly died", e.reason());
                assertSame(e, failure(co.call("pid"), WorkerDiedException.class));
            }
            try (Checkout next = client.checkout()) {
                await(next.call("pid")); // the pool replaced the dead worker
            }
        }
    }
}
