package io.anytask.osgi.internal;

import io.anytask.protocol.TlsSettings;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The TLS properties that server and client configurations share, named as the command line's {@code --tls-*}
 * options in camel case. Passwords are sources ({@code env:NAME}, {@code file:PATH} or {@code pass:TEXT}), as
 * {@link TlsSettings} reads them.
 */
final class TlsProperties {
    static final String KEY_STORE = "tlsKeyStore";
    static final String KEY_STORE_PASSWORD = "tlsKeyStorePassword";
    static final String KEY_STORE_TYPE = "tlsKeyStoreType";
    static final String TRUST_STORE = "tlsTrustStore";
    static final String TRUST_STORE_PASSWORD = "tlsTrustStorePassword";
    static final String TRUST_STORE_TYPE = "tlsTrustStoreType";
    static final Set<String> NAMES = Set.of(KEY_STORE, KEY_STORE_PASSWORD, KEY_STORE_TYPE, TRUST_STORE,
            TRUST_STORE_PASSWORD, TRUST_STORE_TYPE);

    private TlsProperties() {
    }

    /** @return {@code options} and the TLS property names */
    static Set<String> with(String... options) {
        Set<String> all = new HashSet<>(Set.of(options));
        all.addAll(NAMES);
        return Set.copyOf(all);
    }

    /**
     * @return the key material the properties give, or empty if they name no store
     * @throws IllegalArgumentException naming the first bad property
     */
    static Optional<TlsSettings> read(Settings settings) {
        Optional<String> keyStore = settings.string(KEY_STORE);
        Optional<String> trustStore = settings.string(TRUST_STORE);
        if (keyStore.isEmpty() && trustStore.isEmpty()) {
            return Optional.empty();
        }
        TlsSettings.Builder tls = TlsSettings.builder()
                .keyStoreType(settings.string(KEY_STORE_TYPE).orElse(TlsSettings.DEFAULT_STORE_TYPE))
                .trustStoreType(settings.string(TRUST_STORE_TYPE).orElse(TlsSettings.DEFAULT_STORE_TYPE));
        keyStore.ifPresent(file -> tls.keyStore(Path.of(file), settings.string(KEY_STORE_PASSWORD).orElse(null)));
        trustStore.ifPresent(file -> tls.trustStore(Path.of(file),
                settings.string(TRUST_STORE_PASSWORD).orElse(null)));
        return Optional.of(tls.build());
    }
}
