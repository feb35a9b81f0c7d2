package io.anytask.registry;

import io.anytask.protocol.AnyTaskException;

/** No interface of the requested name was registered in time; the message lists the names that were. */
public class InterfaceNotFoundException extends AnyTaskException {
    private static final long serialVersionUID = 1L;

    /** An exception with this message. */
    public InterfaceNotFoundException(String message) {
        super(message);
    }

    /** An exception with this message, caused by {@code cause}. */
    public InterfaceNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
