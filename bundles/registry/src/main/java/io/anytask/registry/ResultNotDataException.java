package io.anytask.registry;

/**
 * The interface returned an object that is not plain JSON data; the message starts with {@code interface returned
 * object: } (SPEC.md section 3).
 */
public class ResultNotDataException extends InterfaceFailedException {
    private static final long serialVersionUID = 1L;

    /** An exception with this message. */
    public ResultNotDataException(String message) {
        super(message);
    }

    /** An exception with this message, caused by {@code cause}. */
    public ResultNotDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
