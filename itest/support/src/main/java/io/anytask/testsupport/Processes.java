package io.anytask.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Child processes and process trees: started with a bounded wait for a ready line, checked, killed; all bounded. */
public final class Processes {
    private Processes() {
    }

    /** The {@code java} launcher of the JVM that runs this code, for starting more JVMs of the same kind. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code command} with its standard error going to {@code stderr}, and waits at most {@code seconds} for
     * a line of its standard output that starts with {@code ready}. A process that does not get ready is killed.
     *
     * @return the ready process, whose standard output is not read any further
     * @throws IllegalStateException naming the command if it did not get ready
     */
    public static Process startAndAwaitLine(List<String> command, String ready, Path stderr, long seconds)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith(ready)) {
                        return true;
                    }
                }
            } catch (IOException e) {
                return false;
            }
            return false;
        });
        boolean ok;
        try {
            ok = seen.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            ok = false;
        }
        if (!ok) {
            killTree(process);
            throw new IllegalStateException("process did not get ready: " + command);
        }
        return process;
    }

    /** True if process {@code pid} runs (as {@link ProcessHandle} sees it). */
    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits until none of the processes runs; returns true if that happened within {@code timeout}. */
    public static boolean awaitAllGone(Collection<Long> pids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pids.stream().noneMatch(Processes::alive)) {
                return true;
            }
            Thread.sleep(50);
        }
        return pids.stream().noneMatch(Processes::alive);
    }

    /** Sends SIGKILL to each of the processes that still runs. */
    public static void killAll(Collection<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Stops {@code process} and every descendant it has: SIGTERM, up to 3 s for it to exit, then SIGKILL to it and
     * to all descendants seen before and after, and up to 5 s for each to be gone. Never waits longer.
     */
    public static void killTree(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            process.waitFor(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        all.addAll(process.descendants().toList());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // bounded: a process that will not die is left for the caller's own checks to report
            }
        }
    }
}
