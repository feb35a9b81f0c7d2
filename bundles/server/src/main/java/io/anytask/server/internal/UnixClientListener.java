package io.anytask.server.internal;

import io.anytask.protocol.Endpoint;
import io.anytask.server.HandOffMode;
import io.anytask.server.ServerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Listens on a Unix socket with junixsocket, whose accepted sockets expose the descriptor that is passed to the
 * worker. The socket file gets the configured permissions right after binding.
 */
final class UnixClientListener implements ClientListener {
    private static final int BACKLOG = 128;

    private final Endpoint.Unix endpoint;
    private final AFUNIXServerSocket serverSocket;
    private final Object fileKey;
    private final HandOffMode mode;

    private UnixClientListener(Endpoint.Unix endpoint, AFUNIXServerSocket serverSocket, Object fileKey,
            HandOffMode mode) {
        this.endpoint = endpoint;
        this.serverSocket = serverSocket;
        this.fileKey = fileKey;
        this.mode = mode;
    }

    static UnixClientListener open(Endpoint.Unix endpoint, Set<PosixFilePermission> permissions, boolean relayOnly)
            throws IOException {
        Path path = endpoint.path();
        if (path.getParent() != null && !Files.isDirectory(path.getParent())) {
            throw new ServerException("cannot listen on " + endpoint + ": directory " + path.getParent()
                    + " does not exist");
        }
        SocketFiles.clearStale(path);
        AFUNIXServerSocket serverSocket = AFUNIXServerSocket.newInstance();
        serverSocket.setDeleteOnClose(false);
        try {
            serverSocket.bind(AFUNIXSocketAddress.of(path), BACKLOG);
            Files.setPosixFilePermissions(path, permissions);
        } catch (IOException e) {
            serverSocket.close();
            throw new ServerException("cannot listen on " + endpoint + ": " + e.getMessage(), e);
        }
        return new UnixClientListener(endpoint, serverSocket, SocketFiles.fileKey(path),
                relayOnly ? HandOffMode.RELAY : HandOffMode.DIRECT);
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public HandOffMode handOffMode() {
        return mode;
    }

    @Override
    public ClientConnection accept() throws IOException {
        AFUNIXSocket socket = serverSocket.accept();
        return new ClientConnection(socket, mode == HandOffMode.DIRECT ? socket.getFileDescriptor() : null);
    }

    @Override
    public void close() {
        ControlChannel.closeQuietly(serverSocket);
        SocketFiles.removeIfOwned(endpoint.path(), fileKey);
    }
}
