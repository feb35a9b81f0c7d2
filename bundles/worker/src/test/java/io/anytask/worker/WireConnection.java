package io.anytask.worker;

import io.anytask.protocol.Message;
import io.anytask.protocol.MessageDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The client side of one worker connection, for tests: raw bytes out, decoded messages in, every read bounded. */
final class WireConnection implements AutoCloseable {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final MessageDecoder decoder = new MessageDecoder();
    private final Deque<Message> received = new ArrayDeque<>();
    private boolean eof;
    /** The first bytes read while they may still be a {@code warm} line to drop; null when not looking for one. */
    private StringBuilder warmPrefix;

    WireConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * The relayed connection over a worker's control connection after the test sent {@code 'r'}: like a server's
     * relay, it drops a {@code warm} line that the worker may have written just before it read the hand-off byte.
     */
    static WireConnection relayed(Socket control) throws IOException {
        WireConnection connection = new WireConnection(control);
        connection.warmPrefix = new StringBuilder();
        return connection;
    }

    /** Connects to a worker's {@code --accept-unix} path, waiting (bounded) for the worker to create it. */
    static WireConnection connect(Path socketPath, WorkerProcess worker) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(socketPath)) {
            if (!worker.isAlive()) {
                throw new AssertionError("worker exited before listening: " + worker.stderr());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("worker did not create " + socketPath + " within 60 s: " + worker.stderr());
            }
            Thread.sleep(5);
        }
        return new WireConnection(AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socketPath)));
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one byte at a time. */
    void sendBytewise(String text) throws IOException {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.write(b);
            out.flush();
        }
    }

    /** Half-closes: the worker sees end of input. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** The next message from the worker, waiting at most {@link #READ_TIMEOUT}. */
    Message next() throws IOException {
        while (received.isEmpty()) {
            if (eof || !fill()) {
                throw new AssertionError("connection closed by the worker before a reply");
            }
        }
        return received.poll();
    }

    /** True when the worker closes the connection without sending anything more (bounded by the read timeout). */
    boolean closedWithoutReply() throws IOException {
        while (!eof) {
            if (!fill()) {
                break;
            }
        }
        return received.isEmpty();
    }

    private boolean fill() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n;
        try {
            n = in.read(buffer);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no reply from the worker within " + READ_TIMEOUT, e);
        } catch (IOException e) {
            // a reset is a close too
            n = -1;
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        int from = 0;
        while (warmPrefix != null && from < n) {
            warmPrefix.append((char) (buffer[from++] & 0xff));
            if (!"warm\n".startsWith(warmPrefix.toString())) {
                // not a warm line: what was held back is the start of the replies
                byte[] held = warmPrefix.toString().getBytes(StandardCharsets.ISO_8859_1);
                warmPrefix = null;
                decoder.feed(held, 0, held.length, received::add);
            } else if (warmPrefix.length() == "warm\n".length()) {
                warmPrefix = null;
            }
        }
        decoder.feed(buffer, from, n - from, received::add);
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
