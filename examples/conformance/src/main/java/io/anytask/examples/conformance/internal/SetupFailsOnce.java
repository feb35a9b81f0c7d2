package io.anytask.examples.conformance.internal;

import io.anytask.registry.InterfaceRegistry;
import io.anytask.registry.TaskHandler;
import io.anytask.registry.TaskLifecycle;
import io.anytask.registry.TaskRequest;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code conformance-setup-fails-once}, in the handler form: its setup throws the first time it runs
 * in a worker and succeeds after, so a worker answers its first request {@code setup exception: setup failed on
 * purpose (attempt 1)} and later ones normally. Requests return {@code [setup attempts, argument...]}.
 */
@Component(property = InterfaceRegistry.INTERFACE_PROPERTY + "=conformance-setup-fails-once")
public class SetupFailsOnce implements TaskHandler, TaskLifecycle {
    private int attempts;

    @Override
    public void setup() {
        attempts++;
        if (attempts == 1) {
            throw new IllegalStateException("setup failed on purpose (attempt 1)");
        }
    }

    @Override
    public Object handle(TaskRequest request) {
        List<Object> out = new ArrayList<>();
        out.add(attempts);
        out.addAll(request.arguments());
        return out;
    }
}
