package io.anytask.itest;

import static io.anytask.testsupport.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.client.WorkerDiedException;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 12, hung worker: a request past the server's hung worker timeout ends with the worker's death. */
class HungWorkerIT {
    @TempDir
    Path dir;

    @Test
    void aHungWorkerKillsItself() throws Exception {
        try (ServerProcess server = Servers.start(dir, "--hung-worker-timeout", "1");
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint())
                     .timeout(Duration.ofSeconds(30)).build());
             Checkout co = client.checkout()) {
            WorkerDiedException e = failure(co.call("sleep", 10), WorkerDiedException.class);
            assertEquals("worker connection suddenly died", e.reason());
        }
    }
}
