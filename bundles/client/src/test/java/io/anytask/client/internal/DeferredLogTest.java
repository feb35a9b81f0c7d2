package io.anytask.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anytask.client.Checkout;
import io.anytask.client.CheckoutOptions;
import io.anytask.client.InterfaceFailedException;
import io.anytask.client.TaskTimeoutException;
import io.anytask.protocol.DeferredLog;
import io.anytask.protocol.Message;
import io.anytask.protocol.Meta;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeferredLogTest extends PoolTestBase {
    private final AtomicLong logClock = new AtomicLong();

    private DeferredLog log() {
        return new DeferredLog(1000.0, logClock::get);
    }

    private static Meta workerLog(double start, double t, String line) {
        ObjectNode ld = JSON.objectNode();
        ld.put("start", start);
        ld.putArray("logs").addArray().add(t).add(DeferredLog.INFO).add(line);
        ld.putArray("timers").addArray().add("inner").add(t).add(t + 0.001);
        ld.putObject("data").put("k", "v");
        return Meta.empty().with(Meta.DEFERRED_LOG, ld);
    }

    @Test
    void eachCallIsTimedByMethodNameAndTheWorkersLogIsMergedWithItsOffsetAlsoOnFailure() {
        DefaultTaskClient c = client(b -> b.minWorkers(1));
        transport.acceptAll();
        DeferredLog log = log();
        Checkout co = c.checkout(CheckoutOptions.defaults().withDeferredLog(log));
        CompletableFuture<JsonNode> a = co.call("normal");
        CompletableFuture<JsonNode> b = co.callAsFunction(1);
        loop.run();
        var conn = transport.open().get(0);
        logClock.set(2_000_000);
        conn.reply(new Message.Ok(workerLog(1000.5, 0.25, "worker line"), JSON.textNode("x")));
        loop.run();
        logClock.set(3_000_000);
        conn.reply(new Message.Er(workerLog(1001.0, 0.0, "failing"), "boom"));
        loop.run();
        a.join();
        InterfaceFailedException e = failure(b, InterfaceFailedException.class);
        assertEquals("boom", e.reason());
        ObjectNode rec = log.toJson();
        JsonNode timers = rec.get("timers");
        assertEquals("normal", timers.get(0).get(0).asText());
        assertEquals(0.0, timers.get(0).get(1).asDouble());
        assertEquals(0.002, timers.get(0).get(2).asDouble());
        assertEquals("inner", timers.get(1).get(0).asText());
        assertEquals(0.75, timers.get(1).get(1).asDouble(), 1e-9, "shifted onto the caller's clock");
        assertEquals("->()", timers.get(2).get(0).asText());
        assertEquals("inner", timers.get(3).get(0).asText());
        JsonNode logs = rec.get("logs");
        assertEquals("worker line", logs.get(0).get(2).asText());
        assertEquals(0.75, logs.get(0).get(0).asDouble(), 1e-9);
        assertEquals("failing", logs.get(1).get(2).asText(), "logs of a failed call are merged too");
        assertEquals("v", rec.get("data").get("k").asText());
        co.close();
        loop.run();
    }

    @Test
    void theLogIsNotRetainedByTheClientAfterATimeout() {
        DefaultTaskClient c = client(b -> b.minWorkers(1));
        transport.acceptAll();
        DeferredLog log = log();
        WeakReference<DeferredLog> ref = new WeakReference<>(log);
        Checkout co = c.checkout(CheckoutOptions.defaults().withDeferredLog(log).withTimeout(Duration.ofMillis(200)));
        CompletableFuture<JsonNode> f = co.call("sleep");
        loop.run();
        loop.advanceMillis(200);
        failure(f, TaskTimeoutException.class);
        log = null;
        assertNull(log);
        // The caller still holds the checkout: the client's own structures must not keep the log alive.
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.onSpinWait();
        }
        assertNull(ref.get(), "deferred log still reachable after the checkout failed");
        assertTrue(co.fatalError().isPresent());
        co.close();
        loop.run();
    }
}
