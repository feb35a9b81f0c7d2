package io.anytask.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.CheckoutLeakedException;
import io.anytask.client.ClientListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LeakTest extends PoolTestBase {

    @Test
    void anUnreachableCheckoutIsReleasedAndReportedWithWhereItWasTaken() throws Exception {
        LinkedBlockingQueue<CheckoutLeakedException> leaks = new LinkedBlockingQueue<>();
        DefaultTaskClient c = client(b -> b.minWorkers(1).maxWorkers(1).listener(new ClientListener() {
            @Override
            public void checkoutLeaked(CheckoutLeakedException leak) {
                leaks.add(leak);
            }
        }));
        transport.acceptAll();
        CompletableFuture<JsonNode> f = takeAndDrop(c);
        loop.run();
        var conn = transport.open().get(0);
        conn.reply(ok(1));
        loop.run();
        assertEquals(1, f.join().asInt());
        CheckoutLeakedException leak = null;
        for (int i = 0; i < 100 && leak == null; i++) {
            System.gc();
            leak = leaks.poll(50, TimeUnit.MILLISECONDS);
            loop.run();
        }
        assertNotNull(leak, "leak not reported");
        boolean named = false;
        for (StackTraceElement e : leak.getCause().getStackTrace()) {
            named |= e.getMethodName().equals("takeAndDrop");
        }
        assertTrue(named, "the report shows where the checkout was taken");
        assertEquals("[\"dn\",{}]", conn.last(), "the worker went back to the pool");
        assertEquals(1, c.stats().workersIdle());
        c.close();
    }

    private static CompletableFuture<JsonNode> takeAndDrop(DefaultTaskClient c) {
        Checkout co = c.checkout();
        return co.call("x");
    }
}
