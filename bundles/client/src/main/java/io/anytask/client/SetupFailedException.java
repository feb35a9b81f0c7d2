package io.anytask.client;

/**
 * The worker's setup threw before the call could run: the reason starts with {@code setup exception: } followed
 * by the setup's message.
 */
public class SetupFailedException extends InterfaceFailedException {
    private static final long serialVersionUID = 1L;

    /** The prefix of the worker's message that marks a setup error. */
    public static final String PREFIX = "setup exception: ";

    /** An error with the worker's message {@code reason}, for the call described by {@code context}. */
    public SetupFailedException(String reason, String context, Throwable cause) {
        super(reason, context, cause);
    }
}
