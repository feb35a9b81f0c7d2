package io.anytask.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.Message;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import io.anytask.server.WorkerInfo;
import io.anytask.testsupport.WireConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewal as the server sees it, with one worker JVM and raw protocol clients: after a client, the worker is
 * ready again in the same JVM with a fresh interface (setup ran again), and the server counts the renewal; a
 * server told never to renew gives every client a new JVM.
 */
@Timeout(120)
class RenewalIT {
    @TempDir
    Path dir;

    private TaskServer start(int maxRenewals) {
        return start(maxRenewals, false);
    }

    private TaskServer start(int maxRenewals, boolean relayOnly) {
        return TaskServer.start(ServerConfig.builder()
                .endpoint(Endpoint.parse("unix:" + dir.resolve("s.sock")))
                .interfaceName("conformance").bundle(TestEnvironment.conformanceBundle())
                .workerHome(TestEnvironment.workerHome()).name("renew").readyWorkers(1).maxWorkers(1)
                .maxRenewals(maxRenewals).relayOnly(relayOnly).gracePeriod(Duration.ofSeconds(5)).build());
    }

    @Test
    void aRenewedWorkerKeepsItsJvmAndRunsSetupAgain() throws Exception {
        try (TaskServer server = start(5)) {
            long firstPid;
            try (WireConnection client = WireConnection.connect(server.endpoint())) {
                firstPid = client.pid();
                assertEquals("101", result(client.call("count", "")), "setup set the counter to 100");
                assertEquals("102", result(client.call("count", "")));
            }
            for (int renewal = 1; renewal <= 3; renewal++) {
                try (WireConnection client = WireConnection.connect(server.endpoint())) {
                    assertEquals(firstPid, client.pid(), "the same JVM serves the next client");
                    assertEquals("101", result(client.call("count", "")), "a fresh interface: setup ran again");
                    List<WorkerInfo> workers = server.listWorkers();
                    assertEquals(1, workers.size(), workers.toString());
                    assertEquals(renewal, workers.get(0).renewals(), workers.toString());
                }
            }
        }
    }

    /**
     * On Java 25 the JDK makes a socket of its own at the first close of a socket channel, after the worker's
     * descriptor baseline unless the worker makes it first: every renewal was refused (one more descriptor). The
     * machines this project is built on have a Temurin 25 beside the default JDK; the build names it
     * ({@code -Danytask.java25=PATH/bin/java}).
     */
    @Test
    void aWorkerOnJava25IsRenewedToo() throws Exception {
        assumeFalse(Boolean.getBoolean("anytask.test.java25.skip"), "-Danytask.java25.skip=true");
        Path java = Path.of(System.getProperty("anytask.test.otherJava",
                "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
        assertTrue(java.toFile().canExecute(), java + " is not there: install a Temurin 25 JDK or name another with"
                + " -Danytask.test.otherJava");
        try (TaskServer server = TaskServer.start(ServerConfig.builder()
                .endpoint(Endpoint.parse("unix:" + dir.resolve("s25.sock")))
                .interfaceName("conformance").bundle(TestEnvironment.conformanceBundle())
                .workerHome(TestEnvironment.workerHome()).workerJava(java).name("renew25").readyWorkers(1)
                .maxWorkers(1).maxRenewals(5).gracePeriod(Duration.ofSeconds(5)).build())) {
            // a worker that finished its idle warm-up first, as one does when clients come seconds apart
            for (int i = 0; i < 300 && server.workers().warm() < 1; i++) {
                Thread.sleep(50);
            }
            assertEquals(1, server.workers().warm(), server.workers().toString());
            long firstPid;
            try (WireConnection client = WireConnection.connect(server.endpoint())) {
                firstPid = client.pid();
                assertEquals("101", result(client.call("count", "")));
            }
            for (int renewal = 1; renewal <= 2; renewal++) {
                try (WireConnection client = WireConnection.connect(server.endpoint())) {
                    assertEquals(firstPid, client.pid(), "renewal " + renewal + ": the same JVM");
                    assertEquals("101", result(client.call("count", "")));
                }
            }
        }
    }

    @Test
    void aWorkerServingARelayedConnectionIsRenewedToo() throws Exception {
        try (TaskServer server = start(5, true)) {
            long firstPid;
            try (WireConnection client = WireConnection.connect(server.endpoint())) {
                firstPid = client.pid();
                assertEquals("101", result(client.call("count", "")));
            }
            try (WireConnection client = WireConnection.connect(server.endpoint())) {
                assertEquals(firstPid, client.pid());
                assertEquals("101", result(client.call("count", "")));
            }
        }
    }

    @Test
    void aWorkerWhoseRenewalsAreUsedUpIsReplacedByANewJvm() throws Exception {
        try (TaskServer server = start(1)) {
            long first;
            try (WireConnection client = WireConnection.connect(server.endpoint())) {
                first = client.pid();
            }
            try (WireConnection client = WireConnection.connect(server.endpoint())) {
                assertEquals(first, client.pid(), "renewed once");
            }
            try (WireConnection client = WireConnection.connect(server.endpoint())) {
                assertNotEquals(first, client.pid(), "max renewals 1: a new JVM");
                assertEquals(0, server.listWorkers().get(0).renewals());
            }
        }
    }

    @Test
    void aStrictServerGivesEveryClientANewJvm() throws Exception {
        try (TaskServer server = start(0)) {
            long first;
            try (WireConnection client = WireConnection.connect(server.endpoint())) {
                first = client.pid();
            }
            try (WireConnection client = WireConnection.connect(server.endpoint())) {
                long second = client.pid();
                assertNotEquals(first, second);
                assertTrue(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false) == false,
                        "the first worker JVM ended");
            }
        }
    }

    private static String result(Message reply) {
        return ((Message.Ok) reply).result().toString();
    }
}
