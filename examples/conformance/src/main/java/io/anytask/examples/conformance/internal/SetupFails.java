package io.anytask.examples.conformance.internal;

import io.anytask.registry.InterfaceRegistry;
import io.anytask.registry.TaskHandler;
import io.anytask.registry.TaskLifecycle;
import io.anytask.registry.TaskRequest;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code conformance-setup-fails}, in the handler form: its setup always throws
 * {@code setup always fails}, so every request is answered {@code setup exception: setup always fails}
 * (SPEC.md section 8, scenario 8).
 */
@Component(property = InterfaceRegistry.INTERFACE_PROPERTY + "=conformance-setup-fails")
public class SetupFails implements TaskHandler, TaskLifecycle {

    @Override
    public void setup() {
        throw new IllegalStateException("setup always fails");
    }

    @Override
    public Object handle(TaskRequest request) {
        throw new IllegalStateException("unreachable: setup always fails");
    }
}
