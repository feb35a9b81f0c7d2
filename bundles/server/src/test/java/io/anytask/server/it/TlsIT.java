package io.anytask.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.client.TaskException;
import io.anytask.client.TlsHandshakeException;
import io.anytask.protocol.Endpoint;
import io.anytask.protocol.TlsSettings;
import io.anytask.server.HandOffMode;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import io.anytask.server.TlsClientAuth;
import io.anytask.server.WorkerCounts;
import io.anytask.server.WorkerInfo;
import io.anytask.server.WorkerState;
import io.anytask.testsupport.TestCertificates;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real server, real workers, real client, real TLS on 127.0.0.1, with certificates that keytool makes for the test:
 * the server needs client certificates. A client that is refused in the handshake costs no worker; a plain client
 * fails and the server goes on serving.
 */
@Timeout(120)
class TlsIT {
    @TempDir
    static Path dir;
    static TestCertificates certificates;

    @BeforeAll
    static void certificates() throws Exception {
        certificates = TestCertificates.create(dir);
    }

    private static TaskServer start() {
        return TaskServer.start(ServerConfig.builder().endpoint(Endpoint.parse("tcp:127.0.0.1:0"))
                .interfaceName("conformance").bundle(TestEnvironment.conformanceBundle())
                .workerHome(TestEnvironment.workerHome()).name("tls").readyWorkers(1).maxWorkers(4)
                .tls(certificates.server()).tlsClientAuth(TlsClientAuth.NEED)
                .gracePeriod(Duration.ofSeconds(5)).build());
    }

    private static TaskClient client(TaskServer server, TlsSettings tls) {
        return TaskClient.create(TaskClientConfig.builder(server.endpoint()).maxWorkers(1)
                .timeout(Duration.ofSeconds(30)).tls(tls).build());
    }

    @Test
    void aTrustedClientCallsOverTls() throws Exception {
        try (TaskServer server = start(); TaskClient client = client(server, certificates.client())) {
            assertEquals(HandOffMode.RELAY, server.handOffMode(), "TLS implies relay");
            try (Checkout checkout = client.checkout()) {
                JsonNode echoed = checkout.call("echo", 1, "\u03bb", List.of(true)).get(30, TimeUnit.SECONDS);
                assertEquals("[1,\"\u03bb\",[true]]", echoed.toString());
                String big = checkout.call("big", String.class, 200_000).get(30, TimeUnit.SECONDS);
                assertEquals(200_000, big.length());
            }
        }
    }

    @Test
    void aClientWithoutACertificateIsRefusedBeforeAnyWorkerIsSpent() throws Exception {
        try (TaskServer server = start()) {
            WorkerInfo ready = awaitOneReady(server);
            try (TaskClient client = client(server, certificates.clientWithoutCertificate())) {
                TaskException error = failure(client.checkout().call("echo", 1));
                assertInstanceOf(TlsHandshakeException.class, error, error.toString());
                assertTrue(error.getMessage().startsWith("TLS handshake with " + server.endpoint() + " failed: "),
                        error.getMessage());
            }
            WorkerCounts counts = server.workers();
            assertEquals(0, counts.busy(), counts.toString());
            assertEquals(1, counts.ready(), counts.toString());
            assertEquals(List.of(ready.pid()), server.listWorkers().stream().map(WorkerInfo::pid).toList(),
                    "the ready worker was never handed out");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheServerFailsWithTheReason() throws Exception {
        try (TaskServer server = start();
                TaskClient client = client(server, certificates.clientNotTrustingTheServer())) {
            TaskException error = failure(client.checkout().call("echo", 1));
            assertInstanceOf(TlsHandshakeException.class, error, error.toString());
            assertTrue(error.getMessage().contains("PKIX path building failed"), error.getMessage());
            assertEquals(0, server.workers().busy());
        }
    }

    @Test
    void aPlainClientFailsAndTheServerGoesOnServing() throws Exception {
        try (TaskServer server = start()) {
            WorkerInfo ready = awaitOneReady(server);
            try (TaskClient plain = TaskClient.create(TaskClientConfig.builder(server.endpoint()).maxWorkers(1)
                    .timeout(Duration.ofSeconds(30)).build())) {
                failure(plain.checkout().call("echo", 1));
            }
            assertEquals(List.of(ready.pid()), server.listWorkers().stream().map(WorkerInfo::pid).toList());
            try (TaskClient client = client(server, certificates.client()); Checkout checkout = client.checkout()) {
                assertEquals("[2]", checkout.call("echo", 2).get(30, TimeUnit.SECONDS).toString());
            }
        }
    }

    /**
     * Handshakes run beside the acceptor, bounded in number and time: connections that never start their handshake
     * do not keep a trusted client waiting; past the most handshakes at once (256) a connection is closed at once;
     * each silent one is closed once the handshake timeout (10 s) is over; none of them costs a worker.
     */
    @Test
    void silentConnectionsWaitNoOneAndAreBoundedInNumberAndTime() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try (TaskServer server = start()) {
            WorkerInfo ready = awaitOneReady(server);
            int port = ((Endpoint.Tcp) server.endpoint()).port();
            for (int i = 0; i < 5; i++) {
                silent.add(new Socket("127.0.0.1", port));
            }
            try (TaskClient client = client(server, certificates.client()); Checkout checkout = client.checkout()) {
                assertEquals("[1]", checkout.call("echo", 1).get(5, TimeUnit.SECONDS).toString(),
                        "a trusted client is served while handshakes wait");
            }
            long opened = System.nanoTime();
            while (silent.size() < 256) {
                silent.add(new Socket("127.0.0.1", port));
            }
            List<Socket> over = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                over.add(new Socket("127.0.0.1", port));
            }
            for (Socket socket : over) {
                socket.setSoTimeout(5_000);
                assertTrue(ends(socket), "a connection past 256 handshakes is closed at once");
                socket.close();
            }
            for (Socket socket : silent) {
                socket.setSoTimeout(30_000);
                assertTrue(ends(socket), "a silent connection is closed after the handshake timeout");
            }
            assertTrue(System.nanoTime() - opened >= TimeUnit.SECONDS.toNanos(5),
                    "the silent connections were closed by the timeout, not at once");
            WorkerCounts counts = server.workers();
            assertEquals(0, counts.busy(), counts.toString());
            assertEquals(List.of(ready.pid()), server.listWorkers().stream().map(WorkerInfo::pid).toList(),
                    "no worker was handed out for them");
            try (TaskClient client = client(server, certificates.client()); Checkout checkout = client.checkout()) {
                assertEquals("[2]", checkout.call("echo", 2).get(30, TimeUnit.SECONDS).toString());
            }
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }

    /**
     * Whether the server ends the connection within the socket's read timeout; what it sends before (a TLS alert) is
     * read and dropped, and a reset counts as an end.
     */
    private static boolean ends(Socket socket) throws IOException {
        try {
            while (socket.getInputStream().read() >= 0) {
                // the alert of a handshake that timed out
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    @Test
    void tlsIsForTcpEndpointsOnly() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TaskClientConfig.builder("unix:/tmp/x.sock").tls(certificates.client()).build());
        assertTrue(e.getMessage().startsWith("tls: TLS applies to tcp: endpoints"), e.getMessage());
    }

    private static WorkerInfo awaitOneReady(TaskServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<WorkerInfo> workers = server.listWorkers();
            if (workers.size() == 1 && workers.get(0).state() == WorkerState.WARM) {
                return workers.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no warm worker within 60 s: " + server.listWorkers());
    }

    private static TaskException failure(CompletableFuture<?> call) throws Exception {
        try {
            Object result = call.get(30, TimeUnit.SECONDS);
            throw new AssertionError("the call succeeded: " + result);
        } catch (ExecutionException e) {
            return assertInstanceOf(TaskException.class, e.getCause());
        }
    }
}
