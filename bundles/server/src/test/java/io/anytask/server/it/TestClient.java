package io.anytask.server.it;

import io.anytask.protocol.Message;
import io.anytask.protocol.MessageDecoder;
import io.anytask.protocol.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A client written with plain sockets, enough for the server's tests: it writes {@code do} requests as JSON text and
 * reads replies with the protocol's decoder. Every read is bounded by the socket's timeout.
 */
final class TestClient implements AutoCloseable {
    private final Socket socket;
    private final MessageDecoder decoder = new MessageDecoder();
    private final ArrayDeque<Message> replies = new ArrayDeque<>();
    private boolean ended;

    private TestClient(Socket socket) {
        this.socket = socket;
    }

    static TestClient connect(Endpoint endpoint) throws IOException {
        Socket socket;
        if (endpoint instanceof Endpoint.Unix unix) {
            socket = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(unix.path()));
        } else {
            Endpoint.Tcp tcp = (Endpoint.Tcp) endpoint;
            socket = new Socket(tcp.host(), tcp.port());
        }
        socket.setSoTimeout(20_000);
        return new TestClient(socket);
    }

    /** Sends {@code ["do",{},"method",args...]}; {@code args} is the JSON text of the arguments, without brackets. */
    void send(String method, String args) throws IOException {
        String request = "[\"do\",{},\"" + method + "\"" + (args.isEmpty() ? "" : "," + args) + "]";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Writes {@code bytes} as they are (a {@code dn}, or anything a test needs on the wire). */
    void sendRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads the next reply, waiting at most {@code timeout}; null if the connection ended first. */
    Message reply(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        while (replies.isEmpty() && !ended) {
            int n = in.read(buffer);
            if (n < 0) {
                ended = true;
            } else {
                decoder.feed(buffer, 0, n, replies::add);
            }
        }
        return replies.poll();
    }

    Message call(String method, String args) throws IOException {
        send(method, args);
        Message reply = reply(Duration.ofSeconds(30));
        if (reply == null) {
            throw new IOException("the connection ended before the reply to " + method);
        }
        return reply;
    }

    /** Calls {@code pid} and returns the worker's process id. */
    long pid() throws IOException {
        Message reply = call("pid", "");
        if (!(reply instanceof Message.Ok ok)) {
            throw new IOException("pid failed: " + reply);
        }
        return ok.result().asLong();
    }

    /** @return true if the connection ends (EOF or reset) within {@code timeout} with no further reply */
    boolean endsWithin(Duration timeout) throws IOException {
        try {
            return reply(timeout) == null;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** @return true if nothing at all arrives within {@code wait} */
    boolean silentFor(Duration wait) throws IOException {
        try {
            return reply(wait) == null && !ended;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
