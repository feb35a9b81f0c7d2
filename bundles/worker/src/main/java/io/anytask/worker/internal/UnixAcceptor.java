package io.anytask.worker.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --accept-unix}: listen on a Unix socket path, accept exactly one connection, remove the path. */
public final class UnixAcceptor {

    private UnixAcceptor() {
    }

    /**
     * Accepts one connection on {@code path}, which this method creates (it must not exist) and removes once a peer
     * is connected. The path appears only once the socket listens; {@code whileListening} runs then, before the
     * connection is accepted (a peer that connects meanwhile waits in the backlog).
     *
     * @throws IOException if the path cannot be bound (for example, it exists) or accepting fails
     */
    public static Connection acceptOnce(Path path, Runnable whileListening) throws IOException {
        SocketChannel channel;
        // bound under a temporary name and renamed once listening: a peer that sees the path can connect at once
        Path binding = path.resolveSibling(path.getFileName() + ".binding");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(binding), 1);
            try {
                Files.move(binding, path);
                whileListening.run();
                channel = server.accept();
            } finally {
                Files.deleteIfExists(binding);
                Files.deleteIfExists(path);
            }
        }
        return new Connection(Channels.newInputStream(channel), Channels.newOutputStream(channel), channel);
    }
}
