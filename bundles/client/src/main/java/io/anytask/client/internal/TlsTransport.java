package io.anytask.client.internal;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.Message;
import io.anytask.protocol.MessageDecoder;
import io.anytask.protocol.MessageEncoder;
import io.anytask.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Worker connections over TLS with blocking {@link SSLSocket}s: each connection has a thread that connects, runs
 * the handshake and then reads, and a thread that writes, both daemons that end with the connection. What they
 * see is handed to the loop with {@link Loop#execute}, so the pool hears of it on the loop as with
 * {@link NioTransport}; the loop itself never blocks on a TLS socket. The threads are bounded by the pool's max
 * workers (two per connection).
 *
 * <p>The server's certificate must chain to the trust store and name the endpoint's host (HTTPS endpoint
 * identification). A failed handshake is reported as a {@link TlsHandshakeFailure}; so is a TLS alert read before
 * any reply, which is how a refused client certificate shows under TLS 1.3 (where the client's side of the
 * handshake is over before the server has checked its certificate).
 */
final class TlsTransport implements Transport {
    /** How long connecting and the handshake may take together. */
    static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    private static final int READ_BUFFER = 64 * 1024;
    /** How long the reader waits for the writer to end once the connection is over. */
    private static final long WRITER_JOIN_MILLIS = 2_000;
    private static final byte[] CLOSE = new byte[0];

    private final Loop loop;
    private final Endpoint.Tcp endpoint;
    private final SSLContext context;
    private final AtomicInteger count = new AtomicInteger();
    /** Connections not yet handed to their handler on the loop (opening, or connected but not yet told). */
    private final Set<TlsConnection> undelivered = ConcurrentHashMap.newKeySet();
    /** Set by {@link #close()} before it closes the undelivered: a connection that starts later gives up. */
    private volatile boolean closed;
    /** The bounds on one reply (the client's maxFrameBytes and maxNesting). */
    private final MessageDecoder.Limits limits;

    TlsTransport(Loop loop, Endpoint.Tcp endpoint, SSLContext context, MessageDecoder.Limits limits) {
        this.loop = loop;
        this.endpoint = endpoint;
        this.context = context;
        this.limits = limits;
    }

    @Override
    public void connect(Handler handler) {
        TlsConnection connection = new TlsConnection(handler, count.incrementAndGet());
        undelivered.add(connection);
        Thread reader = new Thread(connection::connectAndRead, "anytask-client-tls-" + connection.number + "-in");
        reader.setDaemon(true);
        reader.start();
    }

    /** Closes the connections that the stopped loop will never hand to the pool, so that none lingers. */
    @Override
    public void close() {
        closed = true;
        undelivered.forEach(TlsConnection::abandon);
    }

    /**
     * One connection. {@code open} and the handler's calls belong to the loop; the socket is read by the reader
     * thread alone and written by the writer thread alone.
     */
    private final class TlsConnection implements Connection {
        private final Handler handler;
        private final int number;
        private final BlockingQueue<byte[]> output = new LinkedBlockingQueue<>();
        private final MessageDecoder decoder = new MessageDecoder(limits);
        /** Loop-owned: false once closed or failed; the handler hears nothing after. */
        private boolean open = true;
        /** Set by the loop before the writer is told to close: the reader's failure is then no news. */
        private volatile boolean closing;
        private SSLSocket socket;
        /** Set by the reader once a reply byte came: a TLS error after it is not the handshake's. */
        private volatile boolean replied;
        /** Started by the reader once the handshake is done. */
        private Thread writer;
        /** What the writer met, if it failed; read by the reader after the writer ended. */
        private volatile Exception writeFailure;
        /** The TCP socket under TLS, set before connecting, so that {@link #abandon()} can close it. */
        private volatile Socket plain;

        TlsConnection(Handler handler, int number) {
            this.handler = handler;
            this.number = number;
        }

        private void connectAndRead() {
            try {
                socket = handshake();
            } catch (IOException | RuntimeException e) {
                Exception cause = e instanceof SSLException || e instanceof SocketTimeoutException
                        ? new TlsHandshakeFailure(endpoint, reason(e), e) : e;
                loop.execute(() -> {
                    undelivered.remove(this);
                    handler.connectFailed(cause);
                });
                return;
            }
            writer = new Thread(this::write, "anytask-client-tls-" + number + "-out");
            writer.setDaemon(true);
            writer.start();
            loop.execute(() -> {
                undelivered.remove(this);
                handler.connected(this);
            });
            read();
        }

        private SSLSocket handshake() throws IOException {
            Socket plain = new Socket();
            this.plain = plain;
            try {
                if (closed) { // close() may have missed this socket: it was set after close() looked
                    throw new IOException("client closed");
                }
                plain.setTcpNoDelay(true);
                plain.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), HANDSHAKE_TIMEOUT_MILLIS);
                SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, endpoint.host(),
                        endpoint.port(), true);
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
                tls.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
                tls.startHandshake();
                tls.setSoTimeout(0);
                return tls;
            } catch (IOException | RuntimeException e) {
                plain.close();
                throw e;
            }
        }

        /**
         * Reads replies until the connection ends, then reports how it ended: the reader is the only one that
         * reports, so that the writer's view and the reader's are weighed together. When the server refuses the
         * client's certificate (TLS 1.3 checks it after the client's side of the handshake is over), the writer can
         * meet the refusal first: its failed write ends the TLS session, and the reader then sees a bare end of
         * input. So the reader waits for the writer to end and prefers a TLS failure from either side.
         */
        private void read() {
            Exception failure = null;
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[READ_BUFFER];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    replied = true;
                    decoder.feed(buffer, 0, n, this::deliver);
                }
                decoder.endOfInput(this::deliver);
            } catch (SSLException e) {
                failure = classified(e);
            } catch (IOException | ProtocolException e) {
                failure = e;
            }
            Exception cause = weighed(failure, writerFailure());
            loop.execute(() -> fail(cause));
        }

        /**
         * Ends the writer and waits for it: what it met, or null. A writer still blocked after the wait (a peer
         * that reads nothing) is ended by closing the socket; what it meets then is no news.
         */
        private Exception writerFailure() {
            output.add(CLOSE);
            try {
                writer.join(WRITER_JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Exception failure = writeFailure;
            if (writer.isAlive()) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // the connection is over either way
                }
            }
            return failure;
        }

        /**
         * A TLS error before any reply byte came is the server refusing the handshake (under TLS 1.3 it checks the
         * client's certificate after the client's side is over), whichever of the reader and the writer meets it.
         */
        private Exception classified(SSLException e) {
            return replied ? e : new TlsHandshakeFailure(endpoint, reason(e), e);
        }

        private void deliver(Message message) {
            loop.execute(() -> {
                if (open) {
                    handler.received(message);
                }
            });
        }

        /** Writes what the loop sends; a failure is left for the reader to report (see {@link #read()}). */
        private void write() {
            try {
                OutputStream out = socket.getOutputStream();
                for (byte[] bytes = output.take(); bytes != CLOSE; bytes = output.take()) {
                    out.write(bytes);
                    if (output.isEmpty()) {
                        out.flush();
                    }
                }
            } catch (IOException e) {
                writeFailure = e instanceof SSLException ssl ? classified(ssl) : e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                socket.close(); // sends close_notify, then the reader's read ends
            } catch (IOException e) {
                // the connection is over either way
            }
        }

        @Override
        public void send(Message message) {
            if (open) {
                output.add(MessageEncoder.instance().encode(message));
            }
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                closing = true;
                output.add(CLOSE);
            }
        }

        /** Closes the connection without telling anyone: the loop that would tell the handler has stopped. */
        void abandon() {
            output.add(CLOSE);
            Socket tcp = plain;
            if (tcp != null) {
                try {
                    tcp.close();
                } catch (IOException e) {
                    // nothing more to do with it
                }
            }
        }

        private void fail(Exception cause) {
            if (open && !closing) {
                close();
                handler.closed(cause);
            }
        }
    }

    /** A handshake refusal seen by either side wins; then the reader's failure; then the writer's. */
    private static Exception weighed(Exception read, Exception written) {
        if (read instanceof TlsHandshakeFailure || written == null) {
            return read;
        }
        return written instanceof TlsHandshakeFailure || read == null ? written : read;
    }

    private static String reason(Exception e) {
        if (e instanceof SocketTimeoutException) {
            return "no handshake within " + HANDSHAKE_TIMEOUT_MILLIS + " ms";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
