package io.anytask.registry;

/**
 * The JSON arguments of a request cannot be bound to the parameter types of the method; the message names the
 * method, the interface and the argument.
 */
public class ArgumentBindingException extends InterfaceFailedException {
    private static final long serialVersionUID = 1L;

    /** An exception with this message. */
    public ArgumentBindingException(String message) {
        super(message);
    }

    /** An exception with this message, caused by {@code cause}. */
    public ArgumentBindingException(String message, Throwable cause) {
        super(message, cause);
    }
}
