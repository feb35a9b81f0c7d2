package io.anytask.server.cli;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.Seconds;
import io.anytask.protocol.TlsSettings;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import io.anytask.server.TlsClientAuth;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The server process's arguments: the option names of {@code anytask server}, defined once here, and the reader and
 * writer with which {@link TaskServer#fork} passes a {@link ServerConfig} to the process it starts
 * ({@link #format(ServerConfig)} writes, {@link #parse(List)} reads back an equal configuration).
 *
 * <p>The user-facing {@code anytask server} of the distribution parses the same options with picocli, with its help
 * and error messages; this bundle runs in OSGi containers without picocli, so the server process keeps this small
 * reader. Options take their value as the next argument or after {@code =} ({@code --name=N}). {@link #BUNDLE} and
 * {@link #WORKER_JVM_OPTION} take every following argument up to the next one starting with {@code --}, and may be
 * repeated. Durations are seconds as {@link Seconds#parse} reads them.
 */
public final class ServerArguments {
    /** System property holding the worker home used when {@code --worker-home} is not given. */
    public static final String WORKER_HOME_PROPERTY = "anytask.worker.home";

    /** Option: where to listen, {@code unix:PATH} or {@code tcp:HOST:PORT} (required). */
    public static final String LISTEN = "--listen";
    /** Option: the interface the workers serve (required). */
    public static final String INTERFACE = "--interface";
    /** Option: an interface bundle every worker installs (required, repeatable, several values). */
    public static final String BUNDLE = "--bundle";
    /** Option: the name of the server and its workers in logs and process listings. */
    public static final String NAME = "--name";
    /** Option: workers kept booted and idle. */
    public static final String READY_WORKERS = "--ready-workers";
    /** Option: the most workers at once. */
    public static final String MAX_WORKERS = "--max-workers";
    /** Option: renewals of a worker JVM before a new JVM replaces it. */
    public static final String MAX_RENEWALS = "--max-renewals";
    /** Option: seconds a request may run before its worker is ended; 0 = no limit. */
    public static final String HUNG_WORKER_TIMEOUT = "--hung-worker-timeout";
    /** Option: seconds serving workers get at a graceful stop. */
    public static final String GRACE_PERIOD = "--grace-period";
    /** Option: seconds a worker gets to boot and report ready. */
    public static final String BOOT_TIMEOUT = "--boot-timeout";
    /** Option: the worker runtime's directory. */
    public static final String WORKER_HOME = "--worker-home";
    /** Option: the {@code java} command of the workers. */
    public static final String WORKER_JAVA = "--worker-java";
    /** Option: a JVM option of the workers (repeatable, several values). */
    public static final String WORKER_JVM_OPTION = "--worker-jvm-option";
    /** Option: the Unix socket file's permissions, such as {@code rw-------}. */
    public static final String SOCKET_PERMISSIONS = "--socket-permissions";
    /** Flag: relay bytes instead of passing connections to workers. */
    public static final String RELAY = "--relay";
    /** Option: the TLS key store file; serves a {@code tcp:} endpoint over TLS, which implies relay. */
    public static final String TLS_KEY_STORE = "--tls-key-store";
    /** Option: the key store's password, as {@code env:NAME}, {@code file:PATH} or {@code pass:TEXT}. */
    public static final String TLS_KEY_STORE_PASSWORD = "--tls-key-store-password";
    /** Option: the key store's type ({@code PKCS12} unless given). */
    public static final String TLS_KEY_STORE_TYPE = "--tls-key-store-type";
    /** Option: the TLS trust store file (the certificates to trust). */
    public static final String TLS_TRUST_STORE = "--tls-trust-store";
    /** Option: the trust store's password, as {@code env:NAME}, {@code file:PATH} or {@code pass:TEXT}. */
    public static final String TLS_TRUST_STORE_PASSWORD = "--tls-trust-store-password";
    /** Option: the trust store's type ({@code PKCS12} unless given). */
    public static final String TLS_TRUST_STORE_TYPE = "--tls-trust-store-type";
    /** Option: {@code none} or {@code need}: whether clients must present a trusted certificate. */
    public static final String TLS_CLIENT_AUTH = "--tls-client-auth";
    /** Flag: stop gracefully when standard input ends (how a forked server is tied to its parent). */
    public static final String KEEP_ALIVE_STDIN = "--keep-alive-stdin";

    private final ServerConfig config;
    private final boolean keepAliveStdin;

    private ServerArguments(ServerConfig config, boolean keepAliveStdin) {
        this.config = config;
        this.keepAliveStdin = keepAliveStdin;
    }

    /**
     * Reads the server process's options.
     *
     * @param args the arguments
     * @return the parsed arguments
     * @throws IllegalArgumentException for an unknown option, a missing or bad value, naming it
     */
    public static ServerArguments parse(List<String> args) {
        Map<String, List<String>> values = tokenize(args);
        ServerConfig.Builder b = ServerConfig.builder();
        b.endpoint(Endpoint.parse(single(values, LISTEN, null)));
        b.interfaceName(single(values, INTERFACE, null));
        values.getOrDefault(BUNDLE, List.of()).forEach(bundle -> b.bundle(Path.of(bundle)));
        b.name(single(values, NAME, ServerConfig.DEFAULT_NAME));
        b.readyWorkers(integer(values, READY_WORKERS, ServerConfig.DEFAULT_READY_WORKERS));
        b.maxWorkers(integer(values, MAX_WORKERS, ServerConfig.DEFAULT_MAX_WORKERS));
        b.maxRenewals(integer(values, MAX_RENEWALS, ServerConfig.DEFAULT_MAX_RENEWALS));
        b.hungWorkerTimeout(seconds(values, HUNG_WORKER_TIMEOUT, ServerConfig.DEFAULT_HUNG_WORKER_TIMEOUT));
        b.gracePeriod(seconds(values, GRACE_PERIOD, ServerConfig.DEFAULT_GRACE_PERIOD));
        b.bootTimeout(seconds(values, BOOT_TIMEOUT, ServerConfig.DEFAULT_BOOT_TIMEOUT));
        String home = single(values, WORKER_HOME, System.getProperty(WORKER_HOME_PROPERTY));
        b.workerHome(home == null ? null : Path.of(home));
        String java = single(values, WORKER_JAVA, null);
        if (java != null) {
            b.workerJava(Path.of(java));
        }
        values.getOrDefault(WORKER_JVM_OPTION, List.of()).forEach(b::workerJvmOption);
        String permissions = single(values, SOCKET_PERMISSIONS, null);
        if (permissions != null) {
            b.socketPermissions(socketPermissions(permissions));
        }
        b.relayOnly(values.containsKey(RELAY));
        b.tls(tls(values));
        String clientAuth = single(values, TLS_CLIENT_AUTH, null);
        if (clientAuth != null) {
            b.tlsClientAuth(tlsClientAuth(clientAuth));
        }
        return new ServerArguments(b.build(), values.containsKey(KEEP_ALIVE_STDIN));
    }

    /**
     * Reads the TLS options: key material if a key store or a trust store is given, else null.
     *
     * @throws IllegalArgumentException for a password or type given without its store
     */
    private static TlsSettings tls(Map<String, List<String>> values) {
        String keyStore = single(values, TLS_KEY_STORE, null);
        String trustStore = single(values, TLS_TRUST_STORE, null);
        requireWith(values, TLS_KEY_STORE_PASSWORD, TLS_KEY_STORE, keyStore);
        requireWith(values, TLS_KEY_STORE_TYPE, TLS_KEY_STORE, keyStore);
        requireWith(values, TLS_TRUST_STORE_PASSWORD, TLS_TRUST_STORE, trustStore);
        requireWith(values, TLS_TRUST_STORE_TYPE, TLS_TRUST_STORE, trustStore);
        if (keyStore == null && trustStore == null) {
            return null;
        }
        TlsSettings.Builder tls = TlsSettings.builder()
                .keyStoreType(single(values, TLS_KEY_STORE_TYPE, TlsSettings.DEFAULT_STORE_TYPE))
                .trustStoreType(single(values, TLS_TRUST_STORE_TYPE, TlsSettings.DEFAULT_STORE_TYPE));
        if (keyStore != null) {
            tls.keyStore(Path.of(keyStore), option(TLS_KEY_STORE_PASSWORD, values));
        }
        if (trustStore != null) {
            tls.trustStore(Path.of(trustStore), option(TLS_TRUST_STORE_PASSWORD, values));
        }
        return tls.build();
    }

    private static String option(String option, Map<String, List<String>> values) {
        String source = single(values, option, null);
        try {
            TlsSettings.checkPasswordSource(option, source);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("missing", "missing (required with the store)"),
                    e);
        }
        return source;
    }

    private static void requireWith(Map<String, List<String>> values, String option, String store, String given) {
        if (values.containsKey(option) && given == null) {
            throw new IllegalArgumentException(option + ": given without " + store);
        }
    }

    /**
     * Reads {@link #TLS_CLIENT_AUTH}'s value.
     *
     * @param text {@code none} or {@code need}, in any case
     * @return the setting
     * @throws IllegalArgumentException naming the option and the expected values
     */
    public static TlsClientAuth tlsClientAuth(String text) {
        for (TlsClientAuth auth : TlsClientAuth.values()) {
            if (auth.name().equalsIgnoreCase(text)) {
                return auth;
            }
        }
        throw new IllegalArgumentException(TLS_CLIENT_AUTH + ": " + text + " (expected: none or need)");
    }

    /**
     * Reads socket file permissions as {@link #SOCKET_PERMISSIONS} takes them.
     *
     * @param text nine characters such as {@code rw-------}
     * @return the permissions
     * @throws IllegalArgumentException naming the option and the text
     */
    public static Set<PosixFilePermission> socketPermissions(String text) {
        try {
            return PosixFilePermissions.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SOCKET_PERMISSIONS + ": " + text
                    + " (expected: nine characters like rw-------)", e);
        }
    }

    /**
     * Writes a configuration as the options {@link #parse(List)} reads back into an equal configuration.
     *
     * @param config the configuration
     * @return the options, each value as its own argument
     */
    public static List<String> format(ServerConfig config) {
        List<String> args = new ArrayList<>(List.of(LISTEN, config.endpoint().toString(),
                INTERFACE, config.interfaceName()));
        config.bundles().forEach(bundle -> args.addAll(List.of(BUNDLE, bundle.toString())));
        args.addAll(List.of(NAME, config.name(),
                READY_WORKERS, Integer.toString(config.readyWorkers()),
                MAX_WORKERS, Integer.toString(config.maxWorkers()),
                MAX_RENEWALS, Integer.toString(config.maxRenewals()),
                HUNG_WORKER_TIMEOUT, Seconds.format(config.hungWorkerTimeout()),
                GRACE_PERIOD, Seconds.format(config.gracePeriod()),
                BOOT_TIMEOUT, Seconds.format(config.bootTimeout()),
                WORKER_HOME, config.workerHome().toString(),
                WORKER_JAVA, config.workerJava().toString(),
                SOCKET_PERMISSIONS, PosixFilePermissions.toString(config.socketPermissions())));
        config.workerJvmOptions().forEach(option -> args.add(WORKER_JVM_OPTION + "=" + option));
        if (config.relayOnly()) {
            args.add(RELAY);
        }
        config.tls().ifPresent(tls -> {
            if (tls.keyStore() != null) {
                args.addAll(List.of(TLS_KEY_STORE, tls.keyStore().toString(),
                        TLS_KEY_STORE_PASSWORD + "=" + tls.keyStorePassword(), TLS_KEY_STORE_TYPE, tls.keyStoreType()));
            }
            if (tls.trustStore() != null) {
                args.addAll(List.of(TLS_TRUST_STORE, tls.trustStore().toString(),
                        TLS_TRUST_STORE_PASSWORD + "=" + tls.trustStorePassword(),
                        TLS_TRUST_STORE_TYPE, tls.trustStoreType()));
            }
            args.addAll(List.of(TLS_CLIENT_AUTH, config.tlsClientAuth().name().toLowerCase(Locale.ROOT)));
        });
        return args;
    }

    /** @return the configuration */
    public ServerConfig config() {
        return config;
    }

    /** @return true if the server stops gracefully when its standard input ends ({@link #KEEP_ALIVE_STDIN}) */
    public boolean keepAliveStdin() {
        return keepAliveStdin;
    }

    private static Map<String, List<String>> tokenize(List<String> args) {
        Map<String, List<String>> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg
                        + " (expected: an option; try --help)");
            }
            Kind kind = kind(arg);
            List<String> list = values.computeIfAbsent(arg, k -> new ArrayList<>());
            if (kind == Kind.FLAG) {
                if (value != null) {
                    throw new IllegalArgumentException(arg + ": takes no value");
                }
                continue;
            }
            List<String> occurrence = new ArrayList<>();
            if (value != null) {
                occurrence.add(value);
            } else {
                while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    occurrence.add(args.get(++i));
                    if (kind == Kind.ONE) {
                        break;
                    }
                }
            }
            if (occurrence.isEmpty()) {
                throw new IllegalArgumentException(arg + ": missing value");
            }
            list.addAll(occurrence);
            if (kind == Kind.ONE && list.size() > 1) {
                throw new IllegalArgumentException(arg + ": given more than once (" + String.join(", ", list) + ")");
            }
        }
        return values;
    }

    private enum Kind { FLAG, ONE, MANY }

    private static Kind kind(String option) {
        switch (option) {
            case RELAY: case KEEP_ALIVE_STDIN:
                return Kind.FLAG;
            case BUNDLE: case WORKER_JVM_OPTION:
                return Kind.MANY;
            case LISTEN: case INTERFACE: case NAME: case READY_WORKERS: case MAX_WORKERS: case MAX_RENEWALS:
            case HUNG_WORKER_TIMEOUT: case GRACE_PERIOD: case BOOT_TIMEOUT: case WORKER_HOME: case WORKER_JAVA:
            case SOCKET_PERMISSIONS: case TLS_KEY_STORE: case TLS_KEY_STORE_PASSWORD: case TLS_KEY_STORE_TYPE:
            case TLS_TRUST_STORE: case TLS_TRUST_STORE_PASSWORD: case TLS_TRUST_STORE_TYPE: case TLS_CLIENT_AUTH:
                return Kind.ONE;
            default:
                throw new IllegalArgumentException("unknown option: " + option + " (try --help)");
        }
    }

    private static String single(Map<String, List<String>> values, String option, String fallback) {
        List<String> list = values.get(option);
        if (list == null) {
            if (fallback == null && (option.equals(LISTEN) || option.equals(INTERFACE))) {
                throw new IllegalArgumentException(option + ": missing (required; try --help)");
            }
            return fallback;
        }
        return list.get(0);
    }

    private static int integer(Map<String, List<String>> values, String option, int fallback) {
        String text = single(values, option, null);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": " + text + " (expected: an integer)", e);
        }
    }

    private static Duration seconds(Map<String, List<String>> values, String option, Duration fallback) {
        String text = single(values, option, null);
        if (text == null) {
            return fallback;
        }
        try {
            return Seconds.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
