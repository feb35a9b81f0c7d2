package io.anytask.protocol;

/** A message longer than the decoder's maximum frame size; the message names the limit. */
public class FrameTooLongException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    public FrameTooLongException(long limit) {
        super("frame longer than the maximum of " + limit + " bytes (maxFrameBytes)");
        this.limit = limit;
    }

    /** The maximum frame size in bytes that was exceeded. */
    public long limit() {
        return limit;
    }
}
