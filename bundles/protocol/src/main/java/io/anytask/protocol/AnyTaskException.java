package io.anytask.protocol;

/**
 * Root of anytask's exceptions. Every error that anytask raises or completes a future with is one of
 * its subtypes, each naming what happened; the underlying cause, when there is one, is always chained.
 */
public class AnyTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AnyTaskException(String message) {
        super(message);
    }

    public AnyTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
