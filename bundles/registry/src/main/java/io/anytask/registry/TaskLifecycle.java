package io.anytask.registry;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optional hooks of an interface, in either form: implement this interface on the service object. A worker calls
 * them from the thread that runs its requests.
 */
@ConsumerType
public interface TaskLifecycle {

    /**
     * Runs once in each worker, just before its first request. If it throws, that request is answered
     * {@code setup exception: MESSAGE} and setup runs again before the next request. What it writes to
     * {@link TaskLog} travels back with that first request.
     *
     * @throws Exception to fail the setup
     */
    default void setup() throws Exception {
    }

    /**
     * Runs each time a checkout of this worker is released (the {@code dn} message), for example to roll back
     * a transaction. Nothing is sent back: an exception is written to the worker's standard error, and what it
     * writes to {@link TaskLog} is discarded.
     *
     * @throws Exception to report a failure on the worker's standard error
     */
    default void checkoutDone() throws Exception {
    }
}
