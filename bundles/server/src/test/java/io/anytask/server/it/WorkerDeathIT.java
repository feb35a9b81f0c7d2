package io.anytask.server.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Endpoint;
import io.anytask.testsupport.Processes;
import io.anytask.testsupport.ServerProcess;
import io.anytask.testsupport.WireConnection;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A worker that dies, or hangs past the hung-worker timeout, closes its client's connection. */
@Timeout(90)
class WorkerDeathIT {
    @TempDir
    Path dir;

    @Test
    void aWorkerThatExitsMidRequestClosesTheClientsConnection() throws Exception {
        try (ServerProcess server = TestEnvironment.startServer(dir, "unix:" + dir.resolve("s.sock"),
                "--ready-workers", "1")) {
            Endpoint endpoint = server.awaitListening();
            try (WireConnection client = WireConnection.connect(endpoint)) {
                long pid = client.pid();
                client.sendCall("exit", "");
                assertTrue(client.endsWithin(Duration.ofSeconds(15)), "the connection ends with no reply");
                assertTrue(Processes.awaitAllGone(java.util.List.of(pid), Duration.ofSeconds(10)));
                server.awaitLog("worker it#\\d+ ended \\(pid " + pid + ", exit code 0\\)");
            }
            try (WireConnection next = WireConnection.connect(endpoint)) {
                assertTrue(next.pid() > 0, "the server goes on serving");
            }
        }
    }

    @Test
    void aRequestPastTheHungWorkerTimeoutEndsItsWorker() throws Exception {
        try (ServerProcess server = TestEnvironment.startServer(dir, "unix:" + dir.resolve("s.sock"),
                "--ready-workers", "1", "--hung-worker-timeout", "1")) {
            Endpoint endpoint = server.awaitListening();
            try (WireConnection client = WireConnection.connect(endpoint)) {
                long pid = client.pid();
                client.sendCall("sleep", "60");
                assertTrue(client.endsWithin(Duration.ofSeconds(20)), "the hung worker ends its connection");
                assertTrue(Processes.awaitAllGone(java.util.List.of(pid), Duration.ofSeconds(10)));
            }
        }
    }
}
