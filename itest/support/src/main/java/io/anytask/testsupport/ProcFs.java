package io.anytask.testsupport;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What Linux's {@code /proc} says about processes. A process is gone only when its {@code /proc/PID} is: a zombie
 * (state {@code Z}, exited but not reaped by its parent) is still there. All waits are bounded.
 */
public final class ProcFs {
    /** How long {@link #assertGone} waits for processes to disappear. */
    public static final long GONE_SECONDS = 10;

    private ProcFs() {
    }

    /**
     * The fields of {@code /proc/PID/stat} after the command name: index 0 is the state, 1 the parent, 3 the session,
     * 11 and 12 the user and system CPU time in clock ticks; null if the process is gone.
     */
    public static String[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return null;
        }
    }

    /** The state letter of {@code /proc/PID/stat} ({@code R}, {@code S}, {@code Z}...), or null if there is none. */
    public static String state(long pid) {
        String[] fields = stat(pid);
        return fields == null ? null : fields[0];
    }

    /** The parent PID, or -1 if the process is gone. */
    public static long parent(long pid) {
        String[] fields = stat(pid);
        return fields == null ? -1 : Long.parseLong(fields[1]);
    }

    /** Waits (bounded) until none of {@code pids} is in {@code /proc}, zombies included; fails naming the rest. */
    public static void assertGone(Collection<Long> pids, String what) throws InterruptedException {
        long deadline = System.nanoTime() + GONE_SECONDS * 1_000_000_000L;
        Map<Long, String> left = present(pids);
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
            left = present(pids);
        }
        if (!left.isEmpty()) {
            throw new AssertionError(what + ": still present after " + GONE_SECONDS + " s (PID -> state): " + left);
        }
    }

    private static Map<Long, String> present(Collection<Long> pids) {
        Map<Long, String> left = new TreeMap<>();
        for (long pid : pids) {
            String state = state(pid);
            if (state != null) {
                left.put(pid, state);
            }
        }
        return left;
    }

    /** The children of {@code parent} that are zombies (exited, not reaped). */
    public static List<Long> zombieChildren(long parent) throws IOException {
        List<Long> zombies = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                String[] fields = stat(pid);
                if (fields != null && "Z".equals(fields[0]) && Long.parseLong(fields[1]) == parent) {
                    zombies.add(pid);
                }
            }
        }
        return zombies;
    }

    /** Fails if one of {@code pids} is alive but no longer a child of {@code server} (an orphan). */
    public static void assertNoOrphans(Collection<Long> pids, long server) {
        for (long pid : pids) {
            long parent = parent(pid);
            if (parent != -1 && parent != server) {
                throw new AssertionError("worker " + pid + " outlived its place: parent " + parent + ", state "
                        + state(pid) + " (expected: gone, or a child of the server " + server + ")");
            }
        }
    }

    /** The number of open file descriptors of {@code pid} ({@code /proc/PID/fd}; {@code self} for this JVM). */
    public static int openFiles(String pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", pid, "fd"))) {
            return (int) fds.count();
        }
    }

    /** The number of threads of {@code pid} ({@code /proc/PID/task}; {@code self} for this JVM). */
    public static int threads(String pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", pid, "task"))) {
            return (int) tasks.count();
        }
    }

    /** Resident memory (VmRSS) of process {@code pid} in kB ({@code /proc/PID/status}). */
    public static long residentKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }
}
