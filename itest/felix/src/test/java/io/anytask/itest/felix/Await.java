package io.anytask.itest.felix;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Bounded waits. The bounds are generous ceilings for a loaded machine, never the thing a test asserts: a test
 * waits for a behaviour and fails only if it never comes.
 */
final class Await {
    /** The longest wait for a service, a call or a process (a worker JVM boots in seconds). */
    static final Duration LONG = Duration.ofSeconds(90);

    private Await() {
    }

    /** Waits for a service matching {@code filter} (an LDAP filter over its properties, objectClass included). */
    static <T> ServiceReference<T> service(BundleContext context, Class<T> type, String filter)
            throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, filter(context, type, filter), null);
        tracker.open();
        try {
            if (tracker.waitForService(LONG.toMillis()) == null) {
                fail("no " + type.getSimpleName() + " service " + filter + " within " + LONG.toSeconds() + " s");
            }
            return tracker.getServiceReference();
        } finally {
            tracker.close();
        }
    }

    /** Waits until no service of {@code type} matches {@code filter}. */
    static void noService(BundleContext context, Class<?> type, String filter) throws InterruptedException {
        until("no " + type.getSimpleName() + " service " + filter, () -> references(context, type, filter) == 0);
    }

    /** How many services of {@code type} match {@code filter} now. */
    static int references(BundleContext context, Class<?> type, String filter) {
        try {
            ServiceReference<?>[] references = context.getServiceReferences(type.getName(), filter);
            return references == null ? 0 : references.length;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }

    /** Polls {@code condition} until it holds; fails the test, naming {@code what}, if it never does. */
    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("still waiting, after " + LONG.toSeconds() + " s, for: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The result of {@code future}; a failure fails the test with the cause. */
    static <T> T result(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(LONG.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the call failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the call did not complete within " + LONG.toSeconds() + " s", e);
        }
    }

    /** The exception {@code future} completes with, which must be a {@code type}. */
    static <E extends Throwable> E failure(CompletableFuture<?> future, Class<E> type) throws InterruptedException {
        try {
            Object value = future.get(LONG.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("expected a " + type.getSimpleName() + ", the call returned " + value);
        } catch (ExecutionException e) {
            assertTrue("expected a " + type.getSimpleName() + ", got " + e.getCause(), type.isInstance(e.getCause()));
            return type.cast(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the call did not complete within " + LONG.toSeconds() + " s", e);
        }
    }

    private static Filter filter(BundleContext context, Class<?> type, String filter) {
        try {
            return context.createFilter("(&(objectClass=" + type.getName() + ")" + filter + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }
}
