package io.anytask.client;

/**
 * The bound on pending checkouts ({@link TaskClientConfig#maxPendingCheckouts()}) was reached; {@link
 * TaskClient#checkout()} throws this at once.
 */
public class PendingCheckoutsFullException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** An error with this {@code reason}, for the call described by {@code context}, caused by {@code cause}. */
    public PendingCheckoutsFullException(String reason, String context, Throwable cause) {
        super(reason, context, cause);
    }
}
