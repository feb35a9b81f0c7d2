package io.anytask.registry;

/**
 * A method-dispatch interface has no public method of the requested name taking the given number of arguments, or
 * none was named.
 */
public class UnknownMethodException extends InterfaceFailedException {
    private static final long serialVersionUID = 1L;

    /** An exception with this message. */
    public UnknownMethodException(String message) {
        super(message);
    }

    /** An exception with this message, caused by {@code cause}. */
    public UnknownMethodException(String message, Throwable cause) {
        super(message, cause);
    }
}
