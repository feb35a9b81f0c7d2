package io.anytask.itest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code /proc} says about processes, for the leak checks: a process is gone only when its {@code /proc/PID}
 * is (a zombie, state {@code Z}, is still there: its parent has not reaped it). All waits are bounded.
 */
final class Pids {
    static final long GONE_SECONDS = 10;

    private Pids() {
    }

    /** The state letter of {@code /proc/PID/stat} ({@code R}, {@code S}, {@code Z}...), or null if there is none. */
    static String state(long pid) {
        String[] fields = statFields(pid);
        return fields == null ? null : fields[0];
    }

    /** The parent PID, or -1 if the process is gone. */
    static long parent(long pid) {
        String[] fields = statFields(pid);
        return fields == null ? -1 : Long.parseLong(fields[1]);
    }

    /** The fields of {@code /proc/PID/stat} after the command name: state, parent, ...; null if it is gone. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return null;
        }
    }

    /** Waits (bounded) until none of {@code pids} is in {@code /proc}, zombies included; fails naming the rest. */
    static void assertGone(Collection<Long> pids, String what) throws InterruptedException {
        long deadline = System.nanoTime() + GONE_SECONDS * 1_000_000_000L;
        Map<Long, String> left = present(pids);
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
            left = present(pids);
        }
        assertEquals(Map.of(), left, what + ": still present after " + GONE_SECONDS + " s (PID -> state)");
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
    static List<Long> zombieChildren(long parent) throws IOException {
        List<Long> zombies = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                String[] fields = statFields(pid);
                if (fields != null && "Z".equals(fields[0]) && Long.parseLong(fields[1]) == parent) {
                    zombies.add(pid);
                }
            }
        }
        return zombies;
    }

    /** Fails if one of {@code pids} is alive but no longer a child of {@code server} (an orphan). */
    static void assertNoOrphans(Collection<Long> pids, long server) {
        for (long pid : pids) {
            long parent = parent(pid);
            if (parent != -1 && parent != server) {
                fail("worker " + pid + " outlived its place: parent " + parent + ", state " + state(pid)
                        + " (expected: gone, or a child of the server " + server + ")");
            }
        }
    }

    /** The number of open file descriptors of {@code pid} ({@code /proc/PID/fd}). */
    static int openFiles(String pid) throws IOException {
        try (var fds = Files.list(Path.of("/proc", pid, "fd"))) {
            return (int) fds.count();
        }
    }

    /** The number of threads of {@code pid} ({@code /proc/PID/task}). */
    static int threads(String pid) throws IOException {
        try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
            return (int) tasks.count();
        }
    }
}
