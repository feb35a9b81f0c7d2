package io.anytask.cli;

import static io.anytask.server.cli.ServerArguments.TLS_KEY_STORE;
import static io.anytask.server.cli.ServerArguments.TLS_KEY_STORE_PASSWORD;
import static io.anytask.server.cli.ServerArguments.TLS_KEY_STORE_TYPE;
import static io.anytask.server.cli.ServerArguments.TLS_TRUST_STORE;
import static io.anytask.server.cli.ServerArguments.TLS_TRUST_STORE_PASSWORD;
import static io.anytask.server.cli.ServerArguments.TLS_TRUST_STORE_TYPE;

import io.anytask.protocol.TlsSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The TLS key material options that {@code anytask server} and {@code anytask call} share (a picocli mixin); the
 * names are {@link io.anytask.server.cli.ServerArguments}'s.
 */
final class TlsOptions {
    private static final String PASSWORD = "its password: env:NAME (a variable), file:PATH (a file's first line) or "
            + "pass:TEXT (visible in ps: for tests)";

    @Option(names = TLS_KEY_STORE, paramLabel = "FILE", description = "TLS (tcp: only; implies relay): key store "
            + "with the own certificate and key; a server needs one, a client presents it when asked")
    Path keyStore;

    @Option(names = TLS_KEY_STORE_PASSWORD, paramLabel = "SOURCE", description = PASSWORD)
    String keyStorePassword;

    @Option(names = TLS_KEY_STORE_TYPE, paramLabel = "TYPE", description = "its type (default: PKCS12)")
    String keyStoreType;

    @Option(names = TLS_TRUST_STORE, paramLabel = "FILE", description = "TLS: the certificates to trust (default: "
            + "the JDK's CAs); a client checks that the server's names the host of --connect")
    Path trustStore;

    @Option(names = TLS_TRUST_STORE_PASSWORD, paramLabel = "SOURCE", description = PASSWORD)
    String trustStorePassword;

    @Option(names = TLS_TRUST_STORE_TYPE, paramLabel = "TYPE", description = "its type (default: PKCS12)")
    String trustStoreType;

    /**
     * @return the key material the options give, or null if they name no store
     * @throws IllegalArgumentException for a password or type without its store, or a bad password source
     */
    TlsSettings settings() {
        requireWith(TLS_KEY_STORE_PASSWORD, keyStorePassword, TLS_KEY_STORE, keyStore);
        requireWith(TLS_KEY_STORE_TYPE, keyStoreType, TLS_KEY_STORE, keyStore);
        requireWith(TLS_TRUST_STORE_PASSWORD, trustStorePassword, TLS_TRUST_STORE, trustStore);
        requireWith(TLS_TRUST_STORE_TYPE, trustStoreType, TLS_TRUST_STORE, trustStore);
        if (keyStore == null && trustStore == null) {
            return null;
        }
        TlsSettings.Builder tls = TlsSettings.builder()
                .keyStoreType(keyStoreType == null ? TlsSettings.DEFAULT_STORE_TYPE : keyStoreType)
                .trustStoreType(trustStoreType == null ? TlsSettings.DEFAULT_STORE_TYPE : trustStoreType);
        if (keyStore != null) {
            TlsSettings.checkPasswordSource(TLS_KEY_STORE_PASSWORD, keyStorePassword);
            tls.keyStore(keyStore, keyStorePassword);
        }
        if (trustStore != null) {
            TlsSettings.checkPasswordSource(TLS_TRUST_STORE_PASSWORD, trustStorePassword);
            tls.trustStore(trustStore, trustStorePassword);
        }
        return tls.build();
    }

    private static void requireWith(String option, Object value, String store, Path given) {
        if (value != null && given == null) {
            throw new IllegalArgumentException(option + ": given without " + store);
        }
    }
}
