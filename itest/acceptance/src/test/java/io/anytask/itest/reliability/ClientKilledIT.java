package io.anytask.itest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.itest.Servers;
import io.anytask.testsupport.ProcFs;
import io.anytask.testsupport.ServerProcess;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, faults: a client JVM killed with SIGKILL while it holds checkouts. Its workers see their connections
 * end and, with {@code --max-renewals 0}, exit; the server reaps them (gone from {@code /proc}: no zombie), none
 * outlives it as an orphan, the server logs each one's end and serves the next client. With renewal, the same
 * workers are renewed and serve the next client.
 */
@Timeout(120)
class ClientKilledIT {
    private static final int HELD = 3;

    @TempDir
    Path dir;

    @Test
    void theWorkersOfAKilledClientEndAndAreReaped() throws Exception {
        try (ServerProcess server = Servers.start(dir, "--max-renewals", "0", "--max-workers", "8")) {
            Process client = startClient(server.endpoint().toString());
            List<Long> held = new ArrayList<>();
            try {
                held.addAll(readHeldWorkers(client));
                assertEquals(HELD, held.size(), "workers held by the client");
                for (long pid : held) {
                    assertEquals(server.pid(), ProcFs.parent(pid), "worker " + pid + " is the server's child");
                }
                long start = System.nanoTime();
                client.destroyForcibly();
                assertTrue(client.waitFor(10, TimeUnit.SECONDS), "the client was killed");
                ProcFs.assertGone(held, "the killed client's workers");
                System.out.printf("reliability: the killed client's %d workers were gone %d ms after the kill%n",
                        HELD, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } finally {
                client.destroyForcibly();
                client.waitFor(10, TimeUnit.SECONDS);
            }
            for (long pid : held) {
                server.awaitLogLine("worker itest#\\d+ ended \\(pid " + pid + ", exit code \\d+\\)");
            }
            assertEquals(List.of(), ProcFs.zombieChildren(server.pid()), "zombie children of the server");
            ProcFs.assertNoOrphans(held, server.pid());
            Process next = startClient(server.endpoint().toString());
            try {
                assertEquals(HELD, readHeldWorkers(next).size(), "the next client is served");
            } finally {
                next.destroyForcibly();
                next.waitFor(10, TimeUnit.SECONDS);
            }
            List<Long> all = new ArrayList<>(held);
            all.addAll(server.stop());
            ProcFs.assertGone(all, "the workers after a graceful stop");
        }
    }

    /**
     * With renewal (the default): the killed client's workers see their connections end like any client's end, are
     * renewed in the same JVMs instead of exiting, and serve the next client; none is a zombie or an orphan.
     */
    @Test
    void withRenewalTheWorkersOfAKilledClientAreRenewedForTheNextClient() throws Exception {
        try (ServerProcess server = Servers.start(dir, "--max-workers", "8", "--ready-workers", "1")) {
            Process client = startClient(server.endpoint().toString());
            List<Long> held;
            try {
                held = readHeldWorkers(client);
                assertEquals(HELD, held.size(), "workers held by the client");
                client.destroyForcibly();
                assertTrue(client.waitFor(10, TimeUnit.SECONDS), "the client was killed");
            } finally {
                client.destroyForcibly();
                client.waitFor(10, TimeUnit.SECONDS);
            }
            Process next = startClient(server.endpoint().toString());
            List<Long> served;
            try {
                served = readHeldWorkers(next);
                assertEquals(HELD, served.size(), "the next client is served");
            } finally {
                next.destroyForcibly();
                next.waitFor(10, TimeUnit.SECONDS);
            }
            assertTrue(served.stream().anyMatch(held::contains), "the next client got renewed workers of the killed"
                    + " one (held " + held + ", served " + served + ")");
            for (long pid : held) {
                assertEquals(server.pid(), ProcFs.parent(pid), "worker " + pid + " lives on as the server's child");
            }
            assertEquals(List.of(), ProcFs.zombieChildren(server.pid()), "zombie children of the server");
            List<Long> all = new ArrayList<>(held);
            all.addAll(server.stop());
            ProcFs.assertGone(all, "the workers after a graceful stop");
            ProcFs.assertNoOrphans(all, server.pid());
        }
    }

    private static Process startClient(String endpoint) throws Exception {
        String classes = Path.of(SleepingClient.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("itest.server.classpath") + File.pathSeparator + classes,
                SleepingClient.class.getName(), endpoint, Integer.toString(HELD));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Reads the client's {@code worker PID} lines until {@code holding}, bounded in time. */
    private static List<Long> readHeldWorkers(Process client) throws Exception {
        CompletableFuture<List<Long>> pids = CompletableFuture.supplyAsync(() -> {
            List<Long> seen = new ArrayList<>();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.UTF_8));
                for (String line = out.readLine(); line != null && !line.equals("holding"); line = out.readLine()) {
                    if (line.startsWith("worker ")) {
                        seen.add(Long.parseLong(line.substring("worker ".length())));
                    }
                }
            } catch (java.io.IOException e) {
                // the client died: what was read is the answer
            }
            return seen;
        });
        return pids.get(60, TimeUnit.SECONDS);
    }
}
