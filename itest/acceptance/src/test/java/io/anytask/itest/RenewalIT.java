package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static io.anytask.testsupport.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.InterfaceFailedException;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewal (SPEC.md section 9) against a real server with one worker, on the interface {@code renewal-state} of the
 * leaks bundle: a worker whose client connection ends normally serves the next connection in the same JVM, fresh
 * (new static state, setup run again); {@code --max-renewals} bounds how often before a new JVM takes its place.
 */
@Timeout(180)
class RenewalIT {
    private static final String[] ONE_WORKER = {"--ready-workers", "1", "--max-workers", "1"};

    @TempDir
    Path dir;

    @Test
    void aWorkerIsRenewedFreshInItsProcessWhenItsClientCloses() throws Exception {
        try (ServerProcess server = Servers.startLeaks(dir, "renewal-state", ONE_WORKER)) {
            WorkerIdentity first;
            try (TaskClient client = TaskClient.create(oneWorkerClient(server).build())) {
                try (Checkout co = client.checkout()) {
                    JsonNode state = await(co.call("state"));
                    first = WorkerIdentity.of(state);
                    assertState(state, 1, 1, 1);
                    assertState(await(co.call("state")), 2, 1, 2);
                }
                try (Checkout co = client.checkout()) {
                    JsonNode state = await(co.call("state"));
                    assertEquals(first, WorkerIdentity.of(state), "a released checkout keeps its client's worker");
                    assertState(state, 3, 1, 3);
                }
            }
            try (TaskClient client = TaskClient.create(oneWorkerClient(server).build());
                 Checkout co = client.checkout()) {
                JsonNode state = await(co.call("state"));
                WorkerIdentity second = WorkerIdentity.of(state);
                assertTrue(first.renewedAs(second), "renewed: the same process, a new life: " + first + ", " + second);
                assertState(state, 1, 1, 1);
            }
            assertFalse(server.log().contains("not renewed:"), server.log());
        }
    }

    @Test
    void aWorkerThatWarmedUpBeforeItsFirstClientIsRenewedToo() throws Exception {
        try (ServerProcess server = Servers.startLeaks(dir, "renewal-state", ONE_WORKER)) {
            server.awaitLogLine("worker itest#1 warm ");
            WorkerIdentity first;
            try (TaskClient client = TaskClient.create(oneWorkerClient(server).build());
                 Checkout co = client.checkout()) {
                first = WorkerIdentity.parse(await(co.call("identity", String.class)));
            }
            try (TaskClient client = TaskClient.create(oneWorkerClient(server).build());
                 Checkout co = client.checkout()) {
                WorkerIdentity second = WorkerIdentity.parse(await(co.call("identity", String.class)));
                assertTrue(first.renewedAs(second), () -> "renewed: " + first + ", " + second + "; the server's"
                        + " output:\n" + server.log());
            }
        }
    }

    @Test
    void aWorkerIsRenewedAfterAnErrorEndsItsConnection() throws Exception {
        try (ServerProcess server = Servers.startLeaks(dir, "renewal-state", ONE_WORKER);
             TaskClient client = TaskClient.create(oneWorkerClient(server).build())) {
            WorkerIdentity first;
            try (Checkout co = client.checkout()) {
                first = WorkerIdentity.parse(await(co.call("identity", String.class)));
                failure(co.call("fail", "on purpose"), InterfaceFailedException.class);
            }
            try (Checkout co = client.checkout()) {
                WorkerIdentity second = WorkerIdentity.parse(await(co.call("identity", String.class)));
                assertTrue(first.renewedAs(second), "renewed after the error: " + first + ", " + second);
                assertState(await(co.call("state")), 1, 1, 1);
            }
        }
    }

    @Test
    void aWorkerIsRenewedForEachCheckoutOfAClientWithMaxCheckoutsOne() throws Exception {
        try (ServerProcess server = Servers.startLeaks(dir, "renewal-state", ONE_WORKER);
             TaskClient client = TaskClient.create(oneWorkerClient(server).maxCheckouts(1).build())) {
            List<WorkerIdentity> seen = identities(client, 3);
            assertTrue(seen.get(0).renewedAs(seen.get(1)), "renewed: " + seen);
            assertTrue(seen.get(1).renewedAs(seen.get(2)), "renewed: " + seen);
            assertNotEquals(seen.get(0), seen.get(2), "every life is new: " + seen);
        }
    }

    @Test
    void maxRenewalsZeroGivesANewJvmForEveryClient() throws Exception {
        try (ServerProcess server = Servers.startLeaks(dir, "renewal-state",
                withOneWorker("--max-renewals", "0"));
             TaskClient client = TaskClient.create(oneWorkerClient(server).maxCheckouts(1).build())) {
            List<WorkerIdentity> seen = identities(client, 3);
            HashSet<Long> pids = new HashSet<>();
            seen.forEach(id -> pids.add(id.pid()));
            assertEquals(3, pids.size(), "three processes: " + seen);
        }
    }

    @Test
    void maxRenewalsTwoRenewsAWorkerTwiceThenReplacesIt() throws Exception {
        try (ServerProcess server = Servers.startLeaks(dir, "renewal-state",
                withOneWorker("--max-renewals", "2"));
             TaskClient client = TaskClient.create(oneWorkerClient(server).maxCheckouts(1).build())) {
            List<WorkerIdentity> seen = identities(client, 4);
            assertTrue(seen.get(0).renewedAs(seen.get(1)), "renewal 1: " + seen);
            assertTrue(seen.get(1).renewedAs(seen.get(2)), "renewal 2: " + seen);
            assertNotEquals(seen.get(2).pid(), seen.get(3).pid(), "then a new JVM: " + seen);
            server.awaitLogLine("anytask worker itest#\\d+: not renewed: renewed 2 times \\(max renewals 2\\);"
                    + " exiting for a new JVM");
        }
    }

    private static TaskClientConfig.Builder oneWorkerClient(ServerProcess server) {
        return TaskClientConfig.builder(server.endpoint()).maxWorkers(1);
    }

    private static String[] withOneWorker(String... options) {
        List<String> all = new ArrayList<>(List.of(ONE_WORKER));
        all.addAll(List.of(options));
        return all.toArray(String[]::new);
    }

    /** The identities of {@code n} checkouts made one after the other. */
    private static List<WorkerIdentity> identities(TaskClient client, int n) throws Exception {
        List<WorkerIdentity> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (Checkout co = client.checkout()) {
                seen.add(WorkerIdentity.parse(await(co.call("identity", String.class))));
            }
        }
        return seen;
    }

    /** {@code state} is {@code [identity, static calls, setup runs, instance calls]}. */
    private static void assertState(JsonNode state, int staticCalls, int setupRuns, int instanceCalls) {
        assertEquals(List.of(staticCalls, setupRuns, instanceCalls),
                List.of(state.get(1).asInt(), state.get(2).asInt(), state.get(3).asInt()),
                "[static calls, setup runs, instance calls] in " + state);
    }
}
