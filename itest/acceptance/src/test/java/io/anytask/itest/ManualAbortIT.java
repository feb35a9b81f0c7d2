package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static io.anytask.testsupport.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.CheckoutAbortedException;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 5, manual abort: the running call and every later call fail with the caller's message. */
class ManualAbortIT {
    @TempDir
    Path dir;

    @Test
    void abortFailsTheRunningCallAndEveryLaterOne() throws Exception {
        try (ServerProcess server = Servers.start(dir, "--hung-worker-timeout", "30");
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint()).build());
             Checkout co = client.checkout()) {
            await(co.call("pid"));
            CompletableFuture<JsonNode> running = co.call("sleep", 20);
            co.abort("aborted by the caller");
            CheckoutAbortedException e = failure(running, CheckoutAbortedException.class);
            assertEquals("aborted by the caller", e.reason());
            CheckoutAbortedException later = failure(co.call("pid"), CheckoutAbortedException.class);
            assertEquals("aborted by the caller", later.reason());
        }
    }
}
