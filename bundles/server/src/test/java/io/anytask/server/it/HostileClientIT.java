package io.anytask.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.Message;
import io.anytask.protocol.WorkerControl;
import io.anytask.testsupport.ServerProcess;
import io.anytask.testsupport.WireConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile clients through a real server (issue 12), at its Unix and TCP listeners, with the connection passed to the
 * worker and relayed: each
 * hostile connection is closed by its worker, whose reason the server's log shows, while a well-behaved client
 * connected before keeps getting correct answers and a client connecting after is served too. The workers' decoder
 * limits are set small through worker JVM options.
 */
@Timeout(240)
class HostileClientIT {
    private static final int MAX_FRAME = 4096;
    private static final int MAX_NESTING = 50;
    private static final Duration END_WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** Hostile bytes, and the words of the reason the worker gives for closing the connection. */
    private static Map<String, byte[]> cases() {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        byte[] noise = new byte[500];
        new Random(3).nextBytes(noise);
        noise[0] = 'x';
        cases.put("not JSON", noise);
        cases.put("not JSON: Unrecognized token", bytes("[\"do\",{},\"echo\",tru]"));
        cases.put("invalid UTF-8", new byte[] {'[', '"', 'd', 'o', '"', ',', '{', '}', ',', '"', (byte) 0xC0, '"'});
        cases.put("nested deeper than the maximum of " + MAX_NESTING,
                bytes("[\"do\",{},\"echo\"," + "[".repeat(MAX_NESTING * 2)));
        cases.put("frame longer than the maximum of " + MAX_FRAME + " bytes",
                bytes("[\"do\",{},\"echo\",\"" + "x".repeat(MAX_FRAME * 2) + "\"]"));
        cases.put("unknown command \"zz\"", bytes("[\"zz\",{}]"));
        cases.put("META is not an object in do message", bytes("[\"do\",[],\"echo\"]"));
        cases.put("a client may send only do and dn messages, not ok", bytes("[\"ok\",{},1]"));
        return cases;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void directHandOff() throws Exception {
        hostileClients("unix:" + dir.resolve("d.sock"));
    }

    @Test
    void relayed() throws Exception {
        hostileClients("unix:" + dir.resolve("r.sock"), "--relay");
    }

    /** At the TCP listener (127.0.0.1), whose connections are passed to workers as a Unix socket's are. */
    @Test
    void tcpListener() throws Exception {
        hostileClients("tcp:127.0.0.1:0");
    }

    private void hostileClients(String listen, String... mode) throws Exception {
        String[] options = new String[mode.length + 6];
        System.arraycopy(new String[] {"--ready-workers", "2",
            "--worker-jvm-option", "-D" + WorkerControl.MAX_FRAME_BYTES_PROPERTY + "=" + MAX_FRAME,
            "--worker-jvm-option", "-D" + WorkerControl.MAX_NESTING_PROPERTY + "=" + MAX_NESTING}, 0, options, 0, 6);
        System.arraycopy(mode, 0, options, 6, mode.length);
        try (ServerProcess server = TestEnvironment.startServer(dir, listen, options)) {
            Endpoint endpoint = server.awaitListening();
            try (WireConnection good = WireConnection.connect(endpoint)) {
                int n = 0;
                for (Map.Entry<String, byte[]> c : cases().entrySet()) {
                    try (WireConnection hostile = WireConnection.connect(endpoint)) {
                        assertEcho(hostile, "0");
                        hostile.send(c.getValue());
                        assertTrue(hostile.endsWithin(END_WAIT), c.getKey() + ": the connection stays open");
                    }
                    server.awaitLog(Pattern.quote(c.getKey()));
                    assertEcho(good, String.valueOf(++n));
                }
                closedMidFrame(server, endpoint, good);
                oneBytePerSecond(endpoint, good);
            }
            try (WireConnection after = WireConnection.connect(endpoint)) {
                assertEcho(after, "\"after\"");
            }
        }
    }

    private static void closedMidFrame(ServerProcess server, Endpoint endpoint, WireConnection good) throws Exception {
        try (WireConnection cut = WireConnection.connect(endpoint)) {
            assertEcho(cut, "0");
            cut.send(bytes("[\"do\",{},\"ec"));
        }
        server.awaitLog(Pattern.quote("stream ended inside a message"));
        assertEcho(good, "\"cut\"");
    }

    /** A client trickling its request is served when it ends, and others are served meanwhile. */
    private static void oneBytePerSecond(Endpoint endpoint, WireConnection good) throws Exception {
        try (WireConnection slow = WireConnection.connect(endpoint)) {
            for (byte b : bytes("[\"d")) {
                slow.send(new byte[] {b});
                assertEcho(good, "\"meanwhile\"");
                Thread.sleep(1000);
            }
            slow.send(bytes("o\",{},\"echo\",\"slow\"]"));
            Message.Ok ok = assertInstanceOf(Message.Ok.class, slow.reply(END_WAIT));
            assertEquals("[\"slow\"]", ok.result().toString());
        }
    }

    private static void assertEcho(WireConnection client, String arg) throws Exception {
        Message reply = client.call("echo", arg);
        Message.Ok ok = assertInstanceOf(Message.Ok.class, reply, reply::toString);
        assertEquals("[" + arg + "]", ok.result().toString());
    }
}
