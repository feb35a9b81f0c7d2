package io.anytask.server;

import io.anytask.protocol.AnyTaskException;

/**
 * A server could not start or run: its endpoint is taken or unusable, or its workers cannot be started.
 */
public class ServerException extends AnyTaskException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, naming the endpoint or value involved
     */
    public ServerException(String message) {
        super(message);
    }

    /**
     * @param message what happened, naming the endpoint or value involved
     * @param cause   the underlying failure
     */
    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
