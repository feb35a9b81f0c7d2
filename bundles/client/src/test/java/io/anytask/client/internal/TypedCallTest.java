package io.anytask.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.ResultConversionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class TypedCallTest extends PoolTestBase {

    /** An interface as a caller would declare it. */
    public interface Hasher {
        CompletableFuture<String> hash(String plaintext, int cost);

        CompletionStage<List<Integer>> lengths(List<String> words);

        default CompletableFuture<String> hashDefault(String plaintext) {
            return hash(plaintext, 10);
        }
    }

    /** Not usable: a method that does not return a future. */
    public interface Blocking {
        String hash(String plaintext);
    }

    @Test
    void proxySendsEachMethodAsACallByItsNameAndConvertsTheResult() {
        DefaultTaskClient c = client(b -> b.minWorkers(1));
        transport.acceptAll();
        Checkout co = c.checkout();
        Hasher hasher = co.as(Hasher.class);
        CompletableFuture<String> h = hasher.hashDefault("secret");
        CompletionStage<List<Integer>> l = hasher.lengths(List.of("a", "bb"));
        loop.run();
        var conn = transport.open().get(0);
        assertEquals("[\"do\",{},\"hash\",\"secret\",10]", conn.last());
        conn.reply(ok("$2a$10$xyz"));
        loop.run();
        assertEquals("[\"do\",{},\"lengths\",[\"a\",\"bb\"]]", conn.last());
        conn.reply(ok(List.of(1, 2)));
        loop.run();
        assertEquals("$2a$10$xyz", h.join());
        assertEquals(List.of(1, 2), l.toCompletableFuture().join());
        assertTrue(hasher.toString().contains("Checkout"));
    }

    @Test
    void proxyRejectsMethodsThatDoNotReturnAFuture() {
        DefaultTaskClient c = client(b -> b);
        Checkout co = c.checkout();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> co.as(Blocking.class));
        assertTrue(e.getMessage().contains("hash returns java.lang.String"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> co.as(String.class));
    }

    @Test
    void typedCallsConvertTheResultOrFailWithoutPoisoningTheCheckout() {
        DefaultTaskClient c = client(b -> b.minWorkers(1));
        transport.acceptAll();
        Checkout co = c.checkout();
        CompletableFuture<Map<String, Integer>> m = co.call("map", new TypeReference<Map<String, Integer>>() { });
        CompletableFuture<Integer> bad = co.call("num", Integer.class);
        CompletableFuture<JsonNode> after = co.call("after");
        loop.run();
        var conn = transport.open().get(0);
        conn.reply(ok(Map.of("a", 1)));
        loop.run();
        conn.reply(ok("not a number"));
        loop.run();
        conn.reply(ok(true));
        loop.run();
        assertEquals(Map.of("a", 1), m.join());
        assertTrue(failure(bad, ResultConversionException.class).getMessage().contains("-> num"));
        assertTrue(after.join().asBoolean());
    }

    @Test
    void argumentsThatAreNotJsonFailAtTheCall() {
        DefaultTaskClient c = client(b -> b);
        Checkout co = c.checkout();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> co.call("x", 1, new Object()));
        assertTrue(e.getMessage().startsWith("argument 1 (java.lang.Object)"), e.getMessage());
    }
}
