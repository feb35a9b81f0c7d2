package io.anytask.client;

/**
 * The TLS handshake with the server failed, so the checkout got no worker: {@code TLS handshake with tcp:HOST:PORT
 * failed: } and the reason (the server's certificate is not trusted or does not name the host, the server refused
 * the client's certificate or got none, the server does not speak TLS). Pending checkouts fail with it at once,
 * since a retry would fail the same way. The cause is the JDK's TLS exception.
 */
public class TlsHandshakeException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** An error with this {@code reason}, for the call described by {@code context}, caused by {@code cause}. */
    public TlsHandshakeException(String reason, String context, Throwable cause) {
        super(reason, context, cause);
    }
}
