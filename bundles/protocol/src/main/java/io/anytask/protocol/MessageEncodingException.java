package io.anytask.protocol;

/** A message that cannot be written as JSON, for example because it holds a value that is not plain data. */
public class MessageEncodingException extends AnyTaskException {
    private static final long serialVersionUID = 1L;

    public MessageEncodingException(String message) {
        super(message);
    }

    public MessageEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
