package io.anytask.registry;

import io.anytask.protocol.AnyTaskException;

/**
 * A request, setup or checkout done of an interface failed. The message is the text of the {@code er} reply: for
 * an exception thrown by interface code, that exception's message (it is the cause).
 */
public class InterfaceFailedException extends AnyTaskException {
    private static final long serialVersionUID = 1L;

    /** An exception with this message. */
    public InterfaceFailedException(String message) {
        super(message);
    }

    /** An exception with this message, caused by {@code cause}. */
    public InterfaceFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
