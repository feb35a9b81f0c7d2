package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC.md section 6, zero-downtime restart: a checkout made while the server is down is served once it is up,
 * within its timeout, with no error; and again across a server restart.
 */
class ServerStartsLaterIT {
    @TempDir
    Path dir;

    @Test
    void checkoutsMadeWhileTheServerIsDownAreServedWhenItComesUp() throws Exception {
        Path socket = dir.resolve("server.sock");
        try (TaskClient client = TaskClient.create(TaskClientConfig.builder("unix:" + socket)
                .timeout(Duration.ofSeconds(90)).build())) {
            Checkout early = client.checkout();
            CompletableFuture<JsonNode> before = early.call("echo", "queued before start");
            early.close();
            try (ServerProcess server = Servers.start(dir)) {
                assertEquals("queued before start", await(before).get(0).asText());
            }
            Checkout during = client.checkout();
            CompletableFuture<JsonNode> restarted = during.call("echo", "queued while down");
            during.close();
            try (ServerProcess again = Servers.start(dir)) {
                assertEquals("queued while down", await(restarted).get(0).asText());
            }
        }
    }
}
