package io.anytask.itest;

import static io.anytask.testsupport.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anytask.client.Checkout;
import io.anytask.client.CheckoutOptions;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.client.TaskTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 11, timeout connect: with no server at all, a checkout with a 0.2 s timeout times out. */
class TimeoutConnectIT {
    @TempDir
    Path dir;

    @Test
    void noServerMeansATimeout() {
        try (TaskClient client = TaskClient.create(TaskClientConfig.builder("unix:" + dir.resolve("none.sock"))
                .build());
             Checkout co = client.checkout(CheckoutOptions.defaults().withTimeout(Duration.ofMillis(200)))) {
            TaskTimeoutException e = failure(co.call("pid"), TaskTimeoutException.class);
            assertEquals("timed out after 0.2 seconds", e.reason());
        }
    }
}
