package io.anytask.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Endpoint;
import io.anytask.server.ForkedTaskServer;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import io.anytask.testsupport.Processes;
import io.anytask.testsupport.WireConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A server forked from this JVM, tied to it by a keep-alive pipe. */
@Timeout(90)
class ForkIT {
    @TempDir
    Path dir;

    private ServerConfig config(Path socket) {
        return ServerConfig.builder().endpoint(new Endpoint.Unix(socket)).interfaceName("conformance")
                .bundle(TestEnvironment.conformanceBundle()).workerHome(TestEnvironment.workerHome())
                .name("forked").readyWorkers(1).workerJvmOption("-Xmx64m").build();
    }

    @Test
    void closingThePipeStopsTheServerGracefully() throws Exception {
        Path socket = dir.resolve("f.sock");
        ForkedTaskServer server = TaskServer.fork(config(socket), List.of("-Xmx128m"), Duration.ofSeconds(30));
        long workerPid = 0;
        try {
            assertEquals(new Endpoint.Unix(socket), server.endpoint());
            try (WireConnection client = WireConnection.connect(server.endpoint())) {
                workerPid = client.pid();
                assertTrue(ProcessHandle.of(workerPid).flatMap(ProcessHandle::parent)
                        .map(parent -> parent.pid() == server.pid()).orElse(false), "the worker is the server's child");
            }
            server.close();
            assertEquals(0, server.onExit().get(1, TimeUnit.SECONDS), "a graceful stop exits 0");
            assertFalse(Files.exists(socket));
        } finally {
            server.kill();
            if (workerPid != 0) {
                Processes.killAll(List.of(workerPid));
            }
        }
    }

    @Test
    void killEndsTheServerAtOnce() throws Exception {
        ForkedTaskServer server = TaskServer.fork(config(dir.resolve("k.sock")), List.of("-Xmx128m"),
                Duration.ofSeconds(30));
        try {
            assertTrue(server.isAlive());
            server.kill();
            assertFalse(server.isAlive());
            assertTrue(server.onExit().get(1, TimeUnit.SECONDS) != 0);
        } finally {
            server.kill();
        }
    }
}
