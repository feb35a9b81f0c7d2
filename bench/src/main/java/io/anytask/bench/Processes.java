package io.anytask.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Child processes of the benchmark: started with a bounded wait for a ready line, killed with their descendants. */
final class Processes {
    private Processes() {
    }

    /** Resident memory (VmRSS) of process {@code pid} in kB, from /proc. */
    static long residentKb(long pid) throws IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts {@code cmd}, waits at most {@code seconds} for a stdout line starting with {@code ready}. */
    static Process start(List<String> cmd, String ready, Path stderr, long seconds) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader r = new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    if (l.startsWith(ready)) {
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
        } catch (java.util.concurrent.TimeoutException e) {
            ok = false;
        }
        if (!ok) {
            kill(p);
            throw new IllegalStateException("process did not get ready: " + cmd);
        }
        return p;
    }

    static void kill(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        p.destroy();
        try {
            p.waitFor(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.destroyForcibly();
        all.addAll(p.descendants().toList());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // bounded
            }
        }
    }
}
