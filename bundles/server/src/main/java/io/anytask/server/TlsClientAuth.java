package io.anytask.server;

/** Whether a TLS server asks its clients for a certificate. */
public enum TlsClientAuth {
    /** Clients are not asked for a certificate. */
    NONE,
    /**
     * Every client must present a certificate that the server's trust store trusts; one that does not is refused
     * in the TLS handshake, before any worker is given to it.
     */
    NEED
}
