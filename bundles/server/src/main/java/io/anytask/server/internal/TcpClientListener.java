package io.anytask.server.internal;

import io.anytask.protocol.Endpoint;
import io.anytask.server.HandOffMode;
import io.anytask.server.ServerException;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Listens on TCP with a JDK channel. A JDK channel's descriptor is reachable only through {@code sun.nio.ch}, which
 * the JVM must export to this code ({@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}, as {@code bin/anytask}
 * does); without it, TCP connections are relayed.
 */
final class TcpClientListener implements ClientListener {
    private static final int BACKLOG = 128;

    private final ServerSocketChannel channel;
    private final Endpoint.Tcp endpoint;
    private final Method getFd;

    private TcpClientListener(ServerSocketChannel channel, Endpoint.Tcp endpoint, Method getFd) {
        this.channel = channel;
        this.endpoint = endpoint;
        this.getFd = getFd;
    }

    static TcpClientListener open(Endpoint.Tcp endpoint, boolean relayOnly) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.bind(new InetSocketAddress(endpoint.host(), endpoint.port()), BACKLOG);
        } catch (IOException e) {
            channel.close();
            throw new ServerException("cannot listen on " + endpoint + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
        Endpoint.Tcp actual = new Endpoint.Tcp(bound.getAddress().getHostAddress(), bound.getPort());
        return new TcpClientListener(channel, actual, relayOnly ? null : descriptorAccessor());
    }

    /** @return {@code SelChImpl.getFD()} if this code may call it, else null */
    static Method descriptorAccessor() {
        try {
            Class<?> selChImpl = Class.forName("sun.nio.ch.SelChImpl");
            if (!selChImpl.getModule().isExported("sun.nio.ch", TcpClientListener.class.getModule())) {
                return null;
            }
            return selChImpl.getMethod("getFD");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public HandOffMode handOffMode() {
        return getFd == null ? HandOffMode.RELAY : HandOffMode.DIRECT;
    }

    @Override
    public ClientConnection accept() throws IOException {
        SocketChannel client = channel.accept();
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        FileDescriptor fd = null;
        if (getFd != null) {
            try {
                fd = (FileDescriptor) getFd.invoke(client);
            } catch (ReflectiveOperationException e) {
                fd = null;
            }
        }
        return new ClientConnection(client.socket(), fd);
    }

    @Override
    public void close() {
        ControlChannel.closeQuietly(channel);
    }
}
