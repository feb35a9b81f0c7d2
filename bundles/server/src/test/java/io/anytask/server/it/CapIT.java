package io.anytask.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.Message;
import io.anytask.testsupport.ServerProcess;
import io.anytask.testsupport.WireConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cap on workers, and workers that cannot boot. */
@Timeout(90)
class CapIT {
    @TempDir
    Path dir;

    @Test
    void atTheCapAConnectionWaitsForASlotInsteadOfBeingRefused() throws Exception {
        // The cap is on worker JVMs: with renewal off, the second client's worker is a second JVM, which shows
        // that the first one had ended before it started.
        try (ServerProcess server = TestEnvironment.startServer(dir, "unix:" + dir.resolve("s.sock"),
                "--ready-workers", "1", "--max-workers", "1", "--max-renewals", "0")) {
            Endpoint endpoint = server.awaitListening();
            try (WireConnection first = WireConnection.connect(endpoint);
                 WireConnection second = WireConnection.connect(endpoint)) {
                long firstPid = first.pid();
                second.sendCall("pid", "");
                assertTrue(second.silentFor(Duration.ofSeconds(2)), "no worker for the second client at the cap");
                server.awaitLog("a client waits for a worker: 1 workers run, the most allowed \\(maxWorkers: 1\\)");
                first.close();
                Message reply = second.reply(Duration.ofSeconds(30));
                assertInstanceOf(Message.Ok.class, reply, "the held connection is served once a slot frees");
                assertNotEquals(firstPid, ((Message.Ok) reply).result().asLong());
            }
            assertEquals(2, server.startedWorkerPids().size(), "never more than one worker at a time, two in all");
        }
    }

    @Test
    void aWorkerThatCannotBootIsReportedAndRetriedWithBackOff() throws Exception {
        Path notABundle = Files.writeString(dir.resolve("broken.jar"), "this is not a jar");
        try (ServerProcess server = TestEnvironment.startServerRaw(dir, java.util.List.of("--listen",
                "unix:" + dir.resolve("s.sock"), "--interface", "conformance", "--bundle", notABundle.toString(),
                "--worker-home", TestEnvironment.workerHome().toString(), "--name", "it", "--ready-workers", "1"))) {
            server.awaitListening();
            server.awaitLog("worker it#1 failed to boot \\(pid \\d+, exit code [1-9]\\d*\\); next start in 500 ms;"
                    + " its last output:");
            server.awaitLog("worker it#2 failed to boot \\(pid \\d+, exit code [1-9]\\d*\\); next start in 1000 ms");
            assertTrue(server.log().contains("[it#1] "), "the worker's own output is in the log:\n" + server.log());
            assertTrue(server.process().isAlive(), "the server keeps running");
        }
    }
}
