package io.anytask.server.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.LongPredicate;

/**
 * The servers' private control directories in the temporary folder, named {@code anytask-server-PID-RANDOM} after
 * the server's process. A server removes its own at a graceful stop; one killed with SIGKILL cannot, so every server
 * removes, at start, the directories whose owner process is gone (best effort, as the workers do with their Felix
 * caches). A directory whose PID belongs to a live process is left alone, even if that process is not a server (the
 * PID was reused): only the loss of a few bytes, never the removal of a live server's socket. Names of another form
 * (the servers before this one named the directory {@code anytask-server-RANDOM}) are never touched.
 */
final class ControlDirectories {
    static final String PREFIX = "anytask-server-";

    private ControlDirectories() {
    }

    /** Makes this server's private directory, readable only by its user, named after this process. */
    static Path create() throws IOException {
        return Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Removes the directories in the JVM's temporary folder of servers that are no longer running; never throws. */
    static void deleteStale() {
        deleteStale(Path.of(System.getProperty("java.io.tmpdir")),
                pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    /**
     * Removes the directories {@code anytask-server-PID-RANDOM} in {@code tmp} whose PID is not alive.
     *
     * @return how many were removed
     */
    static int deleteStale(Path tmp, LongPredicate alive) {
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*-*")) {
            for (Path dir : dirs) {
                long pid = ownerPid(dir.getFileName().toString());
                if (pid > 0 && !alive.test(pid) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                        && deleteTree(dir)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            ServerLog.warn("cannot look for stale control directories in " + tmp + ": " + e);
        }
        if (removed > 0) {
            ServerLog.info("removed " + removed + " control director" + (removed == 1 ? "y" : "ies")
                    + " of servers that are gone from " + tmp);
        }
        return removed;
    }

    /** The PID in {@code anytask-server-PID-RANDOM}, or -1 for a name of another form. */
    static long ownerPid(String name) {
        if (!name.startsWith(PREFIX)) {
            return -1;
        }
        String[] parts = name.substring(PREFIX.length()).split("-", -1);
        if (parts.length != 2 || !digits(parts[0]) || !digits(parts[1])) {
            return -1;
        }
        try {
            return Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean digits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Deletes {@code dir} and what it holds, not following links; false if something could not be deleted. */
    private static boolean deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (IOException e) {
            ServerLog.warn("could not remove the stale control directory " + dir + ": " + e);
            return false;
        }
    }
}
