package io.anytask.protocol;

/** Input on the wire that is not a valid stream of anytask messages. A decoder that threw one refuses further input. */
public class ProtocolException extends AnyTaskException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
