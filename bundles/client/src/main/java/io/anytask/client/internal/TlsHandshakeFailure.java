package io.anytask.client.internal;

import io.anytask.protocol.Endpoint;
import java.io.IOException;

/**
 * A TLS handshake with the server failed, as a transport reports it; the pool turns it into a
 * {@link io.anytask.client.TlsHandshakeException} for the checkouts it fails.
 */
final class TlsHandshakeFailure extends IOException {
    private static final long serialVersionUID = 1L;

    TlsHandshakeFailure(Endpoint endpoint, String reason, Throwable cause) {
        super("TLS handshake with " + endpoint + " failed: " + reason, cause);
    }
}
