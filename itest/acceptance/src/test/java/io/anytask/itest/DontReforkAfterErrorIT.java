package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static io.anytask.testsupport.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anytask.client.Checkout;
import io.anytask.client.InterfaceFailedException;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 2, dont_refork_after_error: the same worker serves the checkout after two errors, and the next one. The
 * same worker means the same worker life, which {@code identity()} names (a renewed worker would keep its PID).
 */
class DontReforkAfterErrorIT {
    @TempDir
    Path dir;

    @Test
    void theSameWorkerIsKeptAfterErrors() throws Exception {
        try (ServerProcess server = Servers.start(dir);
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint())
                     .maxWorkers(1).keepWorkerAfterError(true).build())) {
            String identity;
            try (Checkout co = client.checkout()) {
                identity = await(co.call("identity", String.class));
                failure(co.call("fail", "one"), InterfaceFailedException.class);
                failure(co.call("fail", "two"), InterfaceFailedException.class);
                assertEquals(identity, await(co.call("identity", String.class)));
            }
            try (Checkout next = client.checkout()) {
                assertEquals(identity, await(next.call("identity", String.class)));
            }
        }
    }
}
