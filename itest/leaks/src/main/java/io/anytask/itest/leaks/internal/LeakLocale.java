package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code leak-locale}: {@link #leak()} changes the default locale, so the worker must not be
 * renewed.
 */
@Component(service = LeakLocale.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=leak-locale")
public class LeakLocale {
    private static final long TOKEN = System.nanoTime();

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    /** Sets the default locale to Japanese (Japan), or Korean (Korea) if it already was. @return identity */
    public String leak() {
        Locale other = Locale.getDefault().equals(Locale.JAPAN) ? Locale.KOREA : Locale.JAPAN;
        Locale.setDefault(other);
        return identity();
    }
}
