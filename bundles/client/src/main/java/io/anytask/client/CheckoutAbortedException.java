package io.anytask.client;

/**
 * The caller aborted the checkout with {@link Checkout#abort(String)}; the reason is the caller's message. A fatal
 * error: the checkout fails every later call with it.
 */
public class CheckoutAbortedException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** An error with this {@code reason}, for the call described by {@code context}, caused by {@code cause}. */
    public CheckoutAbortedException(String reason, String context, Throwable cause) {
        super(reason, context, cause);
    }
}
