package io.anytask.protocol;

/** A message whose arrays and objects nest deeper than the decoder allows; the message names the limit. */
public class NestingTooDeepException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final int limit;

    public NestingTooDeepException(int limit) {
        super("JSON nested deeper than the maximum of " + limit + " levels (maxDepth)");
        this.limit = limit;
    }

    /** The maximum nesting depth that was exceeded. */
    public int limit() {
        return limit;
    }
}
