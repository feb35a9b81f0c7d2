package io.anytask.registry;

/** The setup hook threw; the message starts with {@code setup exception: } (SPEC.md section 3). */
public class SetupFailedException extends InterfaceFailedException {
    private static final long serialVersionUID = 1L;

    /** An exception with this message. */
    public SetupFailedException(String message) {
        super(message);
    }

    /** An exception with this message, caused by {@code cause}. */
    public SetupFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
