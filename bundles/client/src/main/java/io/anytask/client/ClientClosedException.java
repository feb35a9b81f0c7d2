package io.anytask.client;

/**
 * The {@link TaskClient} was closed while the call was pending, or is closed already.
 */
public class ClientClosedException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** An error with this {@code reason}, for the call described by {@code context}, caused by {@code cause}. */
    public ClientClosedException(String reason, String context, Throwable cause) {
        super(reason, context, cause);
    }
}
