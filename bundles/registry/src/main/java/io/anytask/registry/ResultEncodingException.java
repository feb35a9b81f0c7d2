package io.anytask.registry;

/**
 * The interface's result could not be written as JSON; the message starts with {@code error JSON encoding
 * interface output: } (SPEC.md section 3).
 */
public class ResultEncodingException extends InterfaceFailedException {
    private static final long serialVersionUID = 1L;

    /** An exception with this message. */
    public ResultEncodingException(String message) {
        super(message);
    }

    /** An exception with this message, caused by {@code cause}. */
    public ResultEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
