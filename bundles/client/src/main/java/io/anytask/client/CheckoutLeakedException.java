package io.anytask.client;

/**
 * Not thrown: handed to {@link ClientListener#checkoutLeaked} and logged when a checkout became unreachable
 * without {@link Checkout#close()}. Its cause's stack trace shows where the checkout was taken. The client
 * released the checkout itself.
 */
public class CheckoutLeakedException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** A leak report; {@code origin}'s stack trace is where the checkout was taken. */
    public CheckoutLeakedException(String reason, String context, Throwable origin) {
        super(reason, context, origin);
    }
}
