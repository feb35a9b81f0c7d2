package io.anytask.protocol;

/** A well-formed JSON text that is not a message: not an array, empty, an unknown command, a bad META, a missing result. */
public class InvalidMessageException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public InvalidMessageException(String message) {
        super(message);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
