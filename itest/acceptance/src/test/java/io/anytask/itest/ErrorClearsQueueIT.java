package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static io.anytask.testsupport.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.anytask.client.CallSkippedException;
import io.anytask.client.Checkout;
import io.anytask.client.InterfaceFailedException;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 3, error clears the queue: ok, ok, fail, ok, ok; the last two are never sent. */
class ErrorClearsQueueIT {
    @TempDir
    Path dir;

    @Test
    void callsQueuedAfterAFailureAreNeverSent() throws Exception {
        try (ServerProcess server = Servers.start(dir);
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint())
                     .maxWorkers(1).keepWorkerAfterError(true).build())) {
            List<CompletableFuture<Integer>> calls;
            CompletableFuture<Integer> failing;
            try (Checkout co = client.checkout()) {
                CompletableFuture<Integer> one = co.call("count", Integer.class);
                CompletableFuture<Integer> two = co.call("count", Integer.class);
                failing = co.call("fail", Integer.class, "third");
                calls = List.of(one, two, co.call("count", Integer.class), co.call("count", Integer.class));
                assertEquals(101, await(one));
                assertEquals(102, await(two));
            }
            InterfaceFailedException error = failure(failing, InterfaceFailedException.class);
            assertEquals("failure: third", error.reason());
            for (CompletableFuture<Integer> skipped : calls.subList(2, 4)) {
                assertSame(error, failure(skipped, CallSkippedException.class).getCause());
            }
            // The same worker (kept after the error) counted only the two calls that were sent.
            try (Checkout next = client.checkout()) {
                assertEquals(103, await(next.call("count", Integer.class)));
            }
        }
    }
}
