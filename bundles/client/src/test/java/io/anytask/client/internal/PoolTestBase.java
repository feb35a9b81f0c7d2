package io.anytask.client.internal;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.Message;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

/** A client on a {@link ManualLoop} and a {@link FakeTransport}, completing futures directly on the test thread. */
abstract class PoolTestBase {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    final ManualLoop loop = new ManualLoop();
    final FakeTransport transport = new FakeTransport();

    DefaultTaskClient client(UnaryOperator<TaskClientConfig.Builder> settings) {
        TaskClientConfig config = settings.apply(TaskClientConfig.builder("unix:/nonexistent/test.sock")
                .callbackExecutor(Runnable::run)).build();
        DefaultTaskClient client = new DefaultTaskClient(config, loop, transport, null);
        loop.run();
        return client;
    }

    static Message.Ok ok(Object value) {
        return new Message.Ok(value instanceof JsonNode n ? n : ClientJson.MAPPER.valueToTree(value));
    }

    static Message.Er er(String text) {
        return new Message.Er(text);
    }

    static <T extends Throwable> T failure(CompletableFuture<?> f, Class<T> type) {
        assertTrue(f.isDone(), "future not done");
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return assertInstanceOf(type, e.getCause());
    }
}
