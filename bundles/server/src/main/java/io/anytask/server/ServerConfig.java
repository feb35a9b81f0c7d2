package io.anytask.server;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The immutable, checked settings of a {@link TaskServer}. Made with {@link #builder()}; {@link Builder#build()}
 * rejects bad values with a message that names the setting, the value and the expected range.
 */
public final class ServerConfig {
    /** Default number of worker JVMs kept booted and idle. */
    public static final int DEFAULT_READY_WORKERS = 2;
    /** Default cap on worker JVMs (booting, idle and serving together). */
    public static final int DEFAULT_MAX_WORKERS = 64;
    /** Default hung-worker timeout. */
    public static final Duration DEFAULT_HUNG_WORKER_TIMEOUT = Duration.ofSeconds(300);
    /** Default time serving workers get to finish their connections at a graceful stop. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(30);
    /** Default time a worker JVM gets to boot and report ready. */
    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(60);
    /** Default permissions of a Unix socket file: owner read and write only. */
    public static final Set<PosixFilePermission> DEFAULT_SOCKET_PERMISSIONS =
            Set.copyOf(PosixFilePermissions.fromString("rw-------"));
    /**
     * Default number of times one worker JVM is renewed for a next client before a new JVM replaces it. Renewal
     * keeps the JVM and gives the interface fresh bundles; the isolation gates send a worker to a new JVM sooner
     * when renewal could not be as good as a new process (see {@link Builder#maxRenewals(int)}).
     */
    public static final int DEFAULT_MAX_RENEWALS = 1000;
    /** Default server name, shown in logs and process listings. */
    public static final String DEFAULT_NAME = "anytask";

    private final Endpoint endpoint;
    private final String interfaceName;
    private final List<Path> bundles;
    private final String name;
    private final int readyWorkers;
    private final int maxWorkers;
    private final Duration hungWorkerTimeout;
    private final Duration gracePeriod;
    private final Duration bootTimeout;
    private final Path workerHome;
    private final Path workerJava;
    private final List<String> workerJvmOptions;
    private final Set<PosixFilePermission> socketPermissions;
    private final boolean relayOnly;
    private final int maxRenewals;
    private final TlsSettings tls;
    private final TlsClientAuth tlsClientAuth;

    private ServerConfig(Builder b) {
        endpoint = b.endpoint;
        interfaceName = b.interfaceName;
        bundles = List.copyOf(b.bundles);
        name = b.name;
        readyWorkers = b.readyWorkers;
        maxWorkers = b.maxWorkers;
        hungWorkerTimeout = b.hungWorkerTimeout;
        gracePeriod = b.gracePeriod;
        bootTimeout = b.bootTimeout;
        workerHome = b.workerHome;
        workerJava = b.workerJava;
        workerJvmOptions = List.copyOf(b.workerJvmOptions);
        socketPermissions = Set.copyOf(b.socketPermissions);
        relayOnly = b.relayOnly;
        maxRenewals = b.maxRenewals;
        tls = b.tls;
        tlsClientAuth = b.tlsClientAuth;
    }

    /** @return a builder with the defaults set and the required settings empty */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration's settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.endpoint = endpoint;
        b.interfaceName = interfaceName;
        b.bundles.addAll(bundles);
        b.name = name;
        b.readyWorkers = readyWorkers;
        b.maxWorkers = maxWorkers;
        b.hungWorkerTimeout = hungWorkerTimeout;
        b.gracePeriod = gracePeriod;
        b.bootTimeout = bootTimeout;
        b.workerHome = workerHome;
        b.workerJava = workerJava;
        b.workerJvmOptions.addAll(workerJvmOptions);
        b.socketPermissions = EnumSet.copyOf(socketPermissions);
        b.relayOnly = relayOnly;
        b.maxRenewals = maxRenewals;
        b.tls = tls;
        b.tlsClientAuth = tlsClientAuth;
        return b;
    }

    /** @return where the server listens */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** @return the name the workers look the interface up by */
    public String interfaceName() {
        return interfaceName;
    }

    /** @return the absolute paths of the interface bundles every worker installs */
    public List<Path> bundles() {
        return bundles;
    }

    /** @return the server's name, shown in logs and in {@code ps} for the server and its workers */
    public String name() {
        return name;
    }

    /** @return how many worker JVMs are kept booted and idle ahead of demand */
    public int readyWorkers() {
        return readyWorkers;
    }

    /** @return the most worker JVMs that exist at once; at the cap, new connections wait for a slot */
    public int maxWorkers() {
        return maxWorkers;
    }

    /** @return how long one request may run before its worker ends itself; zero means never */
    public Duration hungWorkerTimeout() {
        return hungWorkerTimeout;
    }

    /** @return how long serving workers may take to finish their connections at a graceful stop */
    public Duration gracePeriod() {
        return gracePeriod;
    }

    /** @return how long a worker JVM may take to boot and report ready before it is killed */
    public Duration bootTimeout() {
        return bootTimeout;
    }

    /** @return the worker home: the directory holding the worker's {@code jvm.args} and jars */
    public Path workerHome() {
        return workerHome;
    }

    /** @return the {@code java} executable that runs the workers */
    public Path workerJava() {
        return workerJava;
    }

    /** @return JVM options added to every worker's command line (heap size and the like) */
    public List<String> workerJvmOptions() {
        return workerJvmOptions;
    }

    /** @return the permissions of a Unix socket file the server creates */
    public Set<PosixFilePermission> socketPermissions() {
        return socketPermissions;
    }

    /** @return true if connections are always relayed, even where descriptor passing works (for comparison) */
    public boolean relayOnly() {
        return relayOnly;
    }

    /**
     * @return how many times one worker JVM is renewed (its interface bundles replaced by fresh ones) for a next
     *     client before a new JVM replaces it; 0 means a new JVM for every client, the original's strict isolation
     */
    public int maxRenewals() {
        return maxRenewals;
    }

    /**
     * @return the server's TLS key material, or empty for plain TCP; with TLS every connection is relayed, since
     *     the TLS session lives in the server
     */
    public Optional<TlsSettings> tls() {
        return Optional.ofNullable(tls);
    }

    /** @return whether a TLS server asks clients for a certificate ({@link TlsClientAuth#NONE} without TLS) */
    public TlsClientAuth tlsClientAuth() {
        return tlsClientAuth;
    }

    @Override
    public String toString() {
        return "ServerConfig[endpoint=" + endpoint + ", interface=" + interfaceName + ", bundles=" + bundles
                + ", name=" + name + ", readyWorkers=" + readyWorkers + ", maxWorkers=" + maxWorkers
                + ", maxRenewals=" + maxRenewals + ", hungWorkerTimeout=" + hungWorkerTimeout + ", gracePeriod="
                + gracePeriod + ", workerHome="
                + workerHome + (tls == null ? "" : ", tls=" + tls + ", tlsClientAuth=" + tlsClientAuth) + "]";
    }

    /**
     * Collects settings for a {@link ServerConfig}. Setters take values as given; {@link #build()} checks them
     * all. Required: {@link #endpoint}, {@link #interfaceName}, at least one {@link #bundle}, {@link #workerHome}.
     */
    public static final class Builder {
        private Endpoint endpoint;
        private String interfaceName;
        private final List<Path> bundles = new ArrayList<>();
        private String name = DEFAULT_NAME;
        private int readyWorkers = DEFAULT_READY_WORKERS;
        private int maxWorkers = DEFAULT_MAX_WORKERS;
        private Duration hungWorkerTimeout = DEFAULT_HUNG_WORKER_TIMEOUT;
        private Duration gracePeriod = DEFAULT_GRACE_PERIOD;
        private Duration bootTimeout = DEFAULT_BOOT_TIMEOUT;
        private Path workerHome;
        private Path workerJava = currentJava();
        private final List<String> workerJvmOptions = new ArrayList<>();
        private Set<PosixFilePermission> socketPermissions = EnumSet.copyOf(DEFAULT_SOCKET_PERMISSIONS);
        private boolean relayOnly;
        private int maxRenewals = DEFAULT_MAX_RENEWALS;
        private TlsSettings tls;
        private TlsClientAuth tlsClientAuth = TlsClientAuth.NONE;

        private Builder() {
        }

        /**
         * Serves a {@code tcp:} endpoint over TLS: the server terminates TLS and relays the plain bytes to the
         * worker (TLS implies relay). The handshake happens before a worker is taken for the connection.
         *
         * @param tls the key material, which needs a key store; null for plain TCP
         * @return this builder
         */
        public Builder tls(TlsSettings tls) {
            this.tls = tls;
            return this;
        }

        /**
         * @param clientAuth whether clients must present a certificate that the trust store trusts (TLS only)
         * @return this builder
         */
        public Builder tlsClientAuth(TlsClientAuth clientAuth) {
            this.tlsClientAuth = clientAuth;
            return this;
        }

        /** @param endpoint where to listen @return this builder */
        public Builder endpoint(Endpoint endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** @param interfaceName the name the workers look the interface up by @return this builder */
        public Builder interfaceName(String interfaceName) {
            this.interfaceName = interfaceName;
            return this;
        }

        /** @param bundle an interface bundle (jar) every worker installs; made absolute @return this builder */
        public Builder bundle(Path bundle) {
            bundles.add(Objects.requireNonNull(bundle, "bundle").toAbsolutePath().normalize());
            return this;
        }

        /** @param name shown in logs and {@code ps}; letters, digits, {@code . _ -} @return this builder */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** @param readyWorkers workers kept booted and idle, {@code >= 0} @return this builder */
        public Builder readyWorkers(int readyWorkers) {
            this.readyWorkers = readyWorkers;
            return this;
        }

        /** @param maxWorkers cap on workers at once, {@code >= 1} @return this builder */
        public Builder maxWorkers(int maxWorkers) {
            this.maxWorkers = maxWorkers;
            return this;
        }

        /** @param timeout whole seconds, zero to turn the watchdog off @return this builder */
        public Builder hungWorkerTimeout(Duration timeout) {
            this.hungWorkerTimeout = timeout;
            return this;
        }

        /** @param gracePeriod time serving workers get at a graceful stop, {@code >= 0} @return this builder */
        public Builder gracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
            return this;
        }

        /** @param bootTimeout time a worker gets to report ready, positive @return this builder */
        public Builder bootTimeout(Duration bootTimeout) {
            this.bootTimeout = bootTimeout;
            return this;
        }

        /** @param workerHome the directory holding the worker's {@code jvm.args} @return this builder */
        public Builder workerHome(Path workerHome) {
            this.workerHome = workerHome == null ? null : workerHome.toAbsolutePath().normalize();
            return this;
        }

        /** @param workerJava the {@code java} executable for workers (default: this JVM's) @return this builder */
        public Builder workerJava(Path workerJava) {
            this.workerJava = workerJava;
            return this;
        }

        /** @param option a JVM option for every worker, such as {@code -Xmx64m} @return this builder */
        public Builder workerJvmOption(String option) {
            workerJvmOptions.add(Objects.requireNonNull(option, "option"));
            return this;
        }

        /** @param permissions of the Unix socket file the server creates @return this builder */
        public Builder socketPermissions(Set<PosixFilePermission> permissions) {
            this.socketPermissions = EnumSet.noneOf(PosixFilePermission.class);
            this.socketPermissions.addAll(permissions);
            return this;
        }

        /** @param relayOnly relay every connection even where descriptor passing works @return this builder */
        public Builder relayOnly(boolean relayOnly) {
            this.relayOnly = relayOnly;
            return this;
        }

        /**
         * How many times one worker JVM is renewed before a new JVM replaces it. When a worker's client connection
         * ends normally (the client closed it, retired the worker after max checkouts or after an error), a worker
         * with renewals left discards the interface bundles, installs them afresh (new class loaders, new static
         * state; setup runs again) and is ready again in milliseconds, keeping its JVM and its compiled code. It
         * goes to a new JVM instead when an isolation gate finds that user code left something behind (a thread, a
         * file descriptor, a child process, a class loader, changed JVM-wide settings, memory past a limit).
         * A killed, hung or failed worker always becomes a new JVM.
         *
         * @param maxRenewals {@code >= 0}; 0 gives every client a new JVM (strict process-per-worker isolation)
         * @return this builder
         */
        public Builder maxRenewals(int maxRenewals) {
            this.maxRenewals = maxRenewals;
            return this;
        }

        /**
         * Checks every setting and makes the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException for the first bad or missing setting, naming it and its expected range
         */
        public ServerConfig build() {
            require(endpoint != null, "endpoint: missing (expected: unix:/path or tcp:host:port)");
            require(interfaceName != null && !interfaceName.isBlank(),
                    "interfaceName: " + quoted(interfaceName) + " (expected: a non-empty interface name)");
            require(!bundles.isEmpty(), "bundles: none (expected: at least one interface bundle)");
            for (Path bundle : bundles) {
                require(Files.isRegularFile(bundle), "bundle: " + bundle + " (expected: an existing bundle file)");
            }
            require(name != null && name.matches("[A-Za-z0-9._-]{1,64}"),
                    "name: " + quoted(name) + " (expected: 1 to 64 of letters, digits, '.', '_', '-')");
            require(readyWorkers >= 0, "readyWorkers: " + readyWorkers + " (expected: >= 0)");
            require(maxWorkers >= 1, "maxWorkers: " + maxWorkers + " (expected: >= 1)");
            require(readyWorkers <= maxWorkers,
                    "readyWorkers: " + readyWorkers + " (expected: <= maxWorkers, which is " + maxWorkers + ")");
            require(maxRenewals >= 0, "maxRenewals: " + maxRenewals + " (expected: >= 0, 0 = a new JVM for every"
                    + " client)");
            require(hungWorkerTimeout != null && !hungWorkerTimeout.isNegative() && hungWorkerTimeout.getNano() == 0,
                    "hungWorkerTimeout: " + hungWorkerTimeout + " (expected: whole seconds >= 0, 0 = off)");
            require(gracePeriod != null && !gracePeriod.isNegative(),
                    "gracePeriod: " + gracePeriod + " (expected: >= 0)");
            require(bootTimeout != null && !bootTimeout.isNegative() && !bootTimeout.isZero(),
                    "bootTimeout: " + bootTimeout + " (expected: > 0)");
            require(workerHome != null, "workerHome: missing (expected: the directory holding jvm.args)");
            require(Files.isRegularFile(workerHome.resolve("jvm.args")),
                    "workerHome: " + workerHome + " (expected: a directory holding jvm.args)");
            require(workerJava != null && Files.isExecutable(workerJava),
                    "workerJava: " + workerJava + " (expected: an executable java command)");
            require(socketPermissions.contains(PosixFilePermission.OWNER_READ)
                            && socketPermissions.contains(PosixFilePermission.OWNER_WRITE),
                    "socketPermissions: " + PosixFilePermissions.toString(socketPermissions)
                            + " (expected: owner read and write, as in rw-------)");
            checkTls();
            return new ServerConfig(this);
        }

        /** Checks the TLS settings and loads the stores now, so that a wrong password fails at build time. */
        private void checkTls() {
            require(tlsClientAuth != null, "tlsClientAuth: missing (expected: NONE or NEED)");
            if (tls == null) {
                require(tlsClientAuth == TlsClientAuth.NONE,
                        "tlsClientAuth: " + tlsClientAuth + " (expected: NONE without TLS key material)");
                return;
            }
            require(endpoint instanceof Endpoint.Tcp,
                    "tls: TLS applies to tcp: endpoints, not " + endpoint + " (expected: tcp:host:port)");
            require(tls.keyStore() != null, "tlsKeyStore: missing (expected: the server's key store with TLS)");
            require(tlsClientAuth == TlsClientAuth.NONE || tls.trustStore() != null,
                    "tlsTrustStore: missing (expected: the store of trusted client certificates with tlsClientAuth "
                            + tlsClientAuth + ")");
            tls.sslContext();
        }

        private static String quoted(String s) {
            return s == null ? "missing" : "'" + s + "'";
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        private static Path currentJava() {
            Optional<String> command = ProcessHandle.current().info().command();
            return command.map(Path::of).orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        }
    }
}
