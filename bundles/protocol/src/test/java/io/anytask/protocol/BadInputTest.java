package io.anytask.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of bad input ends in a typed error with a clear message, and the decoder refuses more input. */
class BadInputTest {

    private static ProtocolException decodeFails(byte[] bytes) {
        MessageDecoder decoder = new MessageDecoder();
        List<Message> got = new ArrayList<>();
        ProtocolException e = assertThrows(ProtocolException.class, () -> {
            decoder.feed(bytes, 0, bytes.length, got::add);
            decoder.endOfInput(got::add);
        });
        assertTrue(decoder.hasFailed());
        ProtocolException again = assertThrows(ProtocolException.class, () -> decoder.feed("[\"dn\",{}]".getBytes(
                StandardCharsets.UTF_8)));
        assertTrue(again.getMessage().startsWith("decoder refuses input after an earlier error: "), again.getMessage());
        assertEquals(e, again.getCause());
        return e;
    }

    private static ProtocolException decodeFails(String text) {
        return decodeFails(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNumberCutAfterItsExponentSignAtTheEndOfInput() {
        // found by FuzzBench: Jackson's non-blocking parser hands "2.5E-" out as a number at the end of input
        for (String cut : new String[] {"[\"ok\",{},2.5E-", "[\"ok\",{},2.5e+", "[\"do\",{},1E-"}) {
            ProtocolException e = decodeFails(cut);
            assertInstanceOf(MalformedFrameException.class, e, cut);
            assertTrue(e.getMessage().startsWith("not JSON: malformed number "), e.getMessage());
        }
    }

    @Test
    void notJson() {
        ProtocolException e = decodeFails("[\"dn\",{}]hello");
        assertInstanceOf(MalformedFrameException.class, e);
        assertTrue(e.getMessage().startsWith("not JSON: "), e.getMessage());
    }

    @Test
    void notJsonInsideAMessage() {
        ProtocolException e = decodeFails("[\"do\",{},tru]");
        assertInstanceOf(MalformedFrameException.class, e);
        assertTrue(e.getMessage().startsWith("not JSON: "), e.getMessage());
    }

    @Test
    void notAnArray() {
        assertEquals("not a JSON array: a message is an array, got an object", decodeFails("{\"a\":1}").getMessage());
        assertEquals("not a JSON array: a message is an array, got a string", decodeFails("\"do\"").getMessage());
        ProtocolException e = decodeFails("42 ");
        assertInstanceOf(InvalidMessageException.class, e);
        assertEquals("not a JSON array: a message is an array, got a number", e.getMessage());
    }

    @Test
    void emptyArray() {
        ProtocolException e = decodeFails("[]");
        assertInstanceOf(InvalidMessageException.class, e);
        assertEquals("empty array: a message starts with a command (do, ok, er or dn)", e.getMessage());
    }

    @Test
    void unknownCommand() {
        ProtocolException e = decodeFails("[\"xx\",{}]");
        assertInstanceOf(InvalidMessageException.class, e);
        assertEquals("unknown command \"xx\" (expected: do, ok, er or dn)", e.getMessage());
        assertEquals("command is not a string: 1", decodeFails("[1,{}]").getMessage());
    }

    @Test
    void metaMissingOrNotAnObject() {
        ProtocolException missing = decodeFails("[\"do\"]");
        assertInstanceOf(InvalidMessageException.class, missing);
        assertEquals("META missing in do message", missing.getMessage());
        ProtocolException notObject = decodeFails("[\"ok\",[],1]");
        assertInstanceOf(InvalidMessageException.class, notObject);
        assertEquals("META is not an object in ok message: []", notObject.getMessage());
    }

    @Test
    void okWithoutAResult() {
        ProtocolException e = decodeFails("[\"ok\",{}]");
        assertInstanceOf(InvalidMessageException.class, e);
        assertEquals("ok without a result", e.getMessage());
        assertEquals("ok with 2 results (expected: 1)", decodeFails("[\"ok\",{},1,2]").getMessage());
        assertEquals("er without a message", decodeFails("[\"er\",{}]").getMessage());
    }

    @Test
    void frameOverTheMaximumSizeNamesTheLimit() {
        MessageDecoder decoder = new MessageDecoder(MessageDecoder.Limits.defaults().withMaxFrameBytes(1000));
        byte[] ok = ("[\"ok\",{},\"" + "x".repeat(900) + "\"]").getBytes(StandardCharsets.UTF_8);
        assertEquals(1, decoder.feed(ok).size(), "a frame under the limit passes");
        byte[] big = ("[\"ok\",{},\"" + "x".repeat(5000) + "\"]").getBytes(StandardCharsets.UTF_8);
        FrameTooLongException e = assertThrows(FrameTooLongException.class, () -> {
            for (int i = 0; i < big.length; i += 100) {
                decoder.feed(big, i, Math.min(100, big.length - i), m -> { });
            }
        });
        assertEquals(1000, e.limit());
        assertEquals("frame longer than the maximum of 1000 bytes (maxFrameBytes)", e.getMessage());
        assertTrue(decoder.hasFailed());
    }

    @Test
    void frameOverTheMaximumSizeInOneChunk() {
        MessageDecoder decoder = new MessageDecoder(MessageDecoder.Limits.defaults().withMaxFrameBytes(70_000));
        byte[] big = ("[\"do\",{}," + "1,".repeat(100_000) + "1]").getBytes(StandardCharsets.UTF_8);
        assertThrows(FrameTooLongException.class, () -> decoder.feed(big));
    }

    @Test
    void defaultLimitIs64MiB() {
        assertEquals(64L * 1024 * 1024, new MessageDecoder().limits().maxFrameBytes());
        assertEquals(1000, new MessageDecoder().limits().maxDepth());
    }

    @Test
    void nestingDeeperThanTheLimitFailsWithoutOverflowingTheStack() {
        String deep = "[\"do\",{}," + "[".repeat(200_000);
        ProtocolException e = decodeFails(deep);
        assertInstanceOf(NestingTooDeepException.class, e);
        assertEquals("JSON nested deeper than the maximum of 1000 levels (maxDepth)", e.getMessage());
        assertEquals(1000, ((NestingTooDeepException) e).limit());
    }

    @Test
    void nestingAtTheLimitPasses() {
        MessageDecoder decoder = new MessageDecoder(MessageDecoder.Limits.defaults().withMaxDepth(10));
        String nine = "[\"do\",{}," + "[".repeat(9) + "]".repeat(9) + "]";
        assertEquals(1, decoder.feed(nine.getBytes(StandardCharsets.UTF_8)).size());
        String ten = "[\"do\",{}," + "[".repeat(10) + "]".repeat(10) + "]";
        NestingTooDeepException e = assertThrows(NestingTooDeepException.class,
                () -> decoder.feed(ten.getBytes(StandardCharsets.UTF_8)));
        assertEquals(10, e.limit());
    }

    @Test
    void invalidUtf8() {
        byte[] bad = {'[', '"', 'o', 'k', '"', ',', '{', '}', ',', '"', (byte) 0xC3, (byte) 0x28, '"', ']'};
        ProtocolException e = decodeFails(bad);
        assertInstanceOf(MalformedFrameException.class, e);
        assertTrue(e.getMessage().startsWith("invalid UTF-8: "), e.getMessage());
        byte[] startByte = {'[', '"', 'o', 'k', '"', ',', '{', '}', ',', '"', (byte) 0xFF, '"', ']'};
        assertTrue(decodeFails(startByte).getMessage().startsWith("invalid UTF-8: "));
    }

    @Test
    void streamEndingInsideAMessage() {
        ProtocolException e = decodeFails("[\"dn\",{}] [\"do\",{},\"ech");
        assertInstanceOf(MalformedFrameException.class, e);
        assertTrue(e.getMessage().startsWith("stream ended inside a message"), e.getMessage());
    }

    @Test
    void messagesBeforeTheBadInputAreDelivered() {
        MessageDecoder decoder = new MessageDecoder();
        List<Message> got = new ArrayList<>();
        byte[] bytes = "[\"dn\",{}][\"do\",{},1][]".getBytes(StandardCharsets.UTF_8);
        assertThrows(InvalidMessageException.class, () -> decoder.feed(bytes, 0, bytes.length, got::add));
        assertEquals(2, got.size());
    }

    @Test
    void unknownMetaKeysAreKept() {
        List<Message> got = new MessageDecoder().feed(
                "[\"ok\",{\"future\":{\"x\":[1]},\"ld\":{\"start\":1}},null]".getBytes(StandardCharsets.UTF_8));
        Message.Ok ok = (Message.Ok) got.get(0);
        assertEquals("{\"x\":[1]}", ok.meta().get("future").orElseThrow().toString());
        assertTrue(ok.result().isNull());
        assertEquals("[\"ok\",{\"future\":{\"x\":[1]},\"ld\":{\"start\":1}},null]",
                new String(MessageEncoder.instance().encode(ok), StandardCharsets.UTF_8));
    }

    @Test
    void badLimitsAreRejectedWhenBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageDecoder.Limits.defaults().withMaxFrameBytes(0));
        assertEquals("maxFrameBytes: 0 (expected: 16 to 2147483647)", e.getMessage());
        assertEquals("maxDepth: 1 (expected: 2 to 100000)",
                assertThrows(IllegalArgumentException.class,
                        () -> MessageDecoder.Limits.defaults().withMaxDepth(1)).getMessage());
    }
}
