package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import java.security.Provider;
import java.security.Security;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code leak-security-provider}: {@link #leak()} installs a security provider of its own and
 * never removes it, so the worker must not be renewed.
 */
@Component(service = LeakSecurityProvider.class,
        property = InterfaceRegistry.INTERFACE_PROPERTY + "=leak-security-provider")
public class LeakSecurityProvider {
    private static final long TOKEN = System.nanoTime();

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    /** Adds a {@link LeakyProvider} to the installed security providers. @return identity */
    public String leak() {
        Security.addProvider(new LeakyProvider());
        return identity();
    }

    /** A security provider that provides nothing. */
    static final class LeakyProvider extends Provider {
        private static final long serialVersionUID = 1L;

        LeakyProvider() {
            super("AnytaskLeakyProvider", "1.0", "a provider that the leak-security-provider interface never removes");
        }
    }
}
