package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import java.util.TimeZone;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code leak-timezone}: {@link #leak()} changes the default time zone, so the worker must not
 * be renewed.
 */
@Component(service = LeakTimeZone.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=leak-timezone")
public class LeakTimeZone {
    private static final long TOKEN = System.nanoTime();

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    /** Sets the default time zone to Pacific/Chatham, or Asia/Kathmandu if it already was. @return identity */
    public String leak() {
        String other = TimeZone.getDefault().getID().equals("Pacific/Chatham") ? "Asia/Kathmandu" : "Pacific/Chatham";
        TimeZone.setDefault(TimeZone.getTimeZone(other));
        return identity();
    }
}
