package io.anytask.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The key material of TLS on {@code tcp:} endpoints, for a server and a client alike: a key store (the own
 * certificate and its private key) and a trust store (the certificates of the peers to trust), each a file with a
 * password and a type ({@value #DEFAULT_STORE_TYPE} unless given). A server needs a key store; its trust store is
 * only used to check client certificates. A client needs a trust store unless the JDK's default one trusts the
 * server; its key store is only used when the server asks for a client certificate. A store left out is the JDK's
 * default (no key, or the JDK's trusted CAs).
 *
 * <p>Passwords are never given as such but as a source, in the form OpenSSL's {@code -passin} takes, so that they
 * need not appear on a command line: {@code env:NAME} (an environment variable), {@code file:PATH} (the first line
 * of a file) or {@code pass:TEXT} (the text itself, visible in process listings: for tests). A source is read when
 * {@link #sslContext()} runs. {@link #toString()} never shows a {@code pass:} text.
 *
 * @param keyStore the key store file, or null for none
 * @param keyStorePassword the key store's password source; required with a key store
 * @param keyStoreType the key store's type, such as {@code PKCS12} or {@code JKS}
 * @param trustStore the trust store file, or null for the JDK's default trusted CAs
 * @param trustStorePassword the trust store's password source; required with a trust store
 * @param trustStoreType the trust store's type
 */
public record TlsSettings(Path keyStore, String keyStorePassword, String keyStoreType, Path trustStore,
        String trustStorePassword, String trustStoreType) {
    /** The store type used when none is given. */
    public static final String DEFAULT_STORE_TYPE = "PKCS12";
    /** The TLS protocol that {@link #sslContext()} asks the JDK for (which enables TLS 1.3 and 1.2). */
    public static final String PROTOCOL = "TLS";

    /**
     * Checks the settings (not yet the files: see {@link #sslContext()}).
     *
     * @throws IllegalArgumentException naming the first bad setting
     */
    public TlsSettings {
        Objects.requireNonNull(keyStoreType, "keyStoreType");
        Objects.requireNonNull(trustStoreType, "trustStoreType");
        if (keyStore == null && trustStore == null) {
            throw new IllegalArgumentException("tls: neither a key store nor a trust store (expected: at least one)");
        }
        if (keyStore != null) {
            checkPasswordSource("tlsKeyStorePassword", keyStorePassword);
        }
        if (trustStore != null) {
            checkPasswordSource("tlsTrustStorePassword", trustStorePassword);
        }
    }

    /** @return a builder with no stores and the default store types */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads the stores and makes a TLS context from them.
     *
     * @return a new context, for the server or the client side
     * @throws IllegalArgumentException if a store file is missing or unreadable, a password source cannot be read,
     *     or a password is wrong, naming the store and the reason
     */
    public SSLContext sslContext() {
        try {
            KeyManagerFactory keys = null;
            if (keyStore != null) {
                char[] password = password("tlsKeyStorePassword", keyStorePassword);
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load("tlsKeyStore", keyStore, keyStoreType, password), password);
            }
            TrustManagerFactory trust = null;
            if (trustStore != null) {
                char[] password = password("tlsTrustStorePassword", trustStorePassword);
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load("tlsTrustStore", trustStore, trustStoreType, password));
            }
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("tls: cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String what, Path file, String type, char[] password) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + ": " + file + " (expected: an existing " + type + " file)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // PKCS12 and JKS report a wrong password as an IOException caused by an UnrecoverableKeyException.
            String reason = e.getCause() instanceof UnrecoverableKeyException ? "wrong password" : e.getMessage();
            throw new IllegalArgumentException(what + ": " + file + ": cannot load it as " + type + ": " + reason, e);
        }
    }

    /**
     * Checks the form of a password source.
     *
     * @param what the setting's name, for the message
     * @param source {@code env:NAME}, {@code file:PATH} or {@code pass:TEXT}
     * @throws IllegalArgumentException naming the setting and the expected forms
     */
    public static void checkPasswordSource(String what, String source) {
        if (source == null || !(source.startsWith("env:") && source.length() > 4 || source.startsWith("file:")
                && source.length() > 5 || source.startsWith("pass:"))) {
            throw new IllegalArgumentException(what + ": " + (source == null ? "missing" : hidden(source))
                    + " (expected: env:NAME, file:PATH or pass:TEXT)");
        }
    }

    /**
     * Reads a password from its source.
     *
     * @param what the setting's name, for the message
     * @param source {@code env:NAME}, {@code file:PATH} or {@code pass:TEXT}
     * @return the password
     * @throws IllegalArgumentException if the variable is not set or the file cannot be read
     */
    public static char[] password(String what, String source) {
        checkPasswordSource(what, source);
        if (source.startsWith("pass:")) {
            return source.substring(5).toCharArray();
        }
        if (source.startsWith("env:")) {
            String value = System.getenv(source.substring(4));
            if (value == null) {
                throw new IllegalArgumentException(what + ": " + source + " (the environment variable is not set)");
            }
            return value.toCharArray();
        }
        Path file = Path.of(source.substring(5));
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            return (end < 0 ? text : text.substring(0, end)).replace("\r", "").toCharArray();
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": " + source + " (cannot read the file: " + e + ")", e);
        }
    }

    private static String hidden(String source) {
        return source.startsWith("pass:") ? "pass:***" : source;
    }

    @Override
    public String toString() {
        return "TlsSettings[keyStore=" + keyStore + ", keyStorePassword=" + (keyStorePassword == null ? null
                : hidden(keyStorePassword)) + ", keyStoreType=" + keyStoreType + ", trustStore=" + trustStore
                + ", trustStorePassword=" + (trustStorePassword == null ? null : hidden(trustStorePassword))
                + ", trustStoreType=" + trustStoreType + "]";
    }

    /** Collects the stores of a {@link TlsSettings}; {@link #build()} checks them. */
    public static final class Builder {
        private Path keyStore;
        private String keyStorePassword;
        private String keyStoreType = DEFAULT_STORE_TYPE;
        private Path trustStore;
        private String trustStorePassword;
        private String trustStoreType = DEFAULT_STORE_TYPE;

        private Builder() {
        }

        /**
         * @param file the key store file
         * @param password its password source ({@code env:NAME}, {@code file:PATH} or {@code pass:TEXT})
         * @return this builder
         */
        public Builder keyStore(Path file, String password) {
            this.keyStore = file;
            this.keyStorePassword = password;
            return this;
        }

        /** @param type the key store's type, {@value TlsSettings#DEFAULT_STORE_TYPE} unless given @return this */
        public Builder keyStoreType(String type) {
            this.keyStoreType = type;
            return this;
        }

        /**
         * @param file the trust store file
         * @param password its password source ({@code env:NAME}, {@code file:PATH} or {@code pass:TEXT})
         * @return this builder
         */
        public Builder trustStore(Path file, String password) {
            this.trustStore = file;
            this.trustStorePassword = password;
            return this;
        }

        /** @param type the trust store's type, {@value TlsSettings#DEFAULT_STORE_TYPE} unless given @return this */
        public Builder trustStoreType(String type) {
            this.trustStoreType = type;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException naming the first bad setting
         */
        public TlsSettings build() {
            return new TlsSettings(keyStore, keyStorePassword, keyStoreType, trustStore, trustStorePassword,
                    trustStoreType);
        }
    }
}
