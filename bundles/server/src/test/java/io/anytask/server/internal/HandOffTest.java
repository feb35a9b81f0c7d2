package io.anytask.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.WorkerControl;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Both ends of a hand-off in one JVM, over real Unix sockets: the server's side is the code under test, the worker's
 * side is written here the way the hand-off contract describes it.
 */
@Timeout(20)
class HandOffTest {
    @TempDir
    Path dir;
    AFUNIXServerSocket controlServer;
    AFUNIXServerSocket clientServer;
    AFUNIXSocket workerSide;
    AFUNIXSocket client;
    Worker worker;
    ClientConnection accepted;

    @BeforeEach
    void connect() throws IOException {
        controlServer = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(dir.resolve("control.sock")));
        workerSide = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(dir.resolve("control.sock")));
        workerSide.setAncillaryReceiveBufferSize(1024); // junixsocket receives no descriptors without it
        worker = new Worker(1, "test#1", new FakeProcess(1), null);
        worker.control(controlServer.accept());
        clientServer = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(dir.resolve("client.sock")));
        client = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(dir.resolve("client.sock")));
        AFUNIXSocket serverCopy = clientServer.accept();
        accepted = new ClientConnection(serverCopy, serverCopy.getFileDescriptor());
    }

    @AfterEach
    void close() throws IOException {
        for (AutoCloseable c : new AutoCloseable[] {workerSide, client, controlServer, clientServer}) {
            ControlChannel.closeQuietly(c);
        }
        accepted.close();
        worker.closeControl();
    }

    @Test
    void directPassesTheClientConnectionItself() throws IOException {
        HandOff.direct(worker, accepted);

        assertEquals('c', workerSide.getInputStream().read());
        FileDescriptor[] received = workerSide.getReceivedFileDescriptors();
        assertEquals(1, received.length);
        try (Socket served = FileDescriptorCast.using(received[0]).as(Socket.class)) {
            client.getOutputStream().write("[\"do\",{}]".getBytes(StandardCharsets.UTF_8));
            byte[] request = served.getInputStream().readNBytes(9);
            assertEquals("[\"do\",{}]", new String(request, StandardCharsets.UTF_8));
            served.getOutputStream().write("[\"ok\",{},1]".getBytes(StandardCharsets.UTF_8));
            assertArrayEquals("[\"ok\",{},1]".getBytes(StandardCharsets.UTF_8), client.getInputStream().readNBytes(11));
        }
        assertEquals(-1, client.getInputStream().read(), "the worker's close reaches the client: no copy is left open");
    }

    @Test
    void afterADirectHandOffTheControlConnectionCarriesServedQueries() throws Exception {
        HandOff.direct(worker, accepted);
        assertEquals('c', workerSide.getInputStream().read());
        Thread answering = new Thread(() -> {
            try {
                assertEquals('?', workerSide.getInputStream().read());
                workerSide.getOutputStream().write("served 2\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals('?', workerSide.getInputStream().read());
                workerSide.getOutputStream().write("nonsense\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        answering.start();
        assertEquals(OptionalLong.of(2), worker.checkoutsServed(Duration.ofSeconds(5)));
        assertEquals(OptionalLong.empty(), worker.checkoutsServed(Duration.ofSeconds(5)), "not a served line");
        answering.join();
        assertEquals(OptionalLong.empty(), worker.checkoutsServed(Duration.ofSeconds(5)),
                "a worker that answered nonsense is not asked again");
        worker.closeControl();
        assertEquals(-1, workerSide.getInputStream().read(), "the control connection ends with the worker's end");
    }

    @Test
    void aWorkerThatDoesNotAnswerInTimeCountsAsUnknownAndItsLateAnswerIsDropped() throws IOException {
        HandOff.direct(worker, accepted);
        assertEquals('c', workerSide.getInputStream().read());
        assertEquals(OptionalLong.empty(), worker.checkoutsServed(Duration.ofMillis(100)));
        assertEquals('?', workerSide.getInputStream().read());
        workerSide.getOutputStream().write("served 1\nserved 2\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(OptionalLong.of(2), worker.checkoutsServed(Duration.ofSeconds(5)),
                "the late answer to the first query is not taken for the second's");
    }

    @Test
    void aWarmLineThatCrossedADirectHandOffIsDropped() throws IOException {
        workerSide.getOutputStream().write(WorkerControl.warmLine()); // written just before the 'c' was read
        HandOff.direct(worker, accepted);
        assertEquals('c', workerSide.getInputStream().read());
        workerSide.getOutputStream().write("served 0\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(OptionalLong.of(0), worker.checkoutsServed(Duration.ofSeconds(5)));
    }

    @Test
    void aRelayedWorkerIsNotAsked() throws IOException {
        HandOff.relay(worker, accepted);
        assertEquals(OptionalLong.empty(), worker.checkoutsServed(Duration.ofSeconds(5)));
    }

    @Test
    void relayCopiesBothWaysAndTheWorkersEndClosesTheClient() throws IOException {
        HandOff.relay(worker, accepted);

        InputStream fromServer = workerSide.getInputStream();
        assertEquals('r', fromServer.read());
        client.getOutputStream().write("[\"do\",{}]".getBytes(StandardCharsets.UTF_8));
        assertEquals("[\"do\",{}]", new String(fromServer.readNBytes(9), StandardCharsets.UTF_8));
        workerSide.getOutputStream().write("[\"ok\",{},1]".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("[\"ok\",{},1]".getBytes(StandardCharsets.UTF_8), client.getInputStream().readNBytes(11));
        workerSide.close();
        assertEquals(-1, client.getInputStream().read());
    }

    @Test
    void relayPassesTheClientsEndOfInputOn() throws IOException {
        HandOff.relay(worker, accepted);

        InputStream fromServer = workerSide.getInputStream();
        assertEquals('r', fromServer.read());
        client.shutdownOutput();
        assertEquals(-1, fromServer.read());
    }

    @Test
    void aWarmLineTheServerHasReadMarksTheWorkerWarm() throws IOException {
        assertFalse(worker.pollWarm(), "nothing said yet");
        workerSide.getOutputStream().write("warm\n".getBytes(StandardCharsets.US_ASCII));
        workerSide.getOutputStream().flush();
        long deadline = System.nanoTime() + 10_000_000_000L;
        boolean becameWarm = false;
        while (!becameWarm) {
            assertTrue(System.nanoTime() < deadline, "warm line not seen");
            becameWarm = worker.pollWarm();
        }
        assertTrue(worker.isWarm());
        assertFalse(worker.pollWarm(), "the line counts once");
    }

    @Test
    void anythingElseOnTheControlConnectionIsAnError() throws IOException {
        workerSide.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
        workerSide.getOutputStream().flush();
        long deadline = System.nanoTime() + 10_000_000_000L;
        IOException error = null;
        while (error == null) {
            assertTrue(System.nanoTime() < deadline, "bad line not seen");
            try {
                worker.pollWarm();
            } catch (IOException e) {
                error = e;
            }
        }
        assertTrue(error.getMessage().contains("unexpected bytes on the control connection"), error.getMessage());
        assertFalse(worker.isWarm());
    }

    @Test
    void relayDropsAWarmLineThatCrossedTheHandOff() throws IOException {
        HandOff.relay(worker, accepted);

        assertEquals('r', workerSide.getInputStream().read());
        // written by the worker just before it read 'r': it comes before the replies
        workerSide.getOutputStream().write("warm\n[\"ok\",{},1]".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("[\"ok\",{},1]".getBytes(StandardCharsets.UTF_8), client.getInputStream().readNBytes(11));
    }

    @Test
    void skippingTheWarmLinePassesEverythingElseOn() throws IOException {
        for (String input : new String[] {"[\"ok\",{},1]", "warm\n[1]", "war", "warX[", "", "w", "warm\n"}) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
            Relay.skipWarmLine(in, out);
            out.write(in.readAllBytes());
            String expected = input.startsWith("warm\n") ? input.substring(5) : input;
            assertEquals(expected, out.toString(StandardCharsets.UTF_8), input);
        }
    }
}
