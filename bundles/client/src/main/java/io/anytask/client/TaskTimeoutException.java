package io.anytask.client;

/**
 * A call did not complete within the checkout's timeout: {@code timed out after N seconds}. A fatal error: the worker
 * connection is closed and the checkout fails every later call with it.
 */
public class TaskTimeoutException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** An error with this {@code reason}, for the call described by {@code context}, caused by {@code cause}. */
    public TaskTimeoutException(String reason, String context, Throwable cause) {
        super(reason, context, cause);
    }
}
