package io.anytask.client;

/**
 * The worker answered a call with an {@code er} reply: the interface threw. The reason is the worker's message
 * as it was sent. Not fatal: the checkout can still be used, but the calls queued after the failed one are
 * skipped, and at release the worker is retired unless {@link TaskClientConfig#keepWorkerAfterError()} is set.
 */
public class InterfaceFailedException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** An error with the worker's message {@code reason}, for the call described by {@code context}. */
    public InterfaceFailedException(String reason, String context, Throwable cause) {
        super(reason, context, cause);
    }
}
