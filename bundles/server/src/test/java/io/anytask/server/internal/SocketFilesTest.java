package io.anytask.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Endpoint;
import io.anytask.server.ServerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

class SocketFilesTest {
    @TempDir
    Path dir;

    /** Leaves a socket file with nobody listening behind it, as a killed server does. */
    private Path staleSocket() throws IOException {
        Path path = dir.resolve("stale.sock");
        try (AFUNIXServerSocket server = AFUNIXServerSocket.newInstance()) {
            server.setDeleteOnClose(false);
            server.bind(AFUNIXSocketAddress.of(path));
        }
        assertTrue(Files.exists(path));
        return path;
    }

    @Test
    void aStaleSocketFileIsReplaced() throws IOException {
        Path path = staleSocket();
        try (UnixClientListener listener = UnixClientListener.open(new Endpoint.Unix(path),
                PosixFilePermissions.fromString("rw-------"), false)) {
            assertTrue(SocketFiles.isSocket(path));
            try (AFUNIXSocket client = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(path));
                    ClientConnection accepted = listener.accept()) {
                assertTrue(client.isConnected() && accepted.descriptor() != null);
            }
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        }
        assertFalse(Files.exists(path), "the listener removes the socket file it created");
    }

    @Test
    void aLiveSocketIsAnError() throws IOException {
        Path path = dir.resolve("live.sock");
        try (UnixClientListener first = UnixClientListener.open(new Endpoint.Unix(path),
                PosixFilePermissions.fromString("rw-------"), false)) {
            ServerException e = assertThrows(ServerException.class, () -> UnixClientListener.open(
                    new Endpoint.Unix(path), PosixFilePermissions.fromString("rw-------"), false));
            assertEquals("cannot listen on unix:" + path + ": another server is listening there", e.getMessage());
            assertTrue(Files.exists(path), "the live server's socket file is left alone");
        }
    }

    @Test
    void somethingElseAtThePathIsLeftAlone() throws IOException {
        Path path = Files.writeString(dir.resolve("notes.txt"), "keep me");
        ServerException e = assertThrows(ServerException.class, () -> SocketFiles.clearStale(path));
        assertEquals("cannot listen on unix:" + path + ": the path exists and is not a socket", e.getMessage());
        assertEquals("keep me", Files.readString(path));
    }

    @Test
    void aSocketFileReplacedByAnotherServerIsNotRemoved() throws IOException {
        Path path = dir.resolve("taken.sock");
        UnixClientListener first = UnixClientListener.open(new Endpoint.Unix(path),
                PosixFilePermissions.fromString("rw-------"), false);
        Files.delete(path);
        Path other = staleSocket();
        Files.move(other, path);
        Object othersKey = SocketFiles.fileKey(path);
        first.close();
        assertEquals(othersKey, SocketFiles.fileKey(path), "another server's socket file stays");
    }
}
