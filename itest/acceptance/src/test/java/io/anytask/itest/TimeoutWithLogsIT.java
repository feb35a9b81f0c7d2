package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static io.anytask.testsupport.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.client.Checkout;
import io.anytask.client.CheckoutOptions;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.client.TaskTimeoutException;
import io.anytask.protocol.DeferredLog;
import io.anytask.testsupport.ServerProcess;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 14, timeout with logs: after a timeout the client no longer holds the deferred log. */
class TimeoutWithLogsIT {
    @TempDir
    Path dir;

    @Test
    void theLogIsReleasedAfterTheErrorHandlerRan() throws Exception {
        try (ServerProcess server = Servers.start(dir);
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint()).build())) {
            try (Checkout warm = client.checkout()) {
                await(warm.call("pid"));
            }
            AtomicBoolean handled = new AtomicBoolean();
            WeakReference<DeferredLog> ref;
            Checkout co;
            {
                DeferredLog log = new DeferredLog();
                ref = new WeakReference<>(log);
                co = client.checkout(CheckoutOptions.defaults().withDeferredLog(log)
                        .withTimeout(Duration.ofMillis(200)));
                CompletableFuture<?> f = co.call("sleep", 0.4).whenComplete((r, e) -> handled.set(e != null));
                failure(f, TaskTimeoutException.class);
            }
            assertTrue(handled.get(), "the error handler ran");
            for (int i = 0; i < 100 && ref.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertNull(ref.get(), "the deferred log is still reachable");
            co.close();
        }
    }
}
