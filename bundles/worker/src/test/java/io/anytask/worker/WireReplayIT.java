package io.anytask.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.anytask.protocol.Message;
import io.anytask.protocol.MessageDecoder;
import io.anytask.testsupport.WireConnection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the bytes that the Perl original's client sent (wire/perl-capture.jsonl, client to worker direction) to
 * a Java worker running the conformance interface, one worker per captured connection, and checks that its
 * replies are equivalent to the Perl worker's: the same messages in the same order, equal results, the same
 * deferred-log lines, timers and data, and errors that say the same thing.
 */
class WireReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One captured connection. */
    private static final class Captured {
        final List<byte[]> clientChunks = new ArrayList<>();
        final ByteArrayOutputStream workerBytes = new ByteArrayOutputStream();
        boolean clientEof;
    }

    @TestFactory
    Stream<DynamicTest> perlClientBytesGetEquivalentReplies() throws Exception {
        Map<Integer, Captured> connections = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("anytask.wire.capture")))) {
            JsonNode event = JSON.readTree(line);
            Captured c = connections.computeIfAbsent(event.get("conn").asInt(), n -> new Captured());
            boolean fromClient = event.get("dir").asText().equals("client->worker");
            if (event.has("bytes")) {
                byte[] bytes = event.get("bytes").asText().getBytes(StandardCharsets.UTF_8);
                if (fromClient) {
                    c.clientChunks.add(bytes);
                } else {
                    c.workerBytes.write(bytes);
                }
            } else if (fromClient) {
                c.clientEof = true;
            }
        }
        assertEquals(14, connections.size(), "connections in the capture");
        return connections.entrySet().stream().map(e -> DynamicTest.dynamicTest("connection " + e.getKey(),
                () -> replay(e.getKey(), e.getValue())));
    }

    private void replay(int number, Captured captured) throws Exception {
        List<Message> expected = new MessageDecoder().feed(captured.workerBytes.toByteArray());
        Path socket = dir.resolve("replay-" + number + ".sock");
        List<Message> actual = new ArrayList<>();
        try (WorkerProcess worker = WorkerProcess.acceptUnix(dir, socket, "conformance");
                WireConnection connection = worker.connect(socket)) {
            for (byte[] chunk : captured.clientChunks) {
                connection.send(chunk);
            }
            assertTrue(captured.clientEof, "every captured client closes its connection");
            connection.shutdownOutput();
            for (int i = 0; i < expected.size(); i++) {
                actual.add(connection.next());
            }
            assertTrue(connection.endsWithin(WireConnection.READ_TIMEOUT), "no reply beyond the Perl worker's");
        }
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquivalent(expected.get(i), actual.get(i));
        }
    }

    private static void assertEquivalent(Message perl, Message java) {
        String context = "Perl " + perl + " vs Java " + java;
        assertEquals(perl.command(), java.command(), context);
        if (perl instanceof Message.Ok ok) {
            assertEquals(ok.result(), ((Message.Ok) java).result(), context);
        } else if (perl instanceof Message.Er er) {
            assertTrue(equivalentError(er.message(), ((Message.Er) java).message()), context);
        }
        assertEquals(perl.meta().deferredLog().isPresent(), java.meta().deferredLog().isPresent(), context);
        perl.meta().deferredLog().ifPresent(ld -> assertSameLog(ld, java.meta().deferredLog().orElseThrow()));
    }

    /**
     * The texts of SPEC.md section 3 keep their first words; the Perl "undefined subroutine" for an unknown method
     * is a Java "unknown method"; any other Perl error is the interface's message with its trailing newline.
     */
    private static boolean equivalentError(String perl, String java) {
        for (String prefix : List.of("setup exception: ", "interface returned object: ",
                "error JSON encoding interface output: ")) {
            if (perl.startsWith(prefix)) {
                return java.startsWith(prefix);
            }
        }
        if (perl.startsWith("Can't use an undefined value as a subroutine reference")) {
            return java.startsWith("unknown method ");
        }
        return java.equals(perl.stripTrailing());
    }

    private static void assertSameLog(JsonNode perl, JsonNode java) {
        assertTrue(java.path("start").isNumber(), java.toString());
        assertEquals(withoutTimes(perl.path("logs"), 0), withoutTimes(java.path("logs"), 0), java.toString());
        assertEquals(withoutTimes(perl.path("timers"), 1), withoutTimes(java.path("timers"), 1), java.toString());
        assertEquals(perl.path("data"), java.path("data"));
        assertFalse(java.path("timers").isMissingNode());
    }

    /** Each entry with its times (from index {@code from} on, numbers only) left out. */
    private static List<JsonNode> withoutTimes(JsonNode entries, int from) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode entry : entries) {
            ArrayNode copy = JSON.createArrayNode();
            for (int i = 0; i < entry.size(); i++) {
                boolean time = from == 0 ? i == 0 : i >= from && entry.get(i).isNumber();
                if (!time) {
                    copy.add(entry.get(i));
                }
            }
            out.add(copy);
        }
        return out;
    }
}
