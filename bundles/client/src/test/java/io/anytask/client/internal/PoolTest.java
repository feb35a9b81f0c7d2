package io.anytask.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.CallSkippedException;
import io.anytask.client.Checkout;
import io.anytask.client.CheckoutAbortedException;
import io.anytask.client.CheckoutOptions;
import io.anytask.client.CheckoutReleasedException;
import io.anytask.client.ClientClosedException;
import io.anytask.client.ClientStats;
import io.anytask.client.PendingCheckoutsFullException;
import io.anytask.client.InterfaceFailedException;
import io.anytask.client.SetupFailedException;
import io.anytask.client.TaskTimeoutException;
import io.anytask.client.WorkerDiedException;
import io.anytask.protocol.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PoolTest extends PoolTestBase {

    @Test
    void opensMinWorkersAtStart() {
        client(b -> b.minWorkers(3));
        assertEquals(3, transport.attempts.size());
    }

    @Test
    void opensMinWorkersWhenConnectionsCompleteAtOnce() {
        transport.acceptAtOnce = true;
        DefaultTaskClient c = client(b -> b.minWorkers(2));
        assertEquals(2, transport.attempts.size(), "each connection made inside connect() is counted before the next");
        assertEquals(2, c.stats().workersIdle());
    }

    @Test
    void neverOpensMoreThanMaxWorkers() {
        DefaultTaskClient c = client(b -> b.minWorkers(1).maxWorkers(5));
        List<CompletableFuture<JsonNode>> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Checkout co = c.checkout();
            results.add(co.call("square", i));
            co.close();
        }
        loop.run();
        assertEquals(5, transport.attempts.size());
        transport.acceptAll();
        loop.run();
        for (int round = 0; round < 100 && results.stream().anyMatch(f -> !f.isDone()); round++) {
            for (FakeTransport.FakeConnection conn : transport.open()) {
                Message.Do sent = (Message.Do) conn.sent.get(conn.sent.size() - 1);
                if (sent.methodName().isPresent()) {
                    int n = sent.args().get(1).asInt();
                    conn.reply(ok(n * n));
                    loop.run();
                }
            }
            assertTrue(transport.attempts.size() <= 5, "opened " + transport.attempts.size());
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(i * i, results.get(i).join().asInt());
        }
        assertEquals(5, transport.attempts.size());
    }

    @Test
    void checkoutsAreServedInTheOrderMadeAndQueuedCallsRunBeforeTheNextCheckout() {
        DefaultTaskClient c = client(b -> b.maxWorkers(1));
        Checkout first = c.checkout();
        CompletableFuture<JsonNode> a = first.call("a");
        CompletableFuture<JsonNode> b = first.call("b");
        first.close();
        Checkout second = c.checkout();
        CompletableFuture<JsonNode> x = second.call("x");
        second.close();
        loop.run();
        FakeTransport.FakeConnection conn = transport.acceptAll().get(0);
        loop.run();
        assertEquals(List.of("[\"do\",{},\"a\"]"), conn.wire(), "one call in flight at a time");
        conn.reply(ok(1));
        loop.run();
        assertEquals("[\"do\",{},\"b\"]", conn.last());
        conn.reply(ok(2));
        loop.run();
        assertEquals(List.of("[\"do\",{},\"a\"]", "[\"do\",{},\"b\"]", "[\"dn\",{}]", "[\"do\",{},\"x\"]"),
                conn.wire());
        conn.reply(ok(3));
        loop.run();
        assertEquals(1, a.join().asInt());
        assertEquals(2, b.join().asInt());
        assertEquals(3, x.join().asInt());
        assertEquals(1, transport.attempts.size());
    }

    @Test
    void reconnectsEvery200msWhileTheServerIsDownAndServesTheCheckoutWithinItsTimeout() {
        DefaultTaskClient c = client(b -> b.minWorkers(1).maxWorkers(1).timeout(Duration.ofSeconds(2)));
        Checkout co = c.checkout();
        CompletableFuture<JsonNode> f = co.call("ping");
        loop.run();
        assertEquals(1, transport.refuseAll());
        loop.advanceMillis(199);
        assertTrue(transport.waiting().isEmpty(), "no retry before 200 ms");
        loop.advanceMillis(1);
        for (int i = 0; i < 4; i++) {
            assertEquals(1, transport.refuseAll(), "retry " + i);
            loop.advanceMillis(200);
        }
        assertFalse(f.isDone(), "no error while the server is down");
        transport.acceptAll();
        loop.run();
        transport.open().get(0).reply(ok("pong"));
        loop.run();
        assertEquals("pong", f.join().asText());
        co.close();
    }

    @Test
    void checkoutTimesOutWhileNoServerAnswers() {
        DefaultTaskClient c = client(b -> b.name("NAMED"));
        Checkout co = c.checkout(CheckoutOptions.defaults().withTimeout(Duration.ofMillis(200)));
        CompletableFuture<JsonNode> f = co.call("ping");
        loop.run();
        transport.refuseAll();
        loop.advanceMillis(199);
        assertFalse(f.isDone());
        transport.refuseAll();
        loop.advanceMillis(1);
        TaskTimeoutException e = failure(f, TaskTimeoutException.class);
        assertEquals("timed out after 0.2 seconds", e.reason());
        assertEquals("NAMED -> ping", e.context());
        assertEquals(0, c.stats().pendingCheckouts());
        assertEquals(1, c.stats().timeouts());
        CompletableFuture<JsonNode> later = co.call("later");
        loop.run();
        assertSame(e, failure(later, TaskTimeoutException.class), "later calls fail with the same error");
        co.close();
        loop.run();
    }

    @Test
    void timeoutInProgressClosesTheWorkerAndPoisonsTheCheckout() {
        DefaultTaskClient c = client(b -> b.minWorkers(1).maxWorkers(1).timeout(Duration.ofMillis(200)));
        transport.acceptAll();
        loop.run();
        Checkout co = c.checkout();
        CompletableFuture<JsonNode> f = co.call("sleep", 0.4);
        loop.run();
        FakeTransport.FakeConnection conn = transport.open().get(0);
        loop.advanceMillis(200);
        assertEquals("timed out after 0.2 seconds", failure(f, TaskTimeoutException.class).reason());
        assertTrue(conn.closedByClient, "worker connection closed");
        assertTrue(co.fatalError().isPresent());
        assertEquals(2, transport.attempts.size(), "a fresh worker replaces it");
        co.close();
        loop.run();
    }

    @Test
    void timeoutRestartsForEachCallSent() {
        DefaultTaskClient c = client(b -> b.minWorkers(1).timeout(Duration.ofMillis(200)));
        transport.acceptAll();
        loop.run();
        Checkout co = c.checkout();
        CompletableFuture<JsonNode> one = co.call("one");
        CompletableFuture<JsonNode> two = co.call("two");
        loop.run();
        FakeTransport.FakeConnection conn = transport.open().get(0);
        loop.advanceMillis(150);
        conn.reply(ok(1));
        loop.advanceMillis(150);
        conn.reply(ok(2));
        loop.run();
        assertEquals(2, two.join().asInt());
        assertEquals(1, one.join().asInt());
        co.close();
        loop.run();
        assertEquals(0, loop.liveTimers(), "no timer left behind");
    }

    @Test
    void errorSkipsQueuedCallsKeepsTheCheckoutUsableAndRetiresTheWorkerAtRelease() {
        DefaultTaskClient c = client(b -> b.name("MY CLIENT").minWorkers(1).maxWorkers(1));
        transport.acceptAll();
        loop.run();
        Checkout co = c.checkout();
        List<CompletableFuture<JsonNode>> f = List.of(co.call("ok", 1), co.call("ok", 2), co.call("fail"),
                co.call("ok", 4), co.call("ok", 5));
        loop.run();
        FakeTransport.FakeConnection conn = transport.open().get(0);
        conn.reply(ok(1));
        loop.run();
        conn.reply(ok(2));
        loop.run();
        conn.reply(er("failure: bad\n"));
        loop.run();
        assertEquals(1, f.get(0).join().asInt());
        assertEquals(2, f.get(1).join().asInt());
        InterfaceFailedException error = failure(f.get(2), InterfaceFailedException.class);
        assertFalse(error instanceof SetupFailedException);
        assertEquals("failure: bad\n", error.reason());
        assertEquals("MY CLIENT -> fail", error.context());
        assertEquals("failure: bad [MY CLIENT -> fail]", error.getMessage());
        for (int i = 3; i < 5; i++) {
            CallSkippedException skipped = failure(f.get(i), CallSkippedException.class);
            assertSame(error, skipped.getCause());
        }
        assertEquals(3, conn.sent.size(), "the last two calls are never sent");

        CompletableFuture<JsonNode> after = co.call("rollback");
        loop.run();
        assertEquals("[\"do\",{},\"rollback\"]", conn.last(), "still usable after a non-fatal error");
        conn.reply(ok(true));
        co.close();
        loop.run();
        assertTrue(after.join().asBoolean());
        assertTrue(conn.closedByClient, "retired after an error");
        assertFalse(conn.wire().contains("[\"dn\",{}]"), "a retired worker gets no dn");
        assertEquals(2, transport.attempts.size(), "replaced by a fresh worker");
        ClientStats s = c.stats();
        assertEquals(1, s.errors());
        assertEquals(3, s.calls());
        assertEquals(1, s.retirements());
    }

    @Test
    void keepWorkerAfterErrorReusesIt() {
        DefaultTaskClient c = client(b -> b.minWorkers(1).maxWorkers(1).keepWorkerAfterError(true));
        transport.acceptAll();
        loop.run();
        FakeTransport.FakeConnection conn = transport.open().get(0);
        Checkout co = c.checkout();
        CompletableFuture<JsonNode> a = co.call("fail");
        loop.run();
        conn.reply(er("boom"));
        loop.run();
        co.close();
        Checkout next = c.checkout();
        CompletableFuture<JsonNode> b = next.call("pid");
        loop.run();
        conn.reply(ok(42));
        loop.run();
        failure(a, InterfaceFailedException.class);
        assertEquals(42, b.join().asInt());
        assertFalse(conn.closedByClient);
        assertEquals(List.of("[\"do\",{},\"fail\"]", "[\"dn\",{}]", "[\"do\",{},\"pid\"]"), conn.wire());
        assertEquals(1, transport.attempts.size());
    }

    @Test
    void setupErrorIsReportedAsSuch() {
        DefaultTaskClient c = client(b -> b.minWorkers(1));
        transport.acceptAll();
        Checkout co = c.checkout();
        CompletableFuture<JsonNode> f = co.call("x");
        loop.run();
        transport.open().get(0).reply(er("setup exception: no database"));
        loop.run();
        assertEquals("setup exception: no database", failure(f, SetupFailedException.class).reason());
    }

    @Test
    void workerDeathIsFatalAndTheWorkerIsReplaced() {
        DefaultTaskClient c = client(b -> b.name("N").minWorkers(1).maxWorkers(1));
        transport.acceptAll();
        Checkout co = c.checkout();
        CompletableFuture<JsonNode> f = co.call("exit");
        loop.run();
        transport.open().get(0).die();
        loop.run();
        WorkerDiedException e = failure(f, WorkerDiedException.class);
        assertEquals("worker connection suddenly died", e.reason());
        assertEquals("N -> exit", e.context());
        CompletableFuture<JsonNode> again = co.call("again");
        loop.run();
        assertSame(e, failure(again, WorkerDiedException.class));
        assertEquals(2, transport.attempts.size());
        assertEquals(1, c.stats().workerDeaths());
        co.close();
        loop.run();
    }

    @Test
    void idleWorkerDeathIsReplaced() {
        DefaultTaskClient c = client(b -> b.minWorkers(2));
        transport.acceptAll();
        loop.run();
        transport.open().get(0).die();
        loop.run();
        assertEquals(3, transport.attempts.size());
        assertEquals(1, c.stats().workersIdle());
        assertEquals(1, c.stats().workersConnecting());
    }

    @Test
    void abortFailsTheRunningCallAndEveryLaterCallWithTheCallersMessage() {
        DefaultTaskClient c = client(b -> b.minWorkers(1));
        transport.acceptAll();
        Checkout co = c.checkout();
        CompletableFuture<JsonNode> f = co.call("sleep", 10);
        loop.run();
        FakeTransport.FakeConnection conn = transport.open().get(0);
        co.abort("user gave up");
        loop.run();
        CheckoutAbortedException e = failure(f, CheckoutAbortedException.class);
        assertEquals("user gave up", e.reason());
        CompletableFuture<JsonNode> later = co.call("later");
        loop.run();
        assertEquals("user gave up", failure(later, CheckoutAbortedException.class).reason());
        assertTrue(conn.closedByClient);
        co.close();
        loop.run();
    }

    @Test
    void maxCheckoutsRetiresTheWorkerAfterThatManyCheckouts() {
        DefaultTaskClient c = client(b -> b.maxWorkers(1).maxCheckouts(2));
        transport.acceptAll();
        FakeTransport.FakeConnection first = transport.open().get(0);
        for (int i = 0; i < 2; i++) {
            Checkout co = c.checkout();
            co.call("pid");
            loop.run();
            first.reply(ok(1));
            co.close();
            loop.run();
        }
        assertTrue(first.closedByClient);
        assertEquals(2, transport.attempts.size());
        transport.acceptAll();
        Checkout third = c.checkout();
        CompletableFuture<JsonNode> f = third.call("pid");
        loop.run();
        transport.open().get(0).reply(ok(2));
        loop.run();
        assertEquals(2, f.join().asInt());
    }

    @Test
    void pendingCheckoutsAreBounded() {
        DefaultTaskClient c = client(b -> b.maxPendingCheckouts(2));
        c.checkout();
        Checkout second = c.checkout();
        PendingCheckoutsFullException e = assertThrows(PendingCheckoutsFullException.class, c::checkout);
        assertTrue(e.getMessage().contains("maxPendingCheckouts: 2"), e.getMessage());
        second.close();
        loop.run();
        c.checkout().close();
    }

    @Test
    void callsAfterCloseFail() {
        DefaultTaskClient c = client(b -> b);
        Checkout co = c.checkout();
        co.close();
        failure(co.call("x"), CheckoutReleasedException.class);
        co.close();
    }

    @Test
    void closingTheClientFailsWhatIsPendingAndClosesEveryConnection() {
        DefaultTaskClient c = client(b -> b.minWorkers(2).maxWorkers(2));
        transport.acceptAll();
        loop.run();
        Checkout busy = c.checkout();
        CompletableFuture<JsonNode> running = busy.call("sleep");
        Checkout a = c.checkout();
        Checkout waiting = c.checkout();
        CompletableFuture<JsonNode> queued = waiting.call("x");
        loop.run();
        c.close();
        loop.run();
        failure(running, ClientClosedException.class);
        failure(queued, ClientClosedException.class);
        assertTrue(transport.attempts.stream().allMatch(conn -> conn.closedByClient));
        assertThrows(ClientClosedException.class, c::checkout);
        failure(a.call("after close"), ClientClosedException.class);
        a.close();
        loop.run();
    }

    @Test
    void unexpectedReplyClosesTheWorker() {
        DefaultTaskClient c = client(b -> b.minWorkers(1));
        transport.acceptAll();
        loop.run();
        FakeTransport.FakeConnection conn = transport.open().get(0);
        conn.reply(ok(1));
        loop.run();
        assertTrue(conn.closedByClient);
        assertEquals(2, transport.attempts.size());
    }

    @Test
    void futuresCompleteOnTheCallbackExecutorNotOnTheLoop() {
        List<Runnable> callbacks = new ArrayList<>();
        DefaultTaskClient c = client(b -> b.minWorkers(1).callbackExecutor(callbacks::add));
        transport.acceptAll();
        Checkout co = c.checkout();
        CompletableFuture<JsonNode> f = co.call("x");
        loop.run();
        transport.open().get(0).reply(ok(7));
        loop.run();
        assertFalse(f.isDone(), "the loop does not complete futures itself");
        assertEquals(1, callbacks.size());
        callbacks.get(0).run();
        assertEquals(7, f.join().asInt());
    }

    @Test
    void callAsFunctionSendsNoMethodName() {
        DefaultTaskClient c = client(b -> b.minWorkers(1));
        transport.acceptAll();
        Checkout co = c.checkout();
        co.callAsFunction(1, "x");
        loop.run();
        assertEquals("[\"do\",{},1,\"x\"]", transport.open().get(0).last());
    }

    @Test
    void statsCountWorkersAndPendingCheckouts() {
        DefaultTaskClient c = client(b -> b.minWorkers(1).maxWorkers(1));
        assertEquals(1, c.stats().workersConnecting());
        transport.acceptAll();
        loop.run();
        Checkout one = c.checkout();
        Checkout two = c.checkout();
        loop.run();
        ClientStats s = c.stats();
        assertEquals(new ClientStats(0, 0, 1, 1, 0, 0, 0, 0, 0), s);
        one.close();
        two.close();
        loop.run();
        assertEquals(new ClientStats(0, 1, 0, 0, 0, 0, 0, 0, 0), c.stats());
    }
}
