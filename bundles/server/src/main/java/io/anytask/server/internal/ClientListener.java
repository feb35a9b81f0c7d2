package io.anytask.server.internal;

import io.anytask.protocol.Endpoint;
import io.anytask.server.HandOffMode;
import java.io.IOException;

/** The server's listening socket, Unix or TCP. */
interface ClientListener extends AutoCloseable {

    /** @return the endpoint as bound (a TCP port 0 replaced by the port the system chose) */
    Endpoint endpoint();

    /** @return how accepted connections can reach a worker */
    HandOffMode handOffMode();

    /** Blocks until a client connects. @throws IOException once the listener is closed */
    ClientConnection accept() throws IOException;

    /** Stops listening; a Unix socket file is removed if it is still the one this listener created. */
    @Override
    void close();
}
