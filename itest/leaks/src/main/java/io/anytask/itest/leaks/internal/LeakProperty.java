package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code leak-property}: {@link #leak()} sets the system property {@code anytask.leak}, so the
 * worker must not be renewed.
 */
@Component(service = LeakProperty.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=leak-property")
public class LeakProperty {
    private static final long TOKEN = System.nanoTime();

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    /** Sets the system property {@code anytask.leak} to {@code yes}. @return identity */
    public String leak() {
        System.setProperty("anytask.leak", "yes");
        return identity();
    }
}
