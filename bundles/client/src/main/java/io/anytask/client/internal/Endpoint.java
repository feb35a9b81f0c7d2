package io.anytask.client.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/** A server endpoint, {@code unix:/path} or {@code tcp:host:port}, as validated by the configuration. */
record Endpoint(String text, boolean unix, String hostOrPath, int port) {

    static Endpoint parse(String text) {
        if (text.startsWith("unix:")) {
            return new Endpoint(text, true, text.substring("unix:".length()), 0);
        }
        if (text.startsWith("tcp:")) {
            String rest = text.substring("tcp:".length());
            int colon = rest.lastIndexOf(':');
            String host = rest.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Endpoint(text, false, host, Integer.parseInt(rest.substring(colon + 1)));
        }
        throw new IllegalArgumentException(
                "connect: \"" + text + "\" (expected: unix:/absolute/path or tcp:host:port)");
    }

    SocketAddress address() {
        return unix ? UnixDomainSocketAddress.of(hostOrPath) : new InetSocketAddress(hostOrPath, port);
    }

    SocketChannel openChannel() throws IOException {
        return unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
    }

    @Override
    public String toString() {
        return text;
    }
}
