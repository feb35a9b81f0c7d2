package io.anytask.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;

/**
 * Properties of the codec, checked with jqwik from a fixed seed (the same cases every run): arbitrary messages
 * round-trip through the encoder and the decoder whatever the chunking, and arbitrary bytes never make the decoder
 * fail with anything but the documented {@link ProtocolException} subtypes. A failure prints the seed and the
 * shrunk sample; the longer randomised run is {@code io.anytask.bench.FuzzBench}.
 */
class CodecPropertiesTest {
    private static final String SEED = "20261130";
    private static final BigInteger BIG = BigInteger.TEN.pow(40);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** What a decoder may throw on bad input: the types docs/protocol.md lists. */
    private static final Set<Class<? extends ProtocolException>> DOCUMENTED = Set.of(MalformedFrameException.class,
            InvalidMessageException.class, FrameTooLongException.class, NestingTooDeepException.class);
    /** Small limits, so that random input reaches them too. */
    private static final MessageDecoder.Limits SMALL = new MessageDecoder.Limits(2048, 8);

    @Property(tries = 250, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
    void messagesRoundTripInAnyChunking(@ForAll("messages") List<Message> messages, @ForAll Random random) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (Message m : messages) {
            stream.writeBytes(MessageEncoder.instance().encode(m));
            if (random.nextInt(4) == 0) {
                stream.write(new byte[] {' ', '\n', '\t', '\r'}, 0, 1 + random.nextInt(4));
            }
        }
        List<Message> got = new ArrayList<>();
        MessageDecoder decoder = new MessageDecoder();
        feedInChunks(decoder, stream.toByteArray(), random, got);
        decoder.endOfInput(got::add);
        assertEquals(messages, got);
    }

    @Property(tries = 500, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
    void arbitraryBytesFailOnlyWithDocumentedErrors(@ForAll("hostileBytes") byte[] bytes, @ForAll Random random) {
        checkDecoderSurvives(bytes, random, SMALL);
        checkDecoderSurvives(bytes, random, MessageDecoder.Limits.defaults());
    }

    /**
     * Feeds {@code bytes} in random chunks, then the end of input; fails unless every error is a documented type
     * with a message, and the decoder took bounded time.
     */
    static void checkDecoderSurvives(byte[] bytes, Random random, MessageDecoder.Limits limits) {
        MessageDecoder decoder = new MessageDecoder(limits);
        long start = System.nanoTime();
        try {
            feedInChunks(decoder, bytes, random, new ArrayList<>());
            decoder.endOfInput(m -> { });
        } catch (ProtocolException e) {
            assertTrue(DOCUMENTED.contains(e.getClass()), "undocumented error type " + e);
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "error without a message: " + e);
            assertTrue(decoder.hasFailed(), "decoder still accepts input after " + e);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            fail("decoder crashed with " + e + " on " + bytes.length + " bytes", e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5_000, "decoding " + bytes.length + " bytes took " + millis + " ms");
    }

    private static void feedInChunks(MessageDecoder decoder, byte[] bytes, Random random, List<Message> out) {
        int pos = 0;
        while (pos < bytes.length) {
            int n = Math.min(bytes.length - pos, 1 + random.nextInt(random.nextBoolean() ? 3 : 300));
            decoder.feed(bytes, pos, n, out::add);
            pos += n;
        }
    }

    @Provide
    Arbitrary<List<Message>> messages() {
        return message().list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<byte[]> hostileBytes() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> jsonish = Arbitraries.of('[', ']', '{', '}', '"', ',', ':', '\\', 'u', 'd', 'o', 'k', 'e',
                'r', 'n', '1', '-', '.', 'E', ' ', (char) 0xC3, (char) 0xA9, (char) 0xFF)
                .list().ofMaxSize(400).map(CodecPropertiesTest::toBytes);
        Arbitrary<byte[]> mutated = Combinators.combine(messages(), Arbitraries.integers().between(1, 8),
                Arbitraries.longs()).as(CodecPropertiesTest::mutate);
        Arbitrary<byte[]> deep = Arbitraries.integers().between(1, 3000).map(n -> "[".repeat(n).getBytes());
        return Arbitraries.<byte[]>frequencyOf(Tuple.of(3, random), Tuple.of(3, jsonish), Tuple.of(5, mutated),
                Tuple.of(1, deep)).withoutEdgeCases().map(b -> b);
    }

    private static byte[] toBytes(List<Character> chars) {
        byte[] out = new byte[chars.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) chars.get(i).charValue();
        }
        return out;
    }

    /** Valid messages with a few bytes flipped, dropped, duplicated or cut off: corrupt frames. */
    private static byte[] mutate(List<Message> messages, int edits, long seed) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        messages.forEach(m -> stream.writeBytes(MessageEncoder.instance().encode(m)));
        byte[] bytes = stream.toByteArray();
        Random r = new Random(seed);
        for (int i = 0; i < edits && bytes.length > 1; i++) {
            int at = r.nextInt(bytes.length);
            switch (r.nextInt(4)) {
                case 0 -> bytes[at] = (byte) r.nextInt(256);
                case 1 -> bytes = splice(bytes, at, at + 1, new byte[0]);
                case 2 -> bytes = splice(bytes, at, at, new byte[] {bytes[r.nextInt(bytes.length)]});
                default -> bytes = java.util.Arrays.copyOf(bytes, at);
            }
        }
        return bytes;
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, from);
        out.writeBytes(insert);
        out.write(bytes, to, bytes.length - to);
        return out.toByteArray();
    }

    static Arbitrary<Message> message() {
        Arbitrary<List<JsonNode>> args = value().list().ofMaxSize(4);
        Arbitrary<Meta> meta = Arbitraries.<Meta>frequencyOf(Tuple.of(4, Arbitraries.just(Meta.empty())),
                Tuple.of(1, object().map(o -> Meta.of((ObjectNode) o))));
        Arbitrary<Message> call = Combinators.combine(text(), args).as(Message.Do::call);
        Arbitrary<Message> function = args.map(Message.Do::function);
        Arbitrary<Message> ok = Combinators.combine(meta, value()).as(Message.Ok::new);
        Arbitrary<Message> er = Combinators.combine(meta, text()).as(Message.Er::new);
        Arbitrary<Message> dn = meta.map(Message.Dn::new);
        return Arbitraries.oneOf(call, function, ok, er, dn);
    }

    /** Any JSON value, nested up to four levels. */
    static Arbitrary<JsonNode> value() {
        return Arbitraries.recursive(CodecPropertiesTest::scalar,
                inner -> Arbitraries.oneOf(inner, array(inner), object(inner)), 0, 4);
    }

    private static Arbitrary<JsonNode> object() {
        return object(scalar());
    }

    private static Arbitrary<JsonNode> array(Arbitrary<JsonNode> element) {
        return element.list().ofMaxSize(4).map(list -> {
            ArrayNode a = NODES.arrayNode();
            list.forEach(a::add);
            return a;
        });
    }

    private static Arbitrary<JsonNode> object(Arbitrary<JsonNode> element) {
        return Arbitraries.maps(text(), element).ofMaxSize(4).map(map -> {
            ObjectNode o = NODES.objectNode();
            map.forEach(o::set);
            return o;
        });
    }

    private static Arbitrary<JsonNode> scalar() {
        return Arbitraries.oneOf(
                text().map(NODES::textNode),
                Arbitraries.integers().map(NODES::numberNode),
                // the decoder gives a number the smallest of int, long and BigInteger that holds it
                Arbitraries.longs().filter(l -> l != l.intValue()).map(NODES::numberNode),
                Arbitraries.bigIntegers().between(BIG.negate(), BIG)
                        .filter(b -> b.bitLength() > 63).map(NODES::numberNode),
                Arbitraries.doubles().filter(Double::isFinite).map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
    }

    /** Strings of any Unicode scalar values: escapes, controls, non-BMP characters (no lone surrogates). */
    static Arbitrary<String> text() {
        Arbitrary<String> bmp = Arbitraries.strings().withCharRange('\u0000', '\uD7FF')
                .withCharRange('\uE000', '\uFFFF').ofMaxLength(12);
        Arbitrary<String> pieces = Arbitraries.of("\"", "\\", "\n", "\u0001", "/", "é", "中", "\uD834\uDDDA",
                "\uD83D\uDE00", "\u2028").list().ofMaxSize(6).map(l -> String.join("", l));
        return Arbitraries.oneOf(bmp, pieces);
    }
}
