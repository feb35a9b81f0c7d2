package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static io.anytask.testsupport.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anytask.client.Checkout;
import io.anytask.client.SetupFailedException;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 8, setup errors: setup's exception reaches the client as {@code setup exception: ...}, and the next
 * checkout gets a fresh worker. The interface's setup fails only the first time in each worker, so a second
 * setup error proves a fresh worker; with the worker kept after the error, its second request succeeds instead.
 */
class SetupErrorsIT {
    @TempDir
    Path dir;

    @Test
    void setupErrorsReachTheClientAndTheNextCheckoutGetsAFreshWorker() throws Exception {
        try (ServerProcess server = Servers.startFor(dir, "conformance-setup-fails-once");
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint())
                     .maxWorkers(1).build())) {
            for (int i = 0; i < 2; i++) {
                try (Checkout co = client.checkout()) {
                    SetupFailedException e = failure(co.call("anything"), SetupFailedException.class);
                    assertEquals("setup exception: setup failed on purpose (attempt 1)", e.reason().strip());
                }
            }
        }
    }

    @Test
    void aWorkerKeptAfterTheErrorRunsSetupAgain() throws Exception {
        try (ServerProcess server = Servers.startFor(dir, "conformance-setup-fails-once");
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint())
                     .maxWorkers(1).keepWorkerAfterError(true).build())) {
            try (Checkout co = client.checkout()) {
                failure(co.call("anything"), SetupFailedException.class);
            }
            try (Checkout co = client.checkout()) {
                assertEquals(2, await(co.call("anything")).get(0).asInt());
            }
        }
    }

    @Test
    void aSetupThatAlwaysFails() throws Exception {
        try (ServerProcess server = Servers.startFor(dir, "conformance-setup-fails");
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint()).build());
             Checkout co = client.checkout()) {
            SetupFailedException e = failure(co.call("anything"), SetupFailedException.class);
            assertEquals("setup exception: setup always fails", e.reason().strip());
        }
    }
}
