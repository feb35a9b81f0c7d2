package io.anytask.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Message;
import io.anytask.protocol.WorkerControl;
import io.anytask.testsupport.WireConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real worker JVM (direct connection, {@code --accept-unix}) fed hostile bytes by its client (issue 12). A worker
 * serves one client at a time, so "keeps serving others" is the server's part (the server's HostileClientIT); here
 * each case checks that the worker answered the good request before, then closes the connection without a reply,
 * says on standard error what was wrong, and exits instead of hanging. Its decoder limits are set small with the
 * system properties that {@link WorkerControl} names.
 */
class HostileClientIT {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);
    private static final int MAX_FRAME = 4096;
    private static final int MAX_NESTING = 50;

    @TempDir
    Path dir;
    private WorkerProcess worker;
    private WireConnection connection;

    @AfterEach
    void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    private WireConnection open() throws Exception {
        Path socket = dir.resolve("w.sock");
        worker = WorkerProcess.start(dir, List.of("-D" + WorkerControl.MAX_FRAME_BYTES_PROPERTY + "=" + MAX_FRAME,
                "-D" + WorkerControl.MAX_NESTING_PROPERTY + "=" + MAX_NESTING),
                List.of("--interface", "conformance", "--bundle", WorkerProcess.conformanceJar().toString(),
                        "--name", "test", "--number", "1", "--accept-unix", socket.toString()));
        connection = worker.connect(socket);
        connection.send("[\"do\",{},\"echo\",1]");
        Message.Ok ok = assertInstanceOf(Message.Ok.class, connection.next());
        assertEquals("[1]", ok.result().toString());
        return connection;
    }

    /** Sends {@code bytes} after a good request; the worker must close without a reply and name the problem. */
    private void expectRefused(byte[] bytes, String words) throws Exception {
        WireConnection c = open();
        c.send(bytes);
        assertTrue(c.endsWithin(WireConnection.READ_TIMEOUT), "the worker replied to hostile input");
        int code = worker.awaitExit(EXIT_WAIT);
        assertEquals(4, code, "EXIT_CONNECTION_FAILED; stderr: " + worker.stderr());
        assertTrue(worker.stderr().contains("closing the connection: "), worker.stderr());
        assertTrue(worker.stderr().contains(words), "expected '" + words + "' in: " + worker.stderr());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void randomBytes() throws Exception {
        byte[] noise = new byte[500];
        new Random(7).nextBytes(noise);
        noise[0] = 'x';
        expectRefused(noise, "not JSON");
    }

    @Test
    void aCorruptFrame() throws Exception {
        expectRefused(bytes("[\"do\",{},\"echo\",tru]"), "not JSON");
    }

    @Test
    void invalidUtf8() throws Exception {
        expectRefused(new byte[] {'[', '"', 'd', 'o', '"', ',', '{', '}', ',', '"', (byte) 0xFF, '"', ']'}, "UTF-8");
    }

    @Test
    void nestingDeeperThanTheConfiguredLimit() throws Exception {
        expectRefused(bytes("[\"do\",{},\"echo\"," + "[".repeat(MAX_NESTING * 2)),
                "nested deeper than the maximum of " + MAX_NESTING);
    }

    @Test
    void aFrameOverTheConfiguredSizeLimit() throws Exception {
        expectRefused(bytes("[\"do\",{},\"echo\",\"" + "x".repeat(MAX_FRAME * 2) + "\"]"),
                String.valueOf(MAX_FRAME));
    }

    @Test
    void anUnknownCommand() throws Exception {
        expectRefused(bytes("[\"zz\",{}]"), "unknown command \"zz\"");
    }

    @Test
    void metaOfTheWrongType() throws Exception {
        expectRefused(bytes("[\"do\",\"meta\",\"echo\"]"), "META is not an object in do message");
    }

    @Test
    void aReplyFromTheClient() throws Exception {
        expectRefused(bytes("[\"ok\",{},1]"), "a client may send only do and dn messages, not ok");
    }

    @Test
    void theConnectionClosedMidFrame() throws Exception {
        WireConnection c = open();
        c.send("[\"do\",{},\"ec");
        c.shutdownOutput();
        assertTrue(c.endsWithin(WireConnection.READ_TIMEOUT));
        assertEquals(4, worker.awaitExit(EXIT_WAIT), worker.stderr());
        assertTrue(worker.stderr().contains("stream ended inside a message"), worker.stderr());
    }

    @Test
    void aClientSendingOneBytePerSecondIsServedWhenItsMessageEnds() throws Exception {
        WireConnection c = open();
        for (byte b : bytes("[\"d")) {
            c.send(new byte[] {b});
            Thread.sleep(1000);
        }
        c.send("o\",{},\"echo\",2]");
        Message.Ok ok = assertInstanceOf(Message.Ok.class, c.next());
        assertEquals("[2]", ok.result().toString());
    }

    @Test
    void aBadLimitPropertyStopsTheWorkerWithItsName() throws Exception {
        worker = WorkerProcess.start(dir, List.of("-D" + WorkerControl.MAX_NESTING_PROPERTY + "=1"),
                List.of("--interface", "conformance", "--bundle", WorkerProcess.conformanceJar().toString(),
                        "--accept-unix", dir.resolve("x.sock").toString()));
        assertEquals(1, worker.awaitExit(EXIT_WAIT), worker.stderr());
        assertTrue(worker.stderr().contains("anytask.worker.maxNesting: 1 (expected: 2 to 100000)"), worker.stderr());
    }
}
