package io.anytask.protocol;

/** Bytes that are not a JSON text in UTF-8: not JSON, invalid UTF-8, or a stream that ended inside a message. */
public class MalformedFrameException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
