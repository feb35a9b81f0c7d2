package io.anytask.client;

import io.anytask.client.internal.DefaultTaskClient;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An asynchronous pool of worker connections to one anytask server (SPEC.md section 6). {@link #checkout()} lends
 * one worker at a time, exclusively, to a {@link Checkout}; checkouts are served first come, first served, and
 * their calls return futures. Nothing in this interface blocks, except {@link #close()}, briefly.
 *
 * <p>All pool state is owned by one event-loop thread per client; futures are completed on the
 * {@link TaskClientConfig#callbackExecutor() callback executor}, never on that thread. Thread-safe.
 */
@ProviderType
public interface TaskClient extends AutoCloseable {
    /**
     * Service property of a {@code TaskClient} registered as an OSGi service (by {@code io.anytask.osgi}, one per
     * {@code io.anytask.client} configuration): the client's name, for {@code @Reference(target = "(name=...)")}.
     *
     * @since package version 2.0
     */
    String NAME_PROPERTY = "name";
    /** Service property of a {@code TaskClient} service: its server's endpoint, in text form. @since 2.0 */
    String ENDPOINT_PROPERTY = "endpoint";

    /** Starts a client: it opens {@link TaskClientConfig#minWorkers()} worker connections in the background. */
    static TaskClient create(TaskClientConfig config) {
        return DefaultTaskClient.start(config);
    }

    /** The configuration this client runs with. */
    TaskClientConfig config();

    /**
     * A new checkout with the client's default options; see {@link #checkout(CheckoutOptions)}.
     *
     * @throws PendingCheckoutsFullException if {@link TaskClientConfig#maxPendingCheckouts()} checkouts are waiting
     * @throws ClientClosedException if the client is closed
     */
    default Checkout checkout() {
        return checkout(CheckoutOptions.defaults());
    }

    /**
     * A new checkout. It joins the end of the queue at once and gets a worker when one is free; calls made on it
     * meanwhile wait on the checkout. Never blocks. The checkout must be {@link Checkout#close() closed}.
     *
     * @throws PendingCheckoutsFullException if {@link TaskClientConfig#maxPendingCheckouts()} checkouts are waiting
     * @throws ClientClosedException if the client is closed
     */
    Checkout checkout(CheckoutOptions options);

    /** A snapshot of the pool and its totals. */
    ClientStats stats();

    /**
     * Closes the client: calls still pending fail with {@link ClientClosedException}, every worker connection is
     * closed, and the event loop stops. Waits a few seconds at most for the loop to finish. Closing again does
     * nothing.
     */
    @Override
    void close();

    /**
     * Closes the client as {@link #close()} does, telling why: the calls still pending fail with a
     * {@link ClientClosedException} whose reason is {@code client closed: } followed by {@code reason} (for example
     * {@code configuration io.anytask.client~hasher changed}). Closing again does nothing.
     *
     * @param reason why the client closes, for the callers whose calls fail; null or blank for none
     * @since package version 2.0
     */
    void close(String reason);
}
