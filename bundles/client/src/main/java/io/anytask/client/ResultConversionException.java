package io.anytask.client;

/**
 * The worker answered, but its result could not be converted to the Java type the caller asked for; the cause is the
 * conversion error. Not fatal: the checkout can still be used.
 */
public class ResultConversionException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** An error with this {@code reason}, for the call described by {@code context}, caused by {@code cause}. */
    public ResultConversionException(String reason, String context, Throwable cause) {
        super(reason, context, cause);
    }
}
