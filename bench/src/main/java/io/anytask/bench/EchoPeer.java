package io.anytask.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The latency floor's other JVM: listens on a Unix socket, accepts one connection and writes back every byte it
 * reads, with blocking I/O, until the peer closes. Then it exits.
 */
public final class EchoPeer {
    private EchoPeer() {
    }

    public static void main(String[] args) throws IOException {
        Path path = Path.of(args[0]);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            System.out.println("ready");
            System.out.flush();
            try (SocketChannel c = server.accept()) {
                ByteBuffer buf = ByteBuffer.allocateDirect(65536);
                while (c.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        c.write(buf);
                    }
                    buf.clear();
                }
            }
        }
    }
}
