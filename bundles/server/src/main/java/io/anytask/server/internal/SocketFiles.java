package io.anytask.server.internal;

import io.anytask.server.ServerException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Rules for a listening Unix socket's file: a stale file (nobody listening behind it) is replaced, a live one is
 * an error, anything that is not a socket is left alone, and a server removes only the file it created itself,
 * recognized by its file key (device and inode).
 */
final class SocketFiles {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private SocketFiles() {
    }

    /**
     * Makes {@code path} free to bind: nothing there, or a stale socket file that is removed.
     *
     * @throws ServerException if another server listens there, or the path holds something that is not a socket
     */
    static void clearStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(path)) {
            throw new ServerException("cannot listen on unix:" + path + ": the path exists and is not a socket");
        }
        try (AFUNIXSocket probe = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(path))) {
            throw new ServerException("cannot listen on unix:" + path + ": another server is listening there");
        } catch (SocketException refused) {
            Files.deleteIfExists(path);
            ServerLog.info("replaced stale socket file " + path + " (nothing was listening)");
        }
    }

    static boolean isSocket(Path path) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return ((Integer) mode & S_IFMT) == S_IFSOCK;
    }

    /** @return the file key of the file at path, or null if there is none */
    static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Removes the socket file at path only if it is still the file with the given key. */
    static void removeIfOwned(Path path, Object ownedKey) {
        Object current = fileKey(path);
        if (ownedKey == null || !ownedKey.equals(current)) {
            if (current != null) {
                ServerLog.info("left " + path + " in place: it is no longer this server's socket");
            }
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            ServerLog.warn("could not remove socket file " + path, e);
        }
    }
}
