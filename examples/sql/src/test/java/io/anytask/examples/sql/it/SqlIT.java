package io.anytask.examples.sql.it;

import static io.anytask.testsupport.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.anytask.client.Checkout;
import io.anytask.client.InterfaceFailedException;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.Endpoint;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import io.anytask.server.WorkerInfo;
import io.anytask.server.WorkerState;
import io.anytask.testsupport.BuildPaths;
import io.anytask.testsupport.Futures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interface {@code sql} through real servers, whose workers install this module's bundle and H2's, and real
 * clients, against one H2 database that this test opens embedded and serves with H2's TCP server on 127.0.0.1
 * (failsafe sets {@code h2.bindAddress}). This JVM's own connection checks what was committed.
 */
@Timeout(240)
class SqlIT {
    private static final String URL_PROPERTY = "anytask.examples.sql.url";
    private static final String INSERT = "INSERT INTO item (id, name) VALUES (?, ?)";
    private static final String SELECT = "SELECT id, name FROM item WHERE id = ?";
    private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() { };

    @TempDir
    static Path dir;
    /** This JVM's connection: keeps the database open while the H2 server serves it to the workers. */
    private static Connection database;
    private static Server h2;
    private static TaskServer server;
    private static TaskClient client;

    @BeforeAll
    static void startDatabaseServerAndClient() throws SQLException {
        Path file = dir.resolve("examples");
        database = DriverManager.getConnection("jdbc:h2:file:" + file, "sa", "");
        try (Statement statement = database.createStatement()) {
            statement.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
        }
        h2 = Server.createTcpServer("-tcpPort", "0").start();
        // A worker serves one client connection for the connection's life: the shared client holds up to two, a
        // test's own client one more.
        server = TaskServer.start(serverConfig("sql", 3, workerUrl(file)));
        client = TaskClient.create(TaskClientConfig.builder(server.endpoint()).maxWorkers(2).build());
    }

    @AfterAll
    static void stopAll() throws SQLException {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                if (h2 != null) {
                    h2.stop();
                }
                if (database != null) {
                    database.close();
                }
            }
        }
    }

    @Test
    void aCheckoutThatCommitsLeavesItsRows() throws Exception {
        try (Checkout checkout = client.checkout()) {
            assertEquals(1, await(checkout.call("execute", Integer.class, INSERT, List.of(1, "committed"))));
            await(checkout.call("commit"));
        }
        assertEquals(List.of("committed"), committedNames(1));
    }

    @Test
    void whatACheckoutDidNotCommitIsRolledBackWhenItIsReleased() throws Exception {
        try (TaskClient oneWorker = TaskClient.create(TaskClientConfig.builder(server.endpoint()).maxWorkers(1)
                .build())) {
            try (Checkout checkout = oneWorker.checkout()) {
                assertEquals(1, await(checkout.call("execute", Integer.class, INSERT, List.of(2, "released"))));
                assertEquals(List.of(Map.of("ID", 2, "NAME", "released")),
                        await(checkout.call("query", ROWS, SELECT, List.of(2))), "its own transaction sees it");
            }
            try (Checkout next = oneWorker.checkout()) {
                // The same worker and connection: had the release not rolled back, this commit would commit row 2.
                await(next.call("commit"));
                assertEquals(List.of(), await(next.call("query", ROWS, SELECT, List.of(2))));
            }
        }
        assertEquals(List.of(), committedNames(2));
    }

    @Test
    void anErrorInTheMiddleOfATransactionLeavesNothingCommitted() throws Exception {
        try (TaskClient keepsWorker = TaskClient.create(TaskClientConfig.builder(server.endpoint()).maxWorkers(1)
                .keepWorkerAfterError(true).build())) {
            try (Checkout checkout = keepsWorker.checkout()) {
                assertEquals(1, await(checkout.call("execute", Integer.class, INSERT, List.of(3, "before"))));
                String error = failure(checkout.call("execute", Integer.class, INSERT, List.of(3, "duplicate")));
                assertTrue(error.startsWith("transaction rolled back: Unique index or primary key violation"), error);
                String refused = failure(checkout.call("commit"));
                assertTrue(refused.startsWith("transaction rolled back by an earlier error of this checkout"),
                        refused);
            }
            try (Checkout next = keepsWorker.checkout()) {
                await(next.call("commit"));
                assertEquals(List.of(), await(next.call("query", ROWS, SELECT, List.of(3))));
            }
        }
        assertEquals(List.of(), committedNames(3));
    }

    @Test
    void rowsWrittenByOneWorkerAreSeenThroughAnother() throws Exception {
        try (Checkout writer = client.checkout(); Checkout reader = client.checkout()) {
            // Held at once, the two checkouts have a worker connection each, so a worker JVM each.
            assertEquals(List.of(), await(reader.call("query", ROWS, SELECT, List.of(4))));
            assertEquals(1, await(writer.call("execute", Integer.class, INSERT, List.of(4, "shared"))));
            await(writer.call("commit"));
            long serving = server.listWorkers().stream().filter(w -> w.state() == WorkerState.SERVING).count();
            assertTrue(serving >= 2, "two workers serve the two checkouts: " + server.listWorkers());
            assertEquals(List.of(Map.of("ID", 4, "NAME", "shared")),
                    await(reader.call("query", ROWS, SELECT, List.of(4))));
        }
    }

    @Test
    void aWorkerIsRenewedInItsProcessForEachClientDespiteH2() throws Exception {
        try (TaskServer oneWorker = TaskServer.start(serverConfig("sql-renewal", 1,
                workerUrl(dir.resolve("examples"))));
             TaskClient fresh = TaskClient.create(TaskClientConfig.builder(oneWorker.endpoint()).maxWorkers(1)
                     .maxCheckouts(1).build())) {
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                try (Checkout checkout = fresh.checkout()) {
                    assertEquals(1, await(checkout.call("execute", Integer.class, INSERT, List.of(10 + i, "r" + i))));
                    await(checkout.call("commit"));
                    List<WorkerInfo> workers = oneWorker.listWorkers();
                    assertEquals(1, workers.size(), workers.toString());
                    pids.add(workers.get(0).pid());
                    assertEquals(i, workers.get(0).renewals(), "renewed " + i + " times, in one process: "
                            + workers + ", pids " + pids + " (a worker not renewed says why on stderr)");
                }
            }
            assertEquals(1, pids.stream().distinct().count(), "one process: " + pids);
        }
        assertEquals(List.of("r0", "r1", "r2"), List.of(committedNames(10).get(0), committedNames(11).get(0),
                committedNames(12).get(0)));
    }

    private static ServerConfig serverConfig(String name, int maxWorkers, String url) {
        return ServerConfig.builder()
                .endpoint(Endpoint.parse("unix:" + dir.resolve(name + ".sock")))
                .interfaceName("sql")
                .bundle(BuildPaths.existing("anytask.test.bundle"))
                .bundle(BuildPaths.existing("anytask.test.h2Bundle"))
                .workerHome(BuildPaths.existing("anytask.test.workerHome"))
                .workerJvmOption("-D" + URL_PROPERTY + "=" + url)
                .name(name).readyWorkers(1).maxWorkers(maxWorkers).gracePeriod(Duration.ofSeconds(5))
                .build();
    }

    /** The URL that workers connect with: the database file, through the H2 server of this JVM. */
    private static String workerUrl(Path file) {
        return "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/" + file + ";USER=sa";
    }

    /** The names of the committed rows with {@code id}, as this JVM's connection sees them. */
    private static List<String> committedNames(int id) throws SQLException {
        try (PreparedStatement statement = database.prepareStatement("SELECT name FROM item WHERE id = ?")) {
            statement.setInt(1, id);
            List<String> names = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        }
    }

    /** The reason of the interface's error that {@code call} failed with. */
    private static String failure(CompletableFuture<?> call) {
        return Futures.failure(call, InterfaceFailedException.class).reason();
    }
}
