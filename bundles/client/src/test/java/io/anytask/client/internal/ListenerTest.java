package io.anytask.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.anytask.client.Checkout;
import io.anytask.client.CheckoutOptions;
import io.anytask.client.ClientListener;
import io.anytask.client.TaskException;
import io.anytask.client.TaskTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ListenerTest extends PoolTestBase {
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

    private final ClientListener recorder = new ClientListener() {
        @Override
        public void workerConnected() {
            events.add("connected");
        }

        @Override
        public void workerConnectFailed(Exception cause) {
            events.add("connect failed");
        }

        @Override
        public void workerDied(Exception cause) {
            events.add("died");
        }

        @Override
        public void workerRetired(String reason) {
            events.add("retired: " + reason);
        }

        @Override
        public void callCompleted(String method, long nanos, TaskException failure) {
            events.add("call " + method + (failure == null ? " ok" : " failed: " + failure.reason()));
        }

        @Override
        public void checkoutStarted(long nanos) {
            events.add("checkout started");
        }

        @Override
        public void checkoutTimedOut(TaskTimeoutException error) {
            events.add("timed out: " + error.reason());
        }
    };

    private List<String> next(int n) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String e = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "event " + i + " not delivered; got " + out);
            out.add(e);
        }
        return out;
    }

    @Test
    void theListenerHearsThePoolsEventsInOrder() throws Exception {
        DefaultTaskClient c = client(b -> b.minWorkers(1).maxWorkers(1).listener(recorder));
        transport.refuseAll();
        loop.advanceMillis(200);
        transport.acceptAll();
        loop.run();
        assertEquals(List.of("connect failed", "connected"), next(2));

        Checkout co = c.checkout(CheckoutOptions.defaults().withTimeout(Duration.ofMillis(200)));
        co.call("ok");
        co.call("bad");
        loop.run();
        var conn = transport.open().get(0);
        conn.reply(ok(1));
        loop.run();
        conn.reply(er("no"));
        loop.run();
        co.callAsFunction("x");
        loop.advanceMillis(200);
        co.close();
        loop.run();
        assertEquals(List.of("checkout started", "call ok ok", "call bad failed: no",
                "timed out: timed out after 0.2 seconds", "retired: timed out after 0.2 seconds"), next(5));
        c.close();
    }
}
