package io.anytask.client.internal;

import io.anytask.protocol.Message;

/** Opens worker connections for the pool. Every method and every callback runs on the loop. */
public interface Transport {

    /** Starts opening a connection; {@code handler} hears how it goes, on the loop. */
    void connect(Handler handler);

    /**
     * Called once the loop has stopped (the pool closed every connection it knew of): closes connections that were
     * still being opened, whose handler the loop can no longer tell. Any thread.
     */
    default void close() {
    }

    /** An open connection to one worker. */
    interface Connection {
        /** Queues {@code message} for sending; never blocks. */
        void send(Message message);

        /** Closes the connection; the handler hears nothing more from it. Closing again does nothing. */
        void close();
    }

    /** What happens to one connection. */
    interface Handler {
        void connected(Connection connection);

        void connectFailed(Exception cause);

        void received(Message message);

        /**
         * The peer closed ({@code cause} is null) or the connection failed; not called after
         * {@link Connection#close()}.
         */
        void closed(Exception cause);
    }
}
