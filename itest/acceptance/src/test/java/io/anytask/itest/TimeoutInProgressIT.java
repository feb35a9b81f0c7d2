package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static io.anytask.testsupport.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anytask.client.Checkout;
import io.anytask.client.CheckoutOptions;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.client.TaskTimeoutException;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 13, timeout in progress: a 0.4 s request on a 0.2 s checkout times out. */
class TimeoutInProgressIT {
    @TempDir
    Path dir;

    @Test
    void aSlowRequestTimesOut() throws Exception {
        try (ServerProcess server = Servers.start(dir);
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint()).build())) {
            try (Checkout warm = client.checkout()) {
                await(warm.call("pid")); // a worker is connected: the timeout below is the request's, not the boot's
            }
            try (Checkout co = client.checkout(CheckoutOptions.defaults().withTimeout(Duration.ofMillis(200)))) {
                TaskTimeoutException e = failure(co.call("sleep", 0.4), TaskTimeoutException.class);
                assertEquals("timed out after 0.2 seconds", e.reason());
                assertEquals(e, failure(co.call("pid"), TaskTimeoutException.class));
            }
        }
    }
}
