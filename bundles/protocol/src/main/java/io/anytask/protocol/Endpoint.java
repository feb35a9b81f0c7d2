package io.anytask.protocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a server listens and clients connect: a Unix domain socket path or a TCP host and port.
 * The text form, accepted by {@link #parse(String)} and produced by {@link #toString()}, is
 * {@code unix:/path/to/socket} or {@code tcp:host:port} ({@code tcp:[::1]:port} for IPv6 literals).
 */
public sealed interface Endpoint permits Endpoint.Unix, Endpoint.Tcp {

    /**
     * Parses the text form of an endpoint. In {@code tcp:host:port} the host may be left out
     * ({@code tcp::7000} or {@code tcp:7000}): the endpoint is then on the loopback interface.
     *
     * @param text {@code unix:PATH} or {@code tcp:[HOST:]PORT}
     * @return the endpoint
     * @throws IllegalArgumentException naming the bad text and the expected forms
     */
    static Endpoint parse(String text) {
        Objects.requireNonNull(text, "endpoint");
        if (text.startsWith("unix:")) {
            String path = text.substring("unix:".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("endpoint: " + text + " (expected: unix:/path/to/socket)");
            }
            return new Unix(Path.of(path));
        }
        if (text.startsWith("tcp:")) {
            return Tcp.parseHostPort(text, text.substring("tcp:".length()));
        }
        throw new IllegalArgumentException("endpoint: " + text + " (expected: unix:/path/to/socket or tcp:host:port)");
    }

    /**
     * The socket address to bind or connect to: a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}
     * (whose host name is looked up when this is called).
     *
     * @return the address
     */
    SocketAddress socketAddress();

    /**
     * A Unix domain socket at a file system path.
     *
     * @param path the socket file's path; made absolute
     */
    record Unix(Path path) implements Endpoint {
        /**
         * Makes the endpoint, with the path made absolute and normalized.
         *
         * @param path the socket file's path
         */
        public Unix {
            path = path.toAbsolutePath().normalize();
        }

        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /**
     * A TCP host and port.
     *
     * @param host a host name or address literal (IPv6 without brackets)
     * @param port 0 to 65535; 0 asks the system for a free port when a server binds
     */
    record Tcp(String host, int port) implements Endpoint {
        /**
         * Checks the host and port.
         *
         * @param host a host name or address literal, not empty
         * @param port 0 to 65535
         */
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("host: empty (expected: a host name or address)");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
            }
        }

        /**
         * A TCP endpoint on the loopback interface.
         *
         * @param port 0 to 65535
         * @return {@code tcp:127.0.0.1:port} (or the system's loopback address)
         */
        public static Tcp loopback(int port) {
            return new Tcp(InetAddress.getLoopbackAddress().getHostAddress(), port);
        }

        private static Tcp parseHostPort(String text, String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? "" : hostPort.substring(0, colon);
            String port = hostPort.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            String expected = "endpoint: " + text + " (expected: tcp:host:port with a port 0 to 65535)";
            int number;
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(expected, e);
            }
            if (number < 0 || number > 65535) {
                throw new IllegalArgumentException(expected);
            }
            return host.isEmpty() ? loopback(number) : new Tcp(host, number);
        }

        @Override
        public SocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public String toString() {
            return "tcp:" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
