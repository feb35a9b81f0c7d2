package io.anytask.examples.template.internal;

import io.anytask.registry.InterfaceRegistry;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code template}, in the method-dispatch form: a client's {@code checkout.call("greet", "world")}
 * runs {@link #greet(String)} in a worker JVM and gets {@code "Hello, world!"} back.
 *
 * <p>To start your own interface from this one, rename: the class, the interface name after {@code =} in the
 * property below (the name servers are started with: {@code --interface NAME}), and the methods. Every public
 * method is callable by name; its arguments and result must be JSON data (strings, numbers, booleans, records,
 * lists, maps). For a setup hook (open a connection once per worker) or a checkout-done hook (roll back), implement
 * {@link io.anytask.registry.TaskLifecycle}, as {@code examples/sql} does.
 */
@Component(service = TemplateInterface.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=template")
public class TemplateInterface {

    /**
     * Greets {@code name}.
     *
     * @param name who to greet
     * @return {@code Hello, NAME!}
     * @throws IllegalArgumentException if {@code name} is null or blank: the caller's call fails with this message
     */
    public String greet(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: " + (name == null ? "null" : "\"" + name + "\"")
                    + " (expected: a name that is not blank, such as \"world\")");
        }
        return "Hello, " + name + "!";
    }
}
