package io.anytask.shell.internal;

import io.anytask.client.TaskClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * A snapshot of the services of one type that carry the anytask service properties {@code name} and
 * {@code endpoint} (the {@code TaskClient} and {@code TaskServer} services), sorted by name. The services were got
 * from the framework for the snapshot's lifetime: {@link #close()} releases them.
 *
 * @param <S> the service type
 */
public final class NamedServices<S> implements AutoCloseable {
    /** The service property with the client's or server's name (the same word for both). */
    public static final String NAME = TaskClient.NAME_PROPERTY;
    /** The service property with the endpoint in its text form (the same word for both). */
    public static final String ENDPOINT = TaskClient.ENDPOINT_PROPERTY;

    private final String kind;
    private final List<Entry<S>> entries;
    private final Runnable release;
    private boolean closed;

    /**
     * One service of the snapshot.
     *
     * @param name     its {@code name} property ({@code -} when it has none)
     * @param endpoint its {@code endpoint} property ({@code -} when it has none)
     * @param service  the service object
     * @param <S>      the service type
     */
    public record Entry<S>(String name, String endpoint, S service) {
    }

    /**
     * A snapshot over {@code entries}; {@code release} runs once, at {@link #close()}.
     *
     * @param kind    what the services are, for messages: {@code client} or {@code server}
     * @param entries the services, in any order
     * @param release releases the services
     */
    public NamedServices(String kind, List<Entry<S>> entries, Runnable release) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.entries = entries.stream().sorted(Comparator.comparing(Entry::name)).collect(Collectors.toList());
        this.release = Objects.requireNonNull(release, "release");
    }

    /**
     * Gets every service registered under {@code type}'s class name. Services that went away between the look-up
     * and the get are left out.
     *
     * @param context the bundle context to get them with
     * @param type    the service type
     * @param kind    what the services are, for messages: {@code client} or {@code server}
     * @param <S>     the service type
     * @return the snapshot, to be closed
     */
    public static <S> NamedServices<S> lookUp(BundleContext context, Class<S> type, String kind) {
        List<ServiceReference<S>> got = new ArrayList<>();
        List<Entry<S>> entries = new ArrayList<>();
        for (ServiceReference<S> reference : references(context, type)) {
            S service = context.getService(reference);
            if (service != null) {
                got.add(reference);
                entries.add(new Entry<>(property(reference, NAME), property(reference, ENDPOINT), service));
            }
        }
        return new NamedServices<>(kind, entries, () -> got.forEach(context::ungetService));
    }

    /**
     * The names of the services registered under {@code type}'s class name, sorted, without getting the services
     * (for completion).
     *
     * @param context the bundle context to look them up with
     * @param type    the service type
     * @return the names
     */
    public static List<String> names(BundleContext context, Class<?> type) {
        return references(context, type).stream().map(r -> property(r, NAME)).sorted().distinct()
                .collect(Collectors.toList());
    }

    /** @return every service of the snapshot, sorted by name */
    public List<Entry<S>> all() {
        return entries;
    }

    /**
     * The service called {@code name}; the first one in the order of {@link #all()} if several have that name.
     *
     * @param name the name to find
     * @return the service
     * @throws IllegalArgumentException naming the known services when none has that name
     */
    public Entry<S> named(String name) {
        for (Entry<S> entry : entries) {
            if (entry.name().equals(name)) {
                return entry;
            }
        }
        throw new IllegalArgumentException(unknown(name));
    }

    private String unknown(String name) {
        String known = entries.stream().map(Entry::name).distinct().collect(Collectors.joining(", "));
        return "no " + kind + " named \"" + name + "\"; "
                + (known.isEmpty() ? "there is no " + kind + " service" : "known " + kind + "s: " + known);
    }

    /** Releases the services; closing again does nothing. Not thread-safe: a snapshot belongs to one command. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }

    private static <S> List<ServiceReference<S>> references(BundleContext context, Class<S> type) {
        try {
            return new ArrayList<>(context.getServiceReferences(type, null));
        } catch (InvalidSyntaxException e) {
            throw new AssertionError("no filter was given", e);
        }
    }

    private static String property(ServiceReference<?> reference, String key) {
        Object value = reference.getProperty(key);
        return value == null ? "-" : String.valueOf(value);
    }
}
