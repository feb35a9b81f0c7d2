package io.anytask.server.internal;

import io.anytask.server.TlsClientAuth;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Runs the server side of TLS handshakes on threads of their own, so that the acceptor goes on accepting while a
 * handshake is slow, and so that a client is given a worker only once its handshake has succeeded: a client that
 * is refused (no trusted certificate, not speaking TLS, too slow) costs no worker. At most {@link #MAX_HANDSHAKES}
 * run at once; each must finish within the handshake timeout. A failure is logged at WARN with the peer's address
 * and the reason, and the connection is closed; past {@link #LOGGED_PER_WINDOW} failures in {@link #LOG_WINDOW},
 * the rest are summed up in one line ({@link ThrottledWarnings}), so that an attack does not drown the log.
 */
final class TlsHandshakes {
    /** How long a refused client's bytes are read and dropped so that the alert reaches it before the close. */
    private static final Duration LINGER = Duration.ofSeconds(1);
    /** The most handshakes in progress at once; a connection past it is closed at once. */
    static final int MAX_HANDSHAKES = 256;
    /** How many failed handshakes are logged one by one in each {@link #LOG_WINDOW}. */
    static final int LOGGED_PER_WINDOW = 10;
    static final Duration LOG_WINDOW = Duration.ofSeconds(10);

    private final SSLContext context;
    private final TlsClientAuth clientAuth;
    private final Duration timeout;
    private final ThreadPoolExecutor threads;
    private final ThrottledWarnings warnings;

    TlsHandshakes(SSLContext context, TlsClientAuth clientAuth, Duration timeout, String serverName,
            ScheduledExecutorService timer) {
        this.context = context;
        this.clientAuth = clientAuth;
        this.timeout = timeout;
        this.warnings = new ThrottledWarnings("TLS handshakes failed or refused", LOGGED_PER_WINDOW, LOG_WINDOW, timer,
                ServerLog::warn, System::nanoTime);
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, MAX_HANDSHAKES, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "anytask-tls-" + serverName + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Starts the handshake of a connection just accepted; if it succeeds, {@code secured} gets the connection over
     * TLS, on the handshake's thread. If it fails, the connection is closed and {@code secured} is not called.
     */
    void start(ClientConnection accepted, Consumer<ClientConnection> secured) {
        try {
            threads.execute(() -> handshake(accepted, secured));
        } catch (RejectedExecutionException e) {
            warnings.warn("TLS handshake with " + peer(accepted.socket()) + " refused: " + MAX_HANDSHAKES
                    + " handshakes (the most at once) are in progress; connection closed");
            accepted.close();
        }
    }

    private void handshake(ClientConnection accepted, Consumer<ClientConnection> secured) {
        Socket plain = accepted.socket();
        SSLSocket tls;
        try {
            // not autoClose: a failed handshake then leaves the TCP socket open for closeAfterAlert
            tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, false);
            tls.setUseClientMode(false);
            tls.setNeedClientAuth(clientAuth == TlsClientAuth.NEED);
            tls.setSoTimeout((int) timeout.toMillis());
            tls.startHandshake();
            tls.setSoTimeout(0);
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof SocketTimeoutException
                    ? "no handshake within " + timeout.toMillis() + " ms" : String.valueOf(e.getMessage());
            warnings.warn("TLS handshake with " + peer(plain) + " failed: " + reason
                    + "; connection closed, no worker given to it");
            closeAfterAlert(plain);
            accepted.close();
            return;
        }
        secured.accept(new ClientConnection(tls, null, plain));
    }

    /**
     * Lets the handshake's alert reach the client before the connection closes. Under TLS 1.3 the client has
     * finished its side and sent its first request when the server refuses its certificate; closing with those bytes
     * unread makes the kernel reset the connection, and a reset can overtake the alert, so the client would see a
     * dead connection instead of the refusal. So: end the output after the alert, then read and drop what the
     * client sent until it closes, for at most {@link #LINGER}. This needs the TLS socket made without
     * {@code autoClose}: with it, the JDK closes the TCP socket itself as it sends the alert.
     */
    private static void closeAfterAlert(Socket plain) {
        try {
            plain.shutdownOutput();
            plain.setSoTimeout((int) LINGER.toMillis());
            InputStream in = plain.getInputStream();
            byte[] drop = new byte[4096];
            long deadline = System.nanoTime() + LINGER.toNanos();
            while (in.read(drop) >= 0 && System.nanoTime() < deadline) {
                // dropped: the client's bytes after a refused handshake
            }
        } catch (IOException | RuntimeException e) {
            // closed or reset meanwhile: nothing more to deliver
        }
    }

    private static String peer(Socket socket) {
        return String.valueOf(socket.getRemoteSocketAddress());
    }

    /** Stops the handshakes in progress (their threads are interrupted, which closes their connections). */
    void stop() {
        threads.shutdownNow();
    }
}
