package io.anytask.registry;

import io.anytask.registry.internal.Binding;
import io.anytask.registry.internal.ServiceInterface;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The whiteboard {@link InterfaceRegistry}: tracks every service that carries {@value #INTERFACE_PROPERTY} in a
 * bundle context, whatever its class. The property's value is a name, or an array or collection of names. A worker
 * opens one over its framework's system bundle context.
 *
 * <p>Thread-safe. Close it to stop tracking.
 */
public final class InterfaceTracker implements InterfaceRegistry, AutoCloseable {
    private static final String FILTER = "(" + INTERFACE_PROPERTY + "=*)";

    private final Tracker tracker;
    /** Interfaces made so far, one per service reference; guarded by {@code this}. */
    private final Map<ServiceReference<Object>, ServiceInterface> made = new HashMap<>();

    private InterfaceTracker(BundleContext context) {
        this.tracker = new Tracker(context, filter());
    }

    /** Starts tracking the interfaces registered in {@code context}. */
    public static InterfaceTracker open(BundleContext context) {
        Objects.requireNonNull(context, "context");
        InterfaceTracker registry = new InterfaceTracker(context);
        registry.tracker.open(true);
        return registry;
    }

    @Override
    public Optional<TaskInterface> find(String name) {
        Objects.requireNonNull(name, "name");
        ServiceReference<Object> best = null;
        ServiceReference<Object>[] refs = tracker.getServiceReferences();
        for (ServiceReference<Object> ref : refs == null ? List.<ServiceReference<Object>>of() : List.of(refs)) {
            if (namesOf(ref).contains(name) && (best == null || ref.compareTo(best) > 0)) {
                best = ref;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Object service = tracker.getService(best);
        if (service == null) {
            return Optional.empty();
        }
        synchronized (this) {
            ServiceReference<Object> ref = best;
            return Optional.of(made.computeIfAbsent(ref, r -> ServiceInterface.of(name, service)));
        }
    }

    @Override
    public TaskInterface await(String name, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(name, "name");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0)");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (tracker) {
            while (true) {
                Optional<TaskInterface> found = find(name);
                if (found.isPresent()) {
                    return found.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new InterfaceNotFoundException("no interface named '" + name + "' was registered within "
                            + timeout.toMillis() + " ms (a service with " + INTERFACE_PROPERTY + "=" + name
                            + "); registered interfaces: " + names());
                }
                tracker.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>();
        ServiceReference<Object>[] refs = tracker.getServiceReferences();
        if (refs != null) {
            for (ServiceReference<Object> ref : refs) {
                names.addAll(namesOf(ref));
            }
        }
        return names;
    }

    /** Stops tracking; interfaces found before stay usable as long as their services are. */
    /**
     * Makes the registry forget what it has cached about interface classes (the JSON binding's serializers and
     * types), so that the class loaders of interface bundles that were uninstalled can be collected. For hosts
     * that replace interface bundles in a running framework, as a renewed worker does; the caches fill again on
     * use.
     *
     * @since package version 2.0
     */
    public static void forgetInterfaceClasses() {
        Binding.forgetClasses();
    }

    @Override
    public void close() {
        tracker.close();
    }

    private static List<String> namesOf(ServiceReference<?> ref) {
        Object value = ref.getProperty(INTERFACE_PROPERTY);
        if (value instanceof String) {
            return List.of((String) value);
        }
        if (value instanceof String[]) {
            return List.of((String[]) value);
        }
        if (value instanceof Collection) {
            return ((Collection<?>) value).stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static Filter filter() {
        try {
            return FrameworkUtil.createFilter(FILTER);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("bad constant filter " + FILTER, e);
        }
    }

    /** Wakes {@link #await} callers when a service comes or changes, and forgets interfaces that went away. */
    private final class Tracker extends ServiceTracker<Object, Object> {
        Tracker(BundleContext context, Filter filter) {
            super(context, filter, null);
        }

        @Override
        public Object addingService(ServiceReference<Object> reference) {
            Object service = super.addingService(reference);
            wake();
            return service;
        }

        @Override
        public void modifiedService(ServiceReference<Object> reference, Object service) {
            synchronized (InterfaceTracker.this) {
                made.remove(reference);
            }
            wake();
        }

        @Override
        public void removedService(ServiceReference<Object> reference, Object service) {
            synchronized (InterfaceTracker.this) {
                made.remove(reference);
            }
            super.removedService(reference, service);
        }

        private void wake() {
            synchronized (this) {
                notifyAll();
            }
        }
    }
}
