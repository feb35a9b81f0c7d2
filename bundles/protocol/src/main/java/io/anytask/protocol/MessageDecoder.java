package io.anytask.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anytask.protocol.internal.Json;
import io.anytask.protocol.internal.TreeAssembler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Incremental decoder for one direction of a connection: a stream of JSON arrays in UTF-8, written back to back
 * with no delimiter (whitespace between them is allowed). Feed it byte chunks of any size, as they arrive: one
 * chunk may hold several messages or a fraction of one, down to a single byte, and a multi-byte UTF-8 character
 * may be split across chunks. Each complete message is handed to the sink as soon as its last byte is fed.
 *
 * <p>Bad input ends in a {@link ProtocolException} naming what was wrong, never a hang or a silent skip. After
 * one, the decoder refuses further input: the stream's framing can no longer be trusted.
 *
 * <p>A decoder is not thread-safe; one connection's reader owns it. It does not keep the caller's arrays.
 */
public final class MessageDecoder {
    /** Bytes handed to the parser at a time, so that the frame size is checked while a large chunk is read. */
    private static final int SLICE = 64 * 1024;

    /**
     * Bounds on what one message may be.
     *
     * @param maxFrameBytes most bytes in one message, whitespace before it included (default 64 MiB)
     * @param maxDepth most levels of nested arrays and objects in one message, its outer array included (default 1000)
     */
    public record Limits(long maxFrameBytes, int maxDepth) {
        /** Default maximum frame size: 64 MiB. */
        public static final long DEFAULT_MAX_FRAME_BYTES = 64L * 1024 * 1024;
        /** Default maximum nesting depth. */
        public static final int DEFAULT_MAX_DEPTH = 1000;

        public Limits {
            if (maxFrameBytes < 16 || maxFrameBytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "maxFrameBytes: " + maxFrameBytes + " (expected: 16 to " + Integer.MAX_VALUE + ")");
            }
            if (maxDepth < 2 || maxDepth > 100_000) {
                throw new IllegalArgumentException("maxDepth: " + maxDepth + " (expected: 2 to 100000)");
            }
        }

        /** The defaults: 64 MiB and 1000 levels. */
        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_DEPTH);
        }

        /** These limits with another maximum frame size. */
        public Limits withMaxFrameBytes(long bytes) {
            return new Limits(bytes, maxDepth);
        }

        /** These limits with another maximum nesting depth. */
        public Limits withMaxDepth(int depth) {
            return new Limits(maxFrameBytes, depth);
        }
    }

    private final Limits limits;
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final TreeAssembler assembler;
    /** Bytes fed so far. */
    private long fed;
    /** Offset of the first byte after the last complete message: where the next frame's bytes are counted from. */
    private long boundary;
    private ProtocolException failure;

    /** A decoder with the {@link Limits#defaults() default limits}. */
    public MessageDecoder() {
        this(Limits.defaults());
    }

    /** A decoder with the given limits. */
    public MessageDecoder(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength((int) limits.maxFrameBytes())
                        // one level more than ours, so that the assembler's clearer error fires first
                        .maxNestingDepth(limits.maxDepth() + 1)
                        .build())
                .build();
        try {
            this.parser = factory.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        this.assembler = new TreeAssembler(limits.maxDepth());
    }

    /** The limits this decoder enforces. */
    public Limits limits() {
        return limits;
    }

    /**
     * Feeds {@code len} bytes of {@code bytes} from {@code offset}, handing every message they complete to
     * {@code sink}, in order.
     *
     * @throws ProtocolException if the input is not a valid message stream; the decoder then refuses further input
     */
    public void feed(byte[] bytes, int offset, int len, Consumer<? super Message> sink) {
        Objects.checkFromIndexSize(offset, len, bytes.length);
        Objects.requireNonNull(sink, "sink");
        checkUsable();
        int end = offset + len;
        while (offset < end) {
            int n = Math.min(SLICE, end - offset);
            try {
                feeder.feedInput(bytes, offset, offset + n);
            } catch (IOException e) {
                throw fail(translate(e));
            }
            fed += n;
            offset += n;
            drain(sink);
            if (fed - boundary > limits.maxFrameBytes()) {
                throw fail(new FrameTooLongException(limits.maxFrameBytes()));
            }
        }
    }

    /** Feeds all of {@code bytes}; see {@link #feed(byte[], int, int, Consumer)}. */
    public List<Message> feed(byte[] bytes) {
        List<Message> out = new ArrayList<>(2);
        feed(bytes, 0, bytes.length, out::add);
        return out;
    }

    /** Feeds the remaining bytes of {@code buffer}, consuming them; see {@link #feed(byte[], int, int, Consumer)}. */
    public void feed(ByteBuffer buffer, Consumer<? super Message> sink) {
        if (buffer.hasArray()) {
            int len = buffer.remaining();
            feed(buffer.array(), buffer.arrayOffset() + buffer.position(), len, sink);
            buffer.position(buffer.position() + len);
        } else {
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            feed(copy, 0, copy.length, sink);
        }
    }

    /**
     * Tells the decoder that the stream has ended. Whitespace after the last message is fine.
     *
     * @throws MalformedFrameException if the stream ended inside a message
     */
    public void endOfInput(Consumer<? super Message> sink) {
        checkUsable();
        feeder.endOfInput();
        drain(sink);
        if (assembler.depth() > 0) {
            throw fail(new MalformedFrameException(
                    "stream ended inside a message, " + (fed - boundary) + " bytes after the last complete one"));
        }
    }

    /** True while part of a message has been fed and its end has not. */
    public boolean isInsideMessage() {
        return assembler.depth() > 0;
    }

    /** True once the decoder has rejected input; it then refuses more. */
    public boolean hasFailed() {
        return failure != null;
    }

    private void drain(Consumer<? super Message> sink) {
        try {
            JsonToken token;
            while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
                if (assembler.depth() == 0 && token != JsonToken.START_ARRAY) {
                    throw new InvalidMessageException("not a JSON array: a message is an array, got " + describe(token));
                }
                JsonNode root = assembler.accept(token, parser);
                if (root != null) {
                    boundary = parser.currentTokenLocation().getByteOffset() + 1;
                    sink.accept(toMessage((ArrayNode) root));
                }
            }
        } catch (ProtocolException e) {
            throw fail(e);
        } catch (IOException e) {
            throw fail(translate(e));
        } catch (RuntimeException | Error e) {
            fail(new ProtocolException("decoder stopped: the message consumer threw " + e, e));
            throw e;
        }
    }

    private String describe(JsonToken token) {
        switch (token) {
            case START_OBJECT:
                return "an object";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return String.valueOf(token);
        }
    }

    /** Turns a complete JSON array into a message, or says why it is not one. */
    static Message toMessage(ArrayNode frame) {
        if (frame.isEmpty()) {
            throw new InvalidMessageException("empty array: a message starts with a command (do, ok, er or dn)");
        }
        JsonNode word = frame.get(0);
        if (!word.isTextual()) {
            throw new InvalidMessageException("command is not a string: " + Json.abbreviate(word));
        }
        Command command = Command.fromWireName(word.textValue()).orElseThrow(() -> new InvalidMessageException(
                "unknown command \"" + Json.abbreviate(word).replace("\"", "") + "\" (expected: do, ok, er or dn)"));
        if (frame.size() < 2) {
            throw new InvalidMessageException("META missing in " + command.wireName() + " message");
        }
        JsonNode meta = frame.get(1);
        if (!meta.isObject()) {
            throw new InvalidMessageException(
                    "META is not an object in " + command.wireName() + " message: " + Json.abbreviate(meta));
        }
        Meta m = Meta.adopt((ObjectNode) meta);
        switch (command) {
            case DO:
                List<JsonNode> args = new ArrayList<>(frame.size() - 2);
                for (int i = 2; i < frame.size(); i++) {
                    args.add(frame.get(i));
                }
                return new Message.Do(m, args);
            case OK:
                if (frame.size() != 3) {
                    throw new InvalidMessageException(frame.size() < 3
                            ? "ok without a result"
                            : "ok with " + (frame.size() - 2) + " results (expected: 1)");
                }
                return new Message.Ok(m, frame.get(2));
            case ER:
                if (frame.size() < 3) {
                    throw new InvalidMessageException("er without a message");
                }
                JsonNode text = frame.get(2);
                return new Message.Er(m, text.isTextual() ? text.textValue() : text.toString());
            default:
                return new Message.Dn(m);
        }
    }

    private ProtocolException translate(IOException e) {
        String detail = e instanceof JsonProcessingException
                ? ((JsonProcessingException) e).getOriginalMessage()
                : String.valueOf(e.getMessage());
        if (e instanceof StreamConstraintsException && detail.contains("String value length")) {
            return new FrameTooLongException(limits.maxFrameBytes());
        }
        if (e instanceof StreamConstraintsException) {
            return new InvalidMessageException("message exceeds a parser limit: " + detail, e);
        }
        if (detail.contains("end-of-input")) {
            return new MalformedFrameException("stream ended inside a message, " + (fed - boundary)
                    + " bytes after the last complete one: " + detail, e);
        }
        if (detail.contains("UTF-8") || detail.contains("UTF8")) {
            return new MalformedFrameException("invalid UTF-8: " + detail, e);
        }
        return new MalformedFrameException("not JSON: " + detail, e);
    }

    private ProtocolException fail(ProtocolException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    private void checkUsable() {
        if (failure != null) {
            throw new ProtocolException("decoder refuses input after an earlier error: " + failure.getMessage(),
                    failure);
        }
    }
}
