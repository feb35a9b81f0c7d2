package io.anytask.client;

/**
 * A call was made on a checkout after {@link Checkout#close()}.
 */
public class CheckoutReleasedException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** An error with this {@code reason}, for the call described by {@code context}, caused by {@code cause}. */
    public CheckoutReleasedException(String reason, String context, Throwable cause) {
        super(reason, context, cause);
    }
}
