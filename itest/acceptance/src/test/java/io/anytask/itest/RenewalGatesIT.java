package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.testsupport.Futures;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The isolation gates of renewal (SPEC.md section 9), one leak interface of the leaks bundle per test, against a real
 * server with one worker: a client's checkout leaks, its connection ends, and the next client's checkout must be
 * served by a new JVM (a renewed worker could not be told apart from a new one), with the worker's reason in the
 * server's output. The one leak that renewal prevents, a thread local on the serving thread, renews.
 */
@Timeout(180)
class RenewalGatesIT {
    private static final String CHECK_LOADERS_EVERY_RENEWAL = "-Danytask.worker.loaderCheckEvery=1";

    @TempDir
    Path dir;

    @Test
    void aThreadLeftRunning() throws Exception {
        assertNotRenewed("leak-thread", "thread \"leaky-thread\" started by the interface's code is still alive");
    }

    @Test
    void aFileLeftOpen() throws Exception {
        assertNotRenewed("leak-fd", "file descriptors");
    }

    @Test
    void aSystemPropertySet() throws Exception {
        assertNotRenewed("leak-property", "system property \"anytask.leak\" changed");
    }

    @Test
    void theDefaultLocaleChanged() throws Exception {
        assertNotRenewed("leak-locale", "the default locale changed");
    }

    @Test
    void theDefaultTimeZoneChanged() throws Exception {
        assertNotRenewed("leak-timezone", "the default time zone changed");
    }

    /**
     * A driver of the interface's bundle left registered: {@code DriverManager} lists a driver only to code that can
     * load its class, so the worker finds it by the bundle's class loader that it keeps reachable.
     */
    @Test
    void aJdbcDriverRegistered() throws Exception {
        assertNotRenewed("leak-jdbc", "a class loader of a discarded bundle is still reachable after a GC");
    }

    @Test
    void aSecurityProviderAdded() throws Exception {
        assertNotRenewed("leak-security-provider", "security providers changed");
    }

    /** The JDK lists no shutdown hooks: the worker finds one by the bundle's class loader that its code keeps. */
    @Test
    void aShutdownHookAdded() throws Exception {
        assertNotRenewed("leak-shutdown-hook", "a class loader of a discarded bundle is still reachable after a GC");
    }

    @Test
    void aChildProcessLeftRunningIsEndedWithItsWorker() throws Exception {
        long[] child = {-1};
        try {
            try (ServerProcess server = Servers.startLeaks(dir, "leak-process", oneWorker())) {
                WorkerIdentity first;
                try (TaskClient client = client(server); Checkout co = client.checkout()) {
                    JsonNode leaked = await(co.call("leak"));
                    first = WorkerIdentity.of(leaked);
                    child[0] = leaked.get(1).asLong();
                }
                assertTrue(isAlive(child[0]), "the interface started its child " + child[0]);
                WorkerIdentity next = identityOfNextClient(server);
                assertNotEquals(first.pid(), next.pid(), "a new JVM: " + first + ", " + next);
                server.awaitLogLine(notRenewed("child process " + child[0] + " is still running"));
                assertTrue(awaitGone(child[0]), "the worker ended its child " + child[0] + " before exiting");
            }
        } finally {
            if (child[0] > 0) {
                ProcessHandle.of(child[0]).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void aClassLoaderKeptReachableByJdkState() throws Exception {
        assertNotRenewed("leak-classloader", "a class loader of a discarded bundle is still reachable after a GC",
                "--worker-jvm-option", CHECK_LOADERS_EVERY_RENEWAL);
    }

    @Test
    void aThreadLocalOnTheServingThreadDiesWithItSoTheWorkerIsRenewed() throws Exception {
        try (ServerProcess server = Servers.startLeaks(dir, "leak-thread-local",
                oneWorker("--worker-jvm-option", CHECK_LOADERS_EVERY_RENEWAL))) {
            JsonNode first = leakOnce(server);
            JsonNode second = leakOnce(server);
            WorkerIdentity a = WorkerIdentity.of(first);
            WorkerIdentity b = WorkerIdentity.of(second);
            assertTrue(a.renewedAs(b), "renewed: the same process, a new life: " + a + ", " + b);
            assertNotEquals(first.get(1).asLong(), second.get(1).asLong(), "a new serving thread for each client");
            assertFalse(server.log().contains("not renewed:"), server.log());
        }
    }

    @Test
    void heapKeptByJdkState() throws Exception {
        assertNotRenewed("leak-heap", "heap after GC grew by");
    }

    @Test
    void nativeMemoryKeptByJdkState() throws Exception {
        assertNotRenewed("leak-native", "resident memory grew by");
    }

    @Test
    void metaspaceKeptByJdkState() throws Exception {
        assertNotRenewed("leak-metaspace", "metaspace after GC grew by",
                "--worker-jvm-option", "-Danytask.worker.maxMetaspaceGrowthMb=8",
                "--worker-jvm-option", "-Danytask.worker.loaderCheckEvery=1000");
    }

    /**
     * One client's checkout calls {@code leak()}; then the next client's checkout must be served by another process,
     * and the server's output must hold the worker's reason, containing {@code reason}.
     */
    private void assertNotRenewed(String interfaceName, String reason, String... options) throws Exception {
        try (ServerProcess server = Servers.startLeaks(dir, interfaceName, oneWorker(options))) {
            WorkerIdentity first = WorkerIdentity.of(leakOnce(server));
            WorkerIdentity next = identityOfNextClient(server);
            assertNotEquals(first.pid(), next.pid(), () -> "a new JVM after " + interfaceName + ": " + first + ", "
                    + next + "; the server's output:\n" + server.log());
            String line = server.awaitLogLine(notRenewed(reason));
            assertTrue(line.contains("worker itest#"), line);
        }
    }

    /** A client whose one checkout calls {@code leak()}; closing the client ends its connection to the worker. */
    private static JsonNode leakOnce(ServerProcess server) throws Exception {
        try (TaskClient client = client(server); Checkout co = client.checkout()) {
            return await(co.call("leak"));
        }
    }

    private static WorkerIdentity identityOfNextClient(ServerProcess server) throws Exception {
        try (TaskClient client = client(server); Checkout co = client.checkout()) {
            return WorkerIdentity.parse(await(co.call("identity", String.class)));
        }
    }

    private static TaskClient client(ServerProcess server) {
        return TaskClient.create(TaskClientConfig.builder(server.endpoint()).maxWorkers(1).build());
    }

    /** The worker's line: {@code anytask worker NAME#N: not renewed: REASON; exiting for a new JVM}. */
    private static String notRenewed(String reason) {
        return "anytask worker itest#\\d+: not renewed: .*" + Pattern.quote(reason) + ".*; exiting for a new JVM";
    }

    private static String[] oneWorker(String... options) {
        List<String> all = new ArrayList<>(List.of("--ready-workers", "1", "--max-workers", "1"));
        all.addAll(List.of(options));
        return all.toArray(String[]::new);
    }

    /** Waits (bounded) until process {@code pid} is gone; a worker ends its children just before it exits. */
    private static boolean awaitGone(long pid) throws InterruptedException {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return true;
        }
        try {
            handle.get().onExit().get(Futures.WAIT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return !handle.get().isAlive();
        }
    }

    private static boolean isAlive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive();
    }
}
