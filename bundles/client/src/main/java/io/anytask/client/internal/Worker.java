package io.anytask.client.internal;

import io.anytask.protocol.Message;

/**
 * One worker connection of the pool, from the moment it starts connecting until it is closed. Loop-owned. It
 * forwards what happens on its connection to the {@link Pool}.
 */
final class Worker implements Transport.Handler {
    enum State { CONNECTING, IDLE, BUSY, CLOSED }

    private final Pool pool;
    Transport.Connection connection;
    State state = State.CONNECTING;
    /** Checkouts this worker has been lent to, for max checkouts. */
    int checkouts;
    /** The checkout holding this worker while {@link State#BUSY}. */
    CheckoutState checkout;

    Worker(Pool pool) {
        this.pool = pool;
    }

    void send(Message message) {
        connection.send(message);
    }

    @Override
    public void connected(Transport.Connection c) {
        this.connection = c;
        pool.workerConnected(this);
    }

    @Override
    public void connectFailed(Exception cause) {
        pool.workerConnectFailed(this, cause);
    }

    @Override
    public void received(Message message) {
        pool.workerReplied(this, message);
    }

    @Override
    public void closed(Exception cause) {
        pool.workerDied(this, cause);
    }
}
