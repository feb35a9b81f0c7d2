package io.anytask.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.Message;
import io.anytask.testsupport.ProcFs;
import io.anytask.testsupport.Processes;
import io.anytask.testsupport.ServerProcess;
import io.anytask.testsupport.WireConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real server, real workers: each connection gets its own worker, over Unix sockets, TCP and the relay. */
@Timeout(90)
class HandOffIT {
    @TempDir
    Path dir;

    @Test
    void eachConnectionGetsItsOwnWorkerAndEveryStepIsLogged() throws Exception {
        // Renewal off: this test follows each worker JVM's life in the log, from started to ended.
        try (ServerProcess server = TestEnvironment.startServer(dir, "unix:" + dir.resolve("s.sock"),
                "--ready-workers", "2", "--max-renewals", "0")) {
            Endpoint endpoint = server.awaitListening();
            assertTrue(server.log().contains("hand-off: direct"), server.log());
            Set<Long> pids = new HashSet<>();
            try (WireConnection a = WireConnection.connect(endpoint);
                 WireConnection b = WireConnection.connect(endpoint)) {
                pids.add(a.pid());
                pids.add(b.pid());
                Message echo = a.call("echo", "1,\"\\ud834\\udDDA\",{\"k\":[true,null]}");
                assertEquals("[1,\"\uD834\uDDDA\",{\"k\":[true,null]}]", ((Message.Ok) echo).result().toString());
                assertEquals(2, pids.size(), "distinct workers: " + pids);
            }
            try (WireConnection c = WireConnection.connect(endpoint)) {
                long pid = c.pid();
                pids.add(pid);
                assertLeadsItsOwnSession(pid);
            }
            assertEquals(3, pids.size(), "three connections, three worker processes: " + pids);
            List<Matcher> handedOut = server.awaitLogs(
                    "worker it#(\\d+) handed out \\(pid (\\d+), direct, (warm|still warming up), [0-9.]+ ms after"
                    + " accept\\)", 3);
            Set<Long> loggedPids = new HashSet<>();
            handedOut.forEach(m -> loggedPids.add(Long.parseLong(m.group(2))));
            assertEquals(pids, loggedPids);
            server.awaitLogs("worker it#\\d+ started \\(pid \\d+\\)", 4);
            server.awaitLogs("worker it#\\d+ ready \\(pid \\d+, booted in \\d+ ms\\)", 3);
            server.awaitLogs("worker it#\\d+ ended \\(pid \\d+, exit code 0\\)", 3);
            assertTrue(Processes.awaitAllGone(pids, Duration.ofSeconds(20)), "workers exit when their client closes");
        }
    }

    /** On Linux, a worker leads a session of its own, so a Ctrl-C at the server's terminal spares it. */
    private static void assertLeadsItsOwnSession(long pid) {
        String[] fields = ProcFs.stat(pid);
        if (Files.exists(Path.of("/usr/bin/setsid")) && fields != null) {
            assertEquals(Long.toString(pid), fields[3], "session of worker " + pid + ": " + String.join(" ", fields));
        }
    }

    @Test
    void tcpConnectionsArePassedToWorkersToo() throws Exception {
        try (ServerProcess server = TestEnvironment.startServer(dir, "tcp:127.0.0.1:0", "--ready-workers", "1")) {
            Endpoint endpoint = server.awaitListening();
            assertInstanceOf(Endpoint.Tcp.class, endpoint);
            assertNotEquals(0, ((Endpoint.Tcp) endpoint).port());
            try (WireConnection client = WireConnection.connect(endpoint)) {
                long pid = client.pid();
                server.awaitLog("handed out \\(pid " + pid + ", direct, ");
                assertEquals(pid, client.pid(), "the same worker serves the whole connection");
                Message failed = client.call("fail", "\"boom\"");
                assertTrue(((Message.Er) failed).message().startsWith("failure: boom"), failed.toString());
            }
        }
    }

    @Test
    void theRelayServesTheSameProtocol() throws Exception {
        try (ServerProcess server = TestEnvironment.startServer(dir, "unix:" + dir.resolve("r.sock"),
                "--ready-workers", "1", "--relay")) {
            Endpoint endpoint = server.awaitListening();
            assertTrue(server.log().contains("hand-off: relay, as configured"), server.log());
            // once warm, the worker's warm line has been read off the control connection that the relay then uses
            server.awaitLog("worker it#\\d+ warm \\(\\d+ ms after it started\\)");
            try (WireConnection client = WireConnection.connect(endpoint)) {
                long pid = client.pid();
                server.awaitLog("handed out \\(pid " + pid + ", relay, warm, ");
                Message big = client.call("big", "200000");
                assertEquals(200_000, ((Message.Ok) big).result().asText().length());
            }
        }
    }
}
