package io.anytask.registry;

import java.time.Duration;
import java.util.Optional;
import java.util.SortedSet;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Finds interfaces by name: the OSGi services that carry the property {@value #INTERFACE_PROPERTY}. When several
 * services carry the same name, the one with the highest service ranking (then the lowest service id) is used.
 */
@ProviderType
public interface InterfaceRegistry {
    /** The service property that names an interface, for example {@code anytask.interface=passwd-hasher}. */
    String INTERFACE_PROPERTY = "anytask.interface";

    /** The interface named {@code name}, if one is registered now. */
    Optional<TaskInterface> find(String name);

    /**
     * The interface named {@code name}, waiting up to {@code timeout} for it to be registered.
     *
     * @throws InterfaceNotFoundException if none is registered in time; its message lists the names that are
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    TaskInterface await(String name, Duration timeout) throws InterruptedException;

    /** The names of the interfaces registered now. */
    SortedSet<String> names();
}
