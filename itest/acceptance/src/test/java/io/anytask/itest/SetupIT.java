package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 9, setup: it runs once per worker, before the first request (counter 100, then 101, 102). */
class SetupIT {
    @TempDir
    Path dir;

    @Test
    void setupRunsOncePerWorkerBeforeTheFirstRequest() throws Exception {
        try (ServerProcess server = Servers.start(dir);
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint())
                     .maxWorkers(1).build())) {
            try (Checkout co = client.checkout()) {
                assertEquals(101, await(co.call("count", Integer.class)));
                assertEquals(102, await(co.call("count", Integer.class)));
            }
            try (Checkout co = client.checkout()) {
                assertEquals(103, await(co.call("count", Integer.class)));
                assertEquals(1, await(co.call("checkoutsDone", Integer.class)), "checkout done ran once");
            }
        }
    }
}
