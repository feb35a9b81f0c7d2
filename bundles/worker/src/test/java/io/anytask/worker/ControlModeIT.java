package io.anytask.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Message;
import io.anytask.protocol.Meta;
import io.anytask.testsupport.WireConnection;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;

/**
 * {@code --control}: the test plays the server's part of the hand-off contract. It listens on a control socket,
 * waits for {@code ready PID}, then hands over a connection ({@code 'c'} with a descriptor) or relays ({@code 'r'}).
 */
class ControlModeIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private AFUNIXServerSocket server;
    private WorkerProcess worker;
    private AFUNIXSocket control;

    @AfterEach
    void stop() throws Exception {
        if (worker != null) {
            worker.close();
            System.err.println("worker stderr: " + worker.stderr());
        }
        for (AutoCloseable c : new AutoCloseable[] {control, server}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** Listens, starts a worker in control mode, accepts its connection and checks its ready line. */
    private void startReadyWorker() throws Exception {
        startReadyWorker(List.of());
    }

    private void startReadyWorker(List<String> jvmOptions) throws Exception {
        startReadyWorker(jvmOptions, List.of());
    }

    private void startReadyWorker(List<String> jvmOptions, List<String> moreOptions) throws Exception {
        Path path = dir.resolve("control.sock");
        server = AFUNIXServerSocket.newInstance();
        server.bind(AFUNIXSocketAddress.of(path));
        server.setSoTimeout((int) WAIT.toMillis());
        List<String> options = new java.util.ArrayList<>(List.of("--interface", "conformance",
                "--bundle", WorkerProcess.conformanceJar().toString(), "--name", "ctl", "--number", "7"));
        options.addAll(moreOptions);
        options.addAll(List.of("--control", path.toString()));
        worker = WorkerProcess.start(dir, jvmOptions, options);
        control = server.accept();
        control.setSoTimeout((int) WAIT.toMillis());
        assertEquals("ready " + worker.pid(), readLine(control.getInputStream()));
    }

    /**
     * Closes this process's copy of a descriptor passed to the worker, as the server does after a hand-off: the
     * worker then holds the connection alone, and its close ends it. (The descriptor is closed on its own: a
     * junixsocket close would shut the connection down for every holder, the worker included.)
     */
    private static void releaseOurCopy(FileDescriptor descriptor) throws IOException {
        new FileInputStream(descriptor).close();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new AssertionError("control connection closed before a full line: " + line);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void afterItsClientARenewableWorkerAnnouncesItselfRenewedWithAFreshInterface() throws Exception {
        startReadyWorker(List.of(), List.of("--max-renewals", "1"));
        control.getOutputStream().write('r');
        control.getOutputStream().flush();
        WireConnection first = WireConnection.relayed(control);
        first.send("[\"do\",{},\"count\"][\"do\",{},\"count\"]");
        assertEquals(101, ok(first.next()).asInt());
        assertEquals(102, ok(first.next()).asInt());
        first.shutdownOutput();
        assertTrue(first.endsWithin(WireConnection.READ_TIMEOUT));
        control.close();

        control = server.accept(); // the renewed worker's new control connection
        control.setSoTimeout((int) WAIT.toMillis());
        String line = readLine(control.getInputStream());
        assertTrue(line.matches("renewed " + worker.pid() + " [0-9]+"), line);
        control.getOutputStream().write('r');
        control.getOutputStream().flush();
        WireConnection second = WireConnection.relayed(control);
        second.send("[\"do\",{},\"count\"][\"do\",{},\"pid\"]");
        assertEquals(101, ok(second.next()).asInt(), "setup ran again on a fresh interface");
        assertEquals(worker.pid(), ok(second.next()).asLong(), "in the same JVM");
        second.shutdownOutput();
        assertTrue(second.endsWithin(WireConnection.READ_TIMEOUT));
        assertEquals(0, worker.awaitExit(WAIT), worker.stderr());
        assertTrue(worker.stderr().contains("not renewed: renewed 1 times (max renewals 1)"), worker.stderr());
    }

    @Test
    void servesAHandedOverSocketDirectlyEvenAfterTheServerGoesAway() throws Exception {
        startReadyWorker();
        try (AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open()) {
            control.setOutboundFileDescriptors(pair.getSocket2().getFileDescriptor());
            control.getOutputStream().write('c');
            control.getOutputStream().flush();
            releaseOurCopy(pair.getSocket2().getFileDescriptor());
            control.close();
            server.close();
            try (WireConnection client = WireConnection.over(pair.getSocket1().socket())) {
                client.send("[\"do\",{},\"count\"][\"do\",{},\"pid\"]");
                assertEquals(101, ok(client.next()).asInt());
                assertEquals(worker.pid(), ok(client.next()).asLong());
                client.shutdownOutput();
                assertTrue(client.endsWithin(WireConnection.READ_TIMEOUT));
            }
        }
        assertEquals(0, worker.awaitExit(WAIT), worker.stderr());
    }

    @Test
    void servesAHandedOverAcceptedUnixConnection() throws Exception {
        startReadyWorker();
        Path clientPath = dir.resolve("client.sock");
        try (AFUNIXServerSocket listener = AFUNIXServerSocket.newInstance()) {
            listener.bind(AFUNIXSocketAddress.of(clientPath));
            listener.setSoTimeout((int) WAIT.toMillis());
            try (Socket clientSide = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(clientPath));
                    AFUNIXSocket accepted = listener.accept()) {
                control.setOutboundFileDescriptors(accepted.getFileDescriptor());
                control.getOutputStream().write('c');
                control.getOutputStream().flush();
                releaseOurCopy(accepted.getFileDescriptor());
                WireConnection client = WireConnection.over(clientSide);
                client.send("[\"do\",{},\"echo\",\"\ud834\uddda\"]");
                assertEquals("\ud834\uddda", ok(client.next()).get(0).asText());
                client.shutdownOutput();
                assertTrue(client.endsWithin(WireConnection.READ_TIMEOUT));
            }
        }
        assertEquals(0, worker.awaitExit(WAIT), worker.stderr());
    }

    @Test
    void relaysOnTheControlConnection() throws Exception {
        startReadyWorker();
        control.getOutputStream().write('r');
        control.getOutputStream().flush();
        WireConnection relay = WireConnection.relayed(control);
        relay.send("[\"do\",{},\"count\"]");
        assertEquals(101, ok(relay.next()).asInt());
        relay.shutdownOutput();
        assertTrue(relay.endsWithin(WireConnection.READ_TIMEOUT));
        assertEquals(0, worker.awaitExit(WAIT), worker.stderr());
    }

    @Test
    void aHandOffRightAfterReadyIsServedWhileTheIdleWarmUpRunsAndShowsNoTraceOfIt() throws Exception {
        startReadyWorker();
        // handed over at once: the idle warm-up has only just started
        control.getOutputStream().write('r');
        control.getOutputStream().flush();
        assertServedWithoutTraceOfTheWarmUp(WireConnection.relayed(control));
        assertEquals(0, worker.awaitExit(WAIT), worker.stderr());
        assertEquals("", worker.stderr(), "the warm-up writes nothing");
    }

    @Test
    void saysWarmOnceTheIdleWarmUpEndedAndIsThenServedTheSame() throws Exception {
        startReadyWorker(List.of("-Danytask.worker.trace=true"));
        // the line comes once the idle warm-up is over (bounded by the control socket's read timeout)
        assertEquals("warm", readLine(control.getInputStream()), worker::stderr);
        assertTrue(worker.stderr().contains("idle warm-up: "), worker::stderr);
        assertFalse(worker.stderr().contains("warm-up failed"), worker.stderr());
        control.getOutputStream().write('r');
        control.getOutputStream().flush();
        // nothing but replies from here on: a plain connection, no warm line dropped
        assertServedWithoutTraceOfTheWarmUp(WireConnection.over(control));
        assertEquals(0, worker.awaitExit(WAIT), worker.stderr());
    }

    @Test
    void aDescriptorHandOffAfterTheWarmLineIsServedDirectly() throws Exception {
        startReadyWorker();
        assertEquals("warm", readLine(control.getInputStream()), worker::stderr);
        try (AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open()) {
            control.setOutboundFileDescriptors(pair.getSocket2().getFileDescriptor());
            control.getOutputStream().write('c');
            control.getOutputStream().flush();
            releaseOurCopy(pair.getSocket2().getFileDescriptor());
            try (WireConnection client = WireConnection.over(pair.getSocket1().socket())) {
                assertServedWithoutTraceOfTheWarmUp(client);
            }
        }
        assertEquals(0, worker.awaitExit(WAIT), worker.stderr());
    }

    /**
     * The interface's own setup ran once (count starts at 101), checkout done never ran before the client's, and
     * the replies carry only the client's requests' deferred logs.
     */
    private static void assertServedWithoutTraceOfTheWarmUp(WireConnection client) throws IOException {
        client.send("[\"do\",{},\"checkoutsDone\"][\"do\",{},\"count\"][\"do\",{},\"echo\",1]"
                + "[\"do\",{},\"log\",\"w\"][\"dn\",{}][\"do\",{},\"checkoutsDone\"]");
        Message checkouts = client.next();
        assertEquals(0, ok(checkouts).asInt());
        assertEquals(Meta.empty(), checkouts.meta());
        Message count = client.next();
        assertEquals(101, ok(count).asInt());
        assertEquals(Meta.empty(), count.meta());
        Message echo = client.next();
        assertEquals("[1]", ok(echo).toString());
        assertEquals(Meta.empty(), echo.meta());
        Message log = client.next();
        assertEquals("logged", ok(log).asText());
        com.fasterxml.jackson.databind.JsonNode ld = log.meta().deferredLog().orElseThrow();
        // logs: [time, level, message, extra...]; the client's two, nothing from the warm-up's own log calls
        assertEquals("worker says", ld.get("logs").get(0).get(2).asText(), ld::toString);
        assertEquals("careful", ld.get("logs").get(1).get(2).asText(), ld::toString);
        assertEquals(2, ld.get("logs").size(), ld::toString);
        assertFalse(ld.toString().contains("warm-up"), ld::toString);
        assertEquals(1, ok(client.next()).asInt());
        client.shutdownOutput();
        assertTrue(client.endsWithin(WireConnection.READ_TIMEOUT));
    }

    @Test
    void exitsWhenTheServerGoesAwayBeforeAHandOff() throws Exception {
        startReadyWorker();
        control.close();
        assertEquals(0, worker.awaitExit(WAIT), worker.stderr());
        assertEquals("", worker.stderr(), "an orderly exit: the server logs it, the worker says nothing");
    }

    @Test
    void unknownHandOffByteIsRefused() throws Exception {
        startReadyWorker();
        control.getOutputStream().write('x');
        control.getOutputStream().flush();
        assertEquals(1, worker.awaitExit(WAIT));
        assertTrue(worker.stderr().contains("unexpected hand-off byte 120"), worker.stderr());
    }

    private static com.fasterxml.jackson.databind.JsonNode ok(Message reply) {
        return assertInstanceOf(Message.Ok.class, reply, () -> "expected ok, got " + reply).result();
    }
}
