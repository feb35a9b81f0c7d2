package io.anytask.client;

import io.anytask.protocol.AnyTaskException;
import java.util.Objects;

/**
 * Root of the errors that a checkout's calls fail with. Each carries the bare {@link #reason() reason} (whose
 * first words are the ones SPEC.md section 3 lists, such as {@code timed out after 30 seconds}) and the
 * {@link #context() context} {@code CLIENT NAME -> method} of the call it belongs to; the message is
 * {@code reason [context]}.
 */
public abstract class TaskException extends AnyTaskException {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String context;

    protected TaskException(String reason, String context, Throwable cause) {
        super(format(reason, context), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.context = context;
    }

    /** The bare reason, without the context. */
    public String reason() {
        return reason;
    }

    /**
     * The context of the failed call, {@code CLIENT NAME -> method} ({@code ANONYMOUS CLIENT} when the client has
     * no name, {@code NO METHOD} for a call as a function); empty when the error concerns no call.
     */
    public String context() {
        return context == null ? "" : context;
    }

    private static String format(String reason, String context) {
        String text = reason.stripTrailing();
        return context == null || context.isEmpty() ? text : text + " [" + context + "]";
    }
}
