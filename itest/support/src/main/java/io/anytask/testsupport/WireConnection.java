package io.anytask.testsupport;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.Message;
import io.anytask.protocol.MessageDecoder;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The client side of one connection to a server or a worker, speaking the wire protocol over a blocking socket:
 * bytes out as they are given, messages in through the protocol's {@link MessageDecoder}. Every read is bounded in
 * time.
 */
public final class WireConnection implements AutoCloseable {
    /** The bound of the reads that take no timeout of their own. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final String WARM = "warm\n";

    private final Transport transport;
    private final byte[] buffer = new byte[64 * 1024];
    private final MessageDecoder decoder = new MessageDecoder();
    private final ArrayDeque<Message> received = new ArrayDeque<>();
    private boolean ended;
    /** The first bytes read while they may still be a {@code warm} line to drop; null when not looking for one. */
    private StringBuilder warmPrefix;

    private WireConnection(Transport transport) {
        this.transport = transport;
    }

    /** Connects to {@code endpoint} (a Unix socket or TCP) with the JDK's socket channel. */
    public static WireConnection connect(Endpoint endpoint) throws IOException {
        SocketChannel channel = SocketChannel.open(endpoint.socketAddress());
        try {
            return new WireConnection(new Transport.Selecting(channel));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The connection over a connected {@code socket} (of any kind: TCP, a Unix socket of a library, a pair). */
    public static WireConnection over(Socket socket) throws IOException {
        return new WireConnection(new Transport.OverSocket(socket));
    }

    /**
     * The relayed connection over a worker's control connection after the hand-off byte {@code 'r'}: like a
     * server's relay, it drops a {@code warm} line that the worker may have written just before it read that byte.
     */
    public static WireConnection relayed(Socket control) throws IOException {
        WireConnection connection = over(control);
        connection.warmPrefix = new StringBuilder();
        return connection;
    }

    /**
     * Connects for measurements: plain blocking reads and writes on the JDK's socket channel, no timeouts; instead
     * the connection is closed after {@code guardTime}, so that no read can hang.
     */
    public static WireConnection guarded(SocketAddress address, Duration guardTime) throws IOException {
        return new WireConnection(new Transport.Guarded(SocketChannel.open(address), guardTime));
    }

    /** Writes {@code text} in UTF-8 as it is. */
    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} as they are: a request, a {@code dn}, or anything a test needs on the wire. */
    public void send(byte[] bytes) throws IOException {
        transport.write(bytes);
    }

    /** Writes {@code text} in UTF-8 one byte at a time. */
    public void sendBytewise(String text) throws IOException {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            transport.write(new byte[] {b});
        }
    }

    /**
     * Sends {@code ["do",{},"method",args...]}.
     *
     * @param args the JSON text of the arguments, without brackets; empty for none
     */
    public void sendCall(String method, String args) throws IOException {
        send("[\"do\",{},\"" + method + "\"" + (args.isEmpty() ? "" : "," + args) + "]");
    }

    /** Half-closes: the peer sees the end of input. */
    public void shutdownOutput() throws IOException {
        transport.shutdownOutput();
    }

    /**
     * The next message, each read waiting at most {@code timeout}.
     *
     * @return the message, or null if the connection ended first
     * @throws SocketTimeoutException if nothing arrived in time
     * @throws IOException if the connection was reset, which ends it too
     */
    public Message reply(Duration timeout) throws IOException {
        while (received.isEmpty() && !ended) {
            int n;
            try {
                n = transport.read(buffer, timeout);
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                ended = true;
                throw e;
            }
            if (n < 0) {
                ended = true;
            } else {
                feed(n);
            }
        }
        return received.poll();
    }

    private void feed(int n) {
        int from = 0;
        while (warmPrefix != null && from < n) {
            warmPrefix.append((char) (buffer[from++] & 0xff));
            if (!WARM.startsWith(warmPrefix.toString())) {
                // not a warm line: what was held back is the start of the replies
                byte[] held = warmPrefix.toString().getBytes(StandardCharsets.ISO_8859_1);
                warmPrefix = null;
                decoder.feed(held, 0, held.length, received::add);
            } else if (warmPrefix.length() == WARM.length()) {
                warmPrefix = null;
            }
        }
        decoder.feed(buffer, from, n - from, received::add);
    }

    /** The next message, waiting at most {@link #READ_TIMEOUT}; fails if none comes or the connection ends. */
    public Message next() throws IOException {
        try {
            Message message = reply(READ_TIMEOUT);
            if (message == null) {
                throw new AssertionError("connection closed by the peer before a reply");
            }
            return message;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no reply within " + READ_TIMEOUT, e);
        } catch (IOException reset) {
            throw new AssertionError("connection reset by the peer before a reply", reset);
        }
    }

    /**
     * Sends {@code request} and returns the next message, waiting at most {@link #READ_TIMEOUT} for each read.
     *
     * @throws IOException if the connection ended before a message
     */
    public Message call(byte[] request) throws IOException {
        send(request);
        Message reply = reply(READ_TIMEOUT);
        if (reply == null) {
            throw new IOException("the connection ended before the reply");
        }
        return reply;
    }

    /**
     * Sends {@code request} and returns the next message, which must be {@code ok}, as {@link #call(byte[])} does.
     *
     * @throws IOException if the connection ended first or the message is not {@code ok}
     */
    public Message.Ok callOk(byte[] request) throws IOException {
        Message reply = call(request);
        if (!(reply instanceof Message.Ok ok)) {
            throw new IOException("unexpected reply " + reply);
        }
        return ok;
    }

    /** Calls {@code method} ({@link #sendCall}) and returns the reply as {@link #call(byte[])} does. */
    public Message call(String method, String args) throws IOException {
        sendCall(method, args);
        Message reply = reply(READ_TIMEOUT);
        if (reply == null) {
            throw new IOException("the connection ended before the reply to " + method);
        }
        return reply;
    }

    /** Calls {@code pid} and returns the worker's process id. */
    public long pid() throws IOException {
        Message reply = call("pid", "");
        if (!(reply instanceof Message.Ok ok)) {
            throw new IOException("pid failed: " + reply);
        }
        return ok.result().asLong();
    }

    /** True if the connection ends (end of stream or reset) within {@code timeout} with no further message. */
    public boolean endsWithin(Duration timeout) throws IOException {
        try {
            return reply(timeout) == null;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** True if nothing at all arrives within {@code wait}, not even the end of the connection. */
    public boolean silentFor(Duration wait) throws IOException {
        try {
            return reply(wait) == null && !ended;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    /** Closes the connection. */
    @Override
    public void close() throws IOException {
        transport.close();
    }
}
