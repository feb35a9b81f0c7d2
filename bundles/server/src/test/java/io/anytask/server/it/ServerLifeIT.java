package io.anytask.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.Message;
import io.anytask.testsupport.Processes;
import io.anytask.testsupport.ServerProcess;
import io.anytask.testsupport.WireConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Start, stop, restart and kill a real server on one socket path. */
@Timeout(120)
class ServerLifeIT {
    @TempDir
    Path dir;

    @Test
    void aSecondServerOnALiveSocketFailsAndARestartedServerServes() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (ServerProcess first = TestEnvironment.startServer(dir, "unix:" + socket, "--ready-workers", "1")) {
            Endpoint endpoint = first.awaitListening();
            try (ServerProcess second = TestEnvironment.startServer(dir, "unix:" + socket, "--ready-workers", "1")) {
                assertEquals(1, second.awaitExit(Duration.ofSeconds(30)));
                assertTrue(second.log().contains("another server is listening there"), second.log());
            }
            try (WireConnection client = WireConnection.connect(endpoint)) {
                assertTrue(client.pid() > 0, "the first server still serves");
            }
            first.terminate();
            assertEquals(143, first.awaitExit(Duration.ofSeconds(40)));
            assertFalse(Files.exists(socket), "a stopped server removes its socket file");
            assertTrue(Processes.awaitAllGone(first.startedWorkerPids(), Duration.ofSeconds(10)),
                    "no worker outlives it");
        }
        try (ServerProcess restarted = TestEnvironment.startServer(dir, "unix:" + socket, "--ready-workers", "1")) {
            try (WireConnection client = WireConnection.connect(restarted.awaitListening())) {
                assertTrue(client.pid() > 0);
            }
        }
    }

    @Test
    void afterKill9IdleWorkersExitAndTheStaleSocketIsReplaced() throws Exception {
        Path socket = dir.resolve("s.sock");
        Set<Long> idleWorkers;
        try (ServerProcess killed = TestEnvironment.startServer(dir, "unix:" + socket, "--ready-workers", "2")) {
            killed.awaitListening();
            killed.awaitLogs("worker it#\\d+ ready", 2);
            idleWorkers = killed.startedWorkerPids();
            assertEquals(2, idleWorkers.size());
            killed.kill9();
            assertTrue(Processes.awaitAllGone(idleWorkers, Duration.ofSeconds(15)),
                    "idle workers exit when their server dies by kill -9");
            assertTrue(Files.exists(socket), "kill -9 leaves the socket file behind");
        }
        try (ServerProcess next = TestEnvironment.startServer(dir, "unix:" + socket, "--ready-workers", "1")) {
            Endpoint endpoint = next.awaitListening();
            assertTrue(next.log().contains("replaced stale socket file " + socket), next.log());
            try (WireConnection client = WireConnection.connect(endpoint)) {
                assertTrue(client.pid() > 0);
            }
        }
    }

    @Test
    void aGracefulStopLetsTheBusyWorkerFinishAndTakesNoNewClients() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (ServerProcess server = TestEnvironment.startServer(dir, "unix:" + socket, "--ready-workers", "2")) {
            Endpoint endpoint = server.awaitListening();
            try (WireConnection busy = WireConnection.connect(endpoint)) {
                long busyPid = busy.pid();
                busy.sendCall("sleep", "3");
                server.terminate();
                server.awaitLog("server it stopping");
                assertThrows(IOException.class, () -> WireConnection.connect(endpoint).pid(),
                        "a stopping server takes no new clients");
                Message reply = busy.reply(Duration.ofSeconds(20));
                assertInstanceOf(Message.Ok.class, reply, "the busy worker finishes its request");
                assertEquals(3.0, ((Message.Ok) reply).result().asDouble());
                assertEquals(busyPid, busy.pid(), "and goes on serving its client during the grace period");
            }
            assertEquals(143, server.awaitExit(Duration.ofSeconds(40)));
            assertTrue(server.log().contains("server it stopped"), server.log());
            assertTrue(Processes.awaitAllGone(server.startedWorkerPids(), Duration.ofSeconds(10)));
        }
    }

    @Test
    void aServerThatCannotStartSaysWhy() throws Exception {
        try (ServerProcess server = TestEnvironment.startServerRaw(dir, List.of("--listen",
                "unix:" + dir.resolve("s.sock"), "--interface", "conformance",
                "--bundle", TestEnvironment.conformanceBundle().toString(),
                "--worker-home", TestEnvironment.workerHome().toString(), "--max-workers", "0"))) {
            assertEquals(2, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("anytask server: maxWorkers: 0 (expected: >= 1)"), server.log());
        }
    }
}
