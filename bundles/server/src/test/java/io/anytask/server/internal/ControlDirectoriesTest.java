package io.anytask.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlDirectoriesTest {
    @TempDir
    Path tmp;

    private Path directory(String name) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        Files.writeString(dir.resolve("control.sock"), "stands for the socket file");
        return dir;
    }

    @Test
    void removesOnlyTheDirectoriesOfServersThatAreGone() throws IOException {
        Path gone = directory("anytask-server-4711-123456789");
        Path live = directory("anytask-server-4712-987654321");
        Path oldForm = directory("anytask-server-555555");
        Path other = directory("anytask-server-4711-x1");
        Path worker = directory("anytask-worker-4711-1");
        Set<Long> alive = Set.of(4712L);

        assertEquals(1, ControlDirectories.deleteStale(tmp, alive::contains));

        assertFalse(Files.exists(gone), "the directory of a server that is gone, with its socket file");
        assertTrue(Files.exists(live.resolve("control.sock")), "a live process's directory stays");
        assertTrue(Files.exists(oldForm), "a name without a PID is not judged");
        assertTrue(Files.exists(other), "a name of another form is not judged");
        assertTrue(Files.exists(worker), "a worker's cache is not the server's business");
    }

    @Test
    void aLinkIsNotFollowed() throws IOException {
        Path target = directory("elsewhere");
        Files.createSymbolicLink(tmp.resolve("anytask-server-4711-1"), target);

        ControlDirectories.deleteStale(tmp, pid -> false);

        assertTrue(Files.exists(target.resolve("control.sock")), "what a link points to is never removed");
    }

    @Test
    void readsTheOwnerFromTheName() {
        assertEquals(4711, ControlDirectories.ownerPid("anytask-server-4711-42"));
        assertEquals(-1, ControlDirectories.ownerPid("anytask-server-42"));
        assertEquals(-1, ControlDirectories.ownerPid("anytask-server--42"));
        assertEquals(-1, ControlDirectories.ownerPid("anytask-server-4711-42-1"));
        assertEquals(-1, ControlDirectories.ownerPid("anytask-worker-4711-42"));
    }

    @Test
    void aNewDirectoryIsNamedAfterThisProcessAndIsPrivate() throws IOException {
        Path dir = ControlDirectories.create();
        try {
            assertEquals(ProcessHandle.current().pid(), ControlDirectories.ownerPid(dir.getFileName().toString()));
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir)));
        } finally {
            Files.delete(dir);
        }
    }
}
