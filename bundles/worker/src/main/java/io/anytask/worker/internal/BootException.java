package io.anytask.worker.internal;

import io.anytask.protocol.AnyTaskException;

/** The worker could not boot: Felix did not start, a bundle did not resolve or start, the interface is missing. */
public final class BootException extends AnyTaskException {
    private static final long serialVersionUID = 1L;

    public BootException(String message) {
        super(message);
    }

    public BootException(String message, Throwable cause) {
        super(message, cause);
    }
}
