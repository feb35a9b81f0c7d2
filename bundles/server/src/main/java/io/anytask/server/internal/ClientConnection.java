package io.anytask.server.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.Socket;
import org.newsclub.net.unix.AFSocket;

/**
 * An accepted client connection on its way to a worker: the socket, and its file descriptor when the descriptor
 * can be passed to another process (null when it cannot, so the connection must be relayed). A TLS connection's
 * socket is layered over the accepted TCP socket, its {@code transport}, which is closed after it (null for
 * others).
 */
record ClientConnection(Socket socket, FileDescriptor descriptor, Socket transport) implements AutoCloseable {

    /** A connection as accepted, with no layer over it. */
    ClientConnection(Socket socket, FileDescriptor descriptor) {
        this(socket, descriptor, null);
    }

    /**
     * Closes the connection: the client sees its end. A TLS connection ends its output first (its close_notify),
     * then the TCP socket under it closes; the TLS socket's own close is not used, as over a socket it does not
     * close itself it may wait for the peer's close_notify while another thread reads.
     */
    @Override
    public void close() {
        if (transport == null) {
            closeQuietly(socket);
            return;
        }
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            // no close_notify then; the TCP close below ends the connection
        }
        closeQuietly(transport);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // The server's copy of the connection is released either way.
        }
    }

    /**
     * Releases the server's copy of a connection whose descriptor a worker now holds, leaving the connection
     * itself open. junixsocket's {@code close()} shuts the connection down first (for every holder of it, the
     * worker too), so its descriptor is closed on its own before, which makes that shutdown a no-op. A JDK
     * channel's close does not shut down.
     */
    void release() {
        if (socket instanceof AFSocket<?> && descriptor != null) {
            try (FileInputStream closer = new FileInputStream(descriptor)) {
                // Only the close matters.
            } catch (IOException e) {
                // Falls through to close(), which then shuts down: the worker's copy would see an end of input.
            }
        }
        close();
    }
}
