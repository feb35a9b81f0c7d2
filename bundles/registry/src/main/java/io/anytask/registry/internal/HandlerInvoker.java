package io.anytask.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.registry.TaskHandler;
import io.anytask.registry.TaskRequest;
import java.util.List;

/** The handler form: every request goes to one function. */
final class HandlerInvoker implements Invoker {
    private final TaskHandler handler;

    HandlerInvoker(TaskHandler handler) {
        this.handler = handler;
    }

    @Override
    public Object invoke(List<JsonNode> arguments) throws Exception {
        return handler.handle(TaskRequest.of(arguments));
    }
}
