package io.anytask.registry;

import io.anytask.protocol.AnyTaskException;

/**
 * A request, setup or checkout done of an interface failed. The message is the text of the {@code er} reply: for
 * an exception thrown by interface code, that exception's message (it is the cause).
 */
public class InterfaceCallException extends AnyTaskException {
    private static final long serialVersionUID = 1L;

    /** An exception with this message. */
    public InterfaceCallException(String message) {
        super(message);
    }

    /** An exception with this message, caused by {@code cause}. */
    public InterfaceCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
