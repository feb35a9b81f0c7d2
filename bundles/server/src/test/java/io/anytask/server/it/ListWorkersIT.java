package io.anytask.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.Message;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import io.anytask.server.WorkerInfo;
import io.anytask.server.WorkerState;
import io.anytask.testsupport.WireConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link TaskServer#listWorkers()}: each worker's state, and the checkouts a serving worker has served. */
@Timeout(90)
class ListWorkersIT {
    @TempDir
    Path dir;

    private TaskServer start(boolean relayOnly) {
        return TaskServer.start(ServerConfig.builder()
                .endpoint(Endpoint.parse("unix:" + dir.resolve("s.sock")))
                .interfaceName("conformance").bundle(TestEnvironment.conformanceBundle())
                .workerHome(TestEnvironment.workerHome()).name("list").readyWorkers(1).relayOnly(relayOnly)
                .gracePeriod(Duration.ofSeconds(5)).build());
    }

    @Test
    void aServingWorkerCountsTheCheckoutsItsClientReleased() throws Exception {
        try (TaskServer server = start(false)) {
            WorkerInfo warm = await(server, w -> w.state() == WorkerState.WARM);
            assertEquals(1, warm.number());
            assertTrue(ProcessHandle.of(warm.pid()).isPresent(), "the listed pid is a live process");
            assertEquals(OptionalLong.of(0), warm.checkoutsServed());
            assertTrue(!warm.started().isAfter(Instant.now()) && !warm.age(Instant.now()).isNegative());
            try (WireConnection client = WireConnection.connect(server.endpoint())) {
                long pid = client.pid();
                assertEquals(OptionalLong.of(0), serving(server, pid).checkoutsServed(), "no dn yet");
                for (int i = 0; i < 3; i++) {
                    assertInstanceOf(Message.Ok.class, client.call("echo", "1"));
                    checkoutDone(client);
                }
                assertInstanceOf(Message.Ok.class, client.call("echo", "2"), "the dn messages got no reply");
                assertEquals(OptionalLong.of(3), serving(server, pid).checkoutsServed());
                assertInstanceOf(Message.Ok.class, client.call("echo", "3"), "the query left the connection alone");
            }
        }
    }

    @Test
    void aRelayedWorkerCannotTell() throws Exception {
        try (TaskServer server = start(true)) {
            await(server, w -> w.state() == WorkerState.WARM);
            try (WireConnection client = WireConnection.connect(server.endpoint())) {
                long pid = client.pid();
                assertEquals(OptionalLong.empty(), serving(server, pid).checkoutsServed());
            }
        }
    }

    private static void checkoutDone(WireConnection client) throws IOException {
        client.send("[\"dn\",{}]".getBytes(StandardCharsets.UTF_8));
    }

    private static WorkerInfo serving(TaskServer server, long pid) throws InterruptedException {
        return await(server, w -> w.pid() == pid && w.state() == WorkerState.SERVING);
    }

    private static WorkerInfo await(TaskServer server, Predicate<WorkerInfo> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<WorkerInfo> workers = List.of();
        while (System.nanoTime() < deadline) {
            workers = server.listWorkers();
            for (WorkerInfo worker : workers) {
                if (wanted.test(worker)) {
                    return worker;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such worker within 30 s; workers: " + workers);
    }
}
