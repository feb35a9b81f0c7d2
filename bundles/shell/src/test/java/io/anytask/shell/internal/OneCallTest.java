package io.anytask.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.anytask.client.Checkout;
import io.anytask.client.CheckoutOptions;
import io.anytask.client.ClientStats;
import io.anytask.client.InterfaceFailedException;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.client.TaskException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OneCallTest {

    @Test
    void timeoutOptionIsSecondsWithDecimals() {
        assertEquals(Optional.empty(), OneCall.parseTimeout(null));
        assertEquals(Optional.of(Duration.ofMillis(2500)), OneCall.parseTimeout("2.5"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), OneCall.parseTimeout("30"));
        assertEquals(Optional.of(Duration.ofNanos(1)), OneCall.parseTimeout("0.000000001"));
    }

    @Test
    void badTimeoutOptionsNameTheOption() {
        for (String text : List.of("0", "-1", "abc", "", "1e400", "0.0000000001")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OneCall.parseTimeout(text), text);
            assertEquals("--timeout: " + text + " (expected: seconds > 0, decimals allowed, such as 2.5)",
                    e.getMessage());
        }
    }

    @Test
    void theOptionWinsThenTheClientsTimeoutThenThirtySeconds() {
        FakeClient fiveSeconds = new FakeClient(TaskClientConfig.builder("unix:/tmp/x.sock")
                .timeout(Duration.ofSeconds(5)).build(), new CompletableFuture<>());
        FakeClient forever = new FakeClient(TaskClientConfig.builder("unix:/tmp/x.sock").noTimeout().build(),
                new CompletableFuture<>());
        assertEquals(Duration.ofSeconds(1), OneCall.timeout(fiveSeconds, Optional.of(Duration.ofSeconds(1))));
        assertEquals(Duration.ofSeconds(5), OneCall.timeout(fiveSeconds, Optional.empty()));
        assertEquals(OneCall.DEFAULT_TIMEOUT, OneCall.timeout(forever, Optional.empty()));
    }

    @Test
    void aResultIsReturnedAndTheCheckoutReleased() throws Exception {
        FakeClient client = new FakeClient(config(), CompletableFuture.completedFuture(TextNode.valueOf("ok")));
        JsonNode result = OneCall.call(client, "echo", List.of(IntNode.valueOf(1)), Duration.ofSeconds(3));
        assertEquals(TextNode.valueOf("ok"), result);
        assertEquals(Optional.of(Duration.ofSeconds(3)), client.options.timeout());
        assertEquals("echo", client.checkout.method);
        assertEquals(List.of(IntNode.valueOf(1)), client.checkout.args);
        assertTrue(client.checkout.closed);
    }

    @Test
    void theCallsErrorIsThrownAsItIs() {
        InterfaceFailedException failure = new InterfaceFailedException("failure: boom", "c -> fail", null);
        FakeClient client = new FakeClient(config(), CompletableFuture.failedFuture(failure));
        TaskException thrown = assertThrows(TaskException.class,
                () -> OneCall.call(client, "fail", List.of(), Duration.ofSeconds(3)));
        assertSame(failure, thrown);
        assertEquals("failure: boom [c -> fail]", thrown.getMessage());
        assertTrue(client.checkout.closed);
    }

    @Test
    void noAnswerWithinTheWaitAbortsTheCheckout() {
        FakeClient client = new FakeClient(config(), new CompletableFuture<>());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OneCall.call(client, "sleep", List.of(), Duration.ofSeconds(1), Duration.ofMillis(20)));
        assertEquals("task:call got no answer within 0.02 s (checkout timeout 1 s)", e.getMessage());
        assertEquals(List.of("task:call got no answer within 0.02 s"), client.checkout.aborts);
        assertTrue(client.checkout.closed);
    }

    private static TaskClientConfig config() {
        return TaskClientConfig.builder("unix:/tmp/x.sock").build();
    }

    /** A client whose one checkout answers every call with the given future. */
    private static final class FakeClient implements TaskClient {
        private final TaskClientConfig config;
        private final FakeCheckout checkout;
        private CheckoutOptions options;

        FakeClient(TaskClientConfig config, CompletableFuture<JsonNode> answer) {
            this.config = config;
            this.checkout = new FakeCheckout(answer);
        }

        @Override
        public TaskClientConfig config() {
            return config;
        }

        @Override
        public Checkout checkout(CheckoutOptions options) {
            this.options = options;
            return checkout;
        }

        @Override
        public ClientStats stats() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }

        @Override
        public void close(String reason) {
        }
    }

    /** Records what the command did with its checkout. */
    private static final class FakeCheckout implements Checkout {
        private final CompletableFuture<JsonNode> answer;
        private final List<String> aborts = new ArrayList<>();
        private String method;
        private List<Object> args;
        private boolean closed;

        FakeCheckout(CompletableFuture<JsonNode> answer) {
            this.answer = answer;
        }

        @Override
        public CompletableFuture<JsonNode> call(String method, Object... args) {
            this.method = method;
            this.args = Arrays.asList(args);
            return answer;
        }

        @Override
        public <T> CompletableFuture<T> call(String method, Class<T> resultType, Object... args) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> CompletableFuture<T> call(String method, TypeReference<T> resultType, Object... args) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<JsonNode> callAsFunction(Object... args) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T as(Class<T> type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void abort(String message) {
            aborts.add(message);
        }

        @Override
        public Optional<TaskException> fatalError() {
            return Optional.empty();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
