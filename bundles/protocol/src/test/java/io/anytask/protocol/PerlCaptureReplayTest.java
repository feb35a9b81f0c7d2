package io.anytask.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the bytes captured from the original Perl implementation (wire/perl-capture.jsonl): every stream, in
 * both directions, decodes to the messages a reference JSON reader finds in it, however it is cut, and
 * re-encoding each message gives JSON equal to the original.
 */
class PerlCaptureReplayTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Streams up to this size are also split at every byte position. */
    private static final int SPLIT_EVERYWHERE_MAX = 4096;

    record Stream_(String name, List<byte[]> chunks) {
        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            chunks.forEach(out::writeBytes);
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> streams() throws IOException {
        Map<String, Stream_> streams = new LinkedHashMap<>();
        try (InputStream in = PerlCaptureReplayTest.class.getResourceAsStream("/wire/perl-capture.jsonl")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode chunk = MAPPER.readTree(line);
                if (!chunk.has("bytes")) {
                    continue; // an end-of-stream marker
                }
                String key = "conn " + chunk.get("conn").asInt() + " " + chunk.get("dir").asText();
                streams.computeIfAbsent(key, k -> new Stream_(k, new ArrayList<>()))
                        .chunks().add(chunk.get("bytes").asText().getBytes(StandardCharsets.UTF_8));
            }
        }
        assertFalse(streams.isEmpty(), "the capture holds streams");
        return streams.values().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void decodesAsCapturedChunks(Stream_ stream) throws IOException {
        MessageDecoder decoder = new MessageDecoder();
        List<Message> got = new ArrayList<>();
        for (byte[] chunk : stream.chunks()) {
            decoder.feed(chunk, 0, chunk.length, got::add);
        }
        decoder.endOfInput(got::add);
        assertMessagesEqual(expected(stream.bytes()), got);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void decodesOneByteAtATime(Stream_ stream) throws IOException {
        byte[] bytes = stream.bytes();
        MessageDecoder decoder = new MessageDecoder();
        List<Message> got = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            decoder.feed(bytes, i, 1, got::add);
        }
        assertMessagesEqual(expected(bytes), got);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void decodesSplitAtEveryPosition(Stream_ stream) throws IOException {
        byte[] bytes = stream.bytes();
        List<JsonNode> expected = expected(bytes);
        int step = bytes.length <= SPLIT_EVERYWHERE_MAX ? 1 : bytes.length / 97;
        for (int cut = 0; cut <= bytes.length; cut += step) {
            MessageDecoder decoder = new MessageDecoder();
            List<Message> got = new ArrayList<>();
            decoder.feed(bytes, 0, cut, got::add);
            decoder.feed(bytes, cut, bytes.length - cut, got::add);
            assertMessagesEqual(expected, got);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void reEncodingGivesEqualJson(Stream_ stream) throws IOException {
        List<Message> decoded = new MessageDecoder().feed(stream.bytes());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Message m : decoded) {
            out.writeBytes(MessageEncoder.instance().encode(m));
        }
        assertEquals(expected(stream.bytes()), expected(out.toByteArray()));
    }

    /** What an independent reader (Jackson's databind, reading root-level values in sequence) finds. */
    private static List<JsonNode> expected(byte[] bytes) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(bytes)) {
            while (parser.nextToken() != null) {
                out.add(MAPPER.readTree(parser));
            }
        }
        assertTrue(!out.isEmpty() || bytes.length == 0);
        return out;
    }

    private static void assertMessagesEqual(List<JsonNode> expected, List<Message> got) throws IOException {
        List<JsonNode> asJson = new ArrayList<>();
        for (Message m : got) {
            asJson.add(MAPPER.readTree(MessageEncoder.instance().encode(m)));
        }
        assertEquals(expected, asJson);
    }
}
