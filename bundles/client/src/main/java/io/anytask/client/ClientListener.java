package io.anytask.client;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a {@link TaskClient}'s events, for metrics. Every method does nothing by default. The client calls the
 * listener on a thread of its own, one event at a time in the order they happened, never on its event loop; an
 * exception thrown by a method is ignored.
 */
@ConsumerType
public interface ClientListener {
    /** A listener that does nothing. */
    ClientListener NONE = new ClientListener() {
    };

    /** A worker connection was opened. */
    default void workerConnected() {
    }

    /** Opening a worker connection failed (the server is down or refused); the client retries after 200 ms. */
    default void workerConnectFailed(Exception cause) {
    }

    /** A worker connection closed or failed while open, not by the client's choice. */
    default void workerDied(Exception cause) {
    }

    /** The client closed a worker connection on purpose; {@code reason} says why. */
    default void workerRetired(String reason) {
    }

    /** A call was answered, with {@code ok} when {@code failure} is null; {@code nanos} is the round trip. */
    default void callCompleted(String method, long nanos, TaskException failure) {
    }

    /** A checkout waited {@code nanos} in the queue before it got a worker. */
    default void checkoutStarted(long nanos) {
    }

    /** A checkout timed out. */
    default void checkoutTimedOut(TaskTimeoutException error) {
    }

    /** A checkout became unreachable without being closed; the client released it. */
    default void checkoutLeaked(CheckoutLeakedException leak) {
    }
}
