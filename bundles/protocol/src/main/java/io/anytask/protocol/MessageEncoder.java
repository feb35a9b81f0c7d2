package io.anytask.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.protocol.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes messages in the wire format that the original implementation reads: each message one JSON array in
 * UTF-8, with no delimiter and no newline after it. Characters outside ASCII are written as UTF-8, not escaped.
 *
 * <p>An encoder holds no state and is thread-safe.
 */
public final class MessageEncoder {
    private static final MessageEncoder INSTANCE = new MessageEncoder();

    private MessageEncoder() {
    }

    /** The encoder. */
    public static MessageEncoder instance() {
        return INSTANCE;
    }

    /**
     * The bytes of {@code message}.
     *
     * @throws MessageEncodingException if a value in the message cannot be written as JSON
     */
    public byte[] encode(Message message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try {
            encode(message, out);
        } catch (IOException e) {
            throw new MessageEncodingException("cannot encode " + message.command().wireName() + " message: " + e, e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the bytes of {@code message} to {@code out}, without flushing it.
     *
     * @throws MessageEncodingException if a value in the message cannot be written as JSON; part of the message may
     *     already be written
     * @throws IOException if {@code out} fails
     */
    public void encode(Message message, OutputStream out) throws IOException {
        Objects.requireNonNull(message, "message");
        try (JsonGenerator gen = Json.MAPPER.getFactory().createGenerator(out)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.writeStartArray();
            gen.writeString(message.command().wireName());
            gen.writeTree(message.meta().fields());
            if (message instanceof Message.Do) {
                for (JsonNode arg : ((Message.Do) message).args()) {
                    writeValue(gen, arg, message);
                }
            } else if (message instanceof Message.Ok) {
                writeValue(gen, ((Message.Ok) message).result(), message);
            } else if (message instanceof Message.Er) {
                gen.writeString(((Message.Er) message).message());
            }
            gen.writeEndArray();
        }
    }

    private static void writeValue(JsonGenerator gen, JsonNode value, Message message) throws IOException {
        try {
            gen.writeTree(value);
        } catch (IOException | RuntimeException e) {
            if (isFromOutput(e)) {
                throw e;
            }
            throw new MessageEncodingException(
                    "cannot encode a value of the " + message.command().wireName() + " message: " + e.getMessage(), e);
        }
    }

    /** Serialisation errors come from Jackson's databind; plain I/O errors come from the stream. */
    private static boolean isFromOutput(Exception e) {
        return e instanceof IOException && !(e instanceof com.fasterxml.jackson.core.JsonProcessingException);
    }
}
