package io.anytask.client;

/**
 * A call queued on a checkout was never sent because an earlier call on the same checkout failed (SPEC.md section 6);
 * the cause is that earlier call's error.
 */
public class CallSkippedException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** An error with this {@code reason}, for the call described by {@code context}, caused by {@code cause}. */
    public CallSkippedException(String reason, String context, Throwable cause) {
        super(reason, context, cause);
    }
}
