package io.anytask.client;

/**
 * The worker connection closed or failed while the checkout held it: {@code worker connection suddenly died}. A fatal
 * error: the checkout fails every later call with it. The cause, when there is one, is the I/O or protocol error
 * seen.
 */
public class WorkerDiedException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** An error with this {@code reason}, for the call described by {@code context}, caused by {@code cause}. */
    public WorkerDiedException(String reason, String context, Throwable cause) {
        super(reason, context, cause);
    }
}
