package io.anytask.client;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.MessageDecoder;
import io.anytask.protocol.TlsSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * The immutable configuration of a {@link TaskClient} (SPEC.md section 6). Built with {@link #builder(String)};
 * every value is checked when {@link Builder#build()} runs, and a bad one fails with a message naming it and the
 * expected range, such as {@code maxWorkers: 0 (expected: >= 1)}.
 */
public final class TaskClientConfig {
    /** Default {@link #minWorkers()}. */
    public static final int DEFAULT_MIN_WORKERS = 2;
    /** Default {@link #maxWorkers()}. */
    public static final int DEFAULT_MAX_WORKERS = 20;
    /** Default {@link #timeout()}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@link #maxPendingCheckouts()}. */
    public static final int DEFAULT_MAX_PENDING_CHECKOUTS = 10_000;
    /** Default {@link #maxFrameBytes()}: the decoder's, 64 MiB. */
    public static final long DEFAULT_MAX_FRAME_BYTES = MessageDecoder.Limits.DEFAULT_MAX_FRAME_BYTES;
    /** Default {@link #maxNesting()}: the decoder's, 1000 levels. */
    public static final int DEFAULT_MAX_NESTING = MessageDecoder.Limits.DEFAULT_MAX_DEPTH;

    private final String connect;
    private final Endpoint endpoint;
    private final String name;
    private final int minWorkers;
    private final int maxWorkers;
    private final Duration timeout;
    private final Integer maxCheckouts;
    private final boolean keepWorkerAfterError;
    private final int maxPendingCheckouts;
    private final MessageDecoder.Limits decoderLimits;
    private final ClientListener listener;
    private final Executor callbackExecutor;
    private final TlsSettings tls;
    private final SSLContext sslContext;

    private TaskClientConfig(Builder b) {
        this.connect = b.connect;
        this.endpoint = connectEndpoint(b.connect);
        this.name = b.name;
        this.maxWorkers = b.maxWorkers;
        this.minWorkers = b.minWorkers != null ? b.minWorkers : Math.min(DEFAULT_MIN_WORKERS, b.maxWorkers);
        this.timeout = b.timeout;
        this.maxCheckouts = b.maxCheckouts;
        this.keepWorkerAfterError = b.keepWorkerAfterError;
        this.maxPendingCheckouts = b.maxPendingCheckouts;
        this.decoderLimits = new MessageDecoder.Limits(b.maxFrameBytes, b.maxNesting);
        this.listener = b.listener;
        this.callbackExecutor = b.callbackExecutor;
        this.tls = b.tls;
        this.sslContext = b.sslContext;
    }

    /**
     * A builder for a client connecting to {@code endpoint} (the same {@link Endpoint} type a server is configured
     * with): an absolute Unix socket path, or a TCP host and a port from 1 to 65535.
     */
    public static Builder builder(Endpoint endpoint) {
        return new Builder(Objects.requireNonNull(endpoint, "endpoint").toString());
    }

    /**
     * A builder for a client connecting to {@code connect}, an endpoint in its text form: {@code unix:/absolute/path}
     * or {@code tcp:host:port}; see {@link #builder(Endpoint)}. The text is checked by {@link Builder#build()}.
     */
    public static Builder builder(String connect) {
        return new Builder(connect);
    }

    /** The server endpoint: {@code unix:/absolute/path} or {@code tcp:host:port}. */
    public String connect() {
        return connect;
    }

    /** The server endpoint, parsed. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The endpoint a client can connect to: an absolute Unix socket path, or a TCP host and port 1 to 65535. */
    private static Endpoint connectEndpoint(String connect) {
        IllegalArgumentException bad = Builder.bad("connect", Builder.quoted(connect),
                "unix:/absolute/path or tcp:host:port with port 1..65535");
        if (connect == null || connect.startsWith("unix:") && !connect.startsWith("unix:/")) {
            throw bad;
        }
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(connect);
        } catch (IllegalArgumentException e) {
            bad.initCause(e);
            throw bad;
        }
        if (endpoint instanceof Endpoint.Tcp && ((Endpoint.Tcp) endpoint).port() == 0) {
            throw bad;
        }
        return endpoint;
    }

    /** The client's name, used in error contexts ({@code NAME -> method}); empty when unnamed. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** Worker connections opened at start and kept open (hot standby). */
    public int minWorkers() {
        return minWorkers;
    }

    /** The most worker connections open at once; further checkouts wait in the queue. */
    public int maxWorkers() {
        return maxWorkers;
    }

    /** Default timeout of a checkout's calls; empty means wait forever. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** A worker lent this many times is retired at release; empty means no limit. */
    public OptionalInt maxCheckouts() {
        return maxCheckouts == null ? OptionalInt.empty() : OptionalInt.of(maxCheckouts);
    }

    /**
     * True to keep a worker whose checkout saw an {@code er} reply (the original's {@code dont_refork_after_error});
     * false (the default) retires it at release.
     */
    public boolean keepWorkerAfterError() {
        return keepWorkerAfterError;
    }

    /** The most checkouts waiting for a worker at once; beyond it {@link TaskClient#checkout()} fails at once. */
    public int maxPendingCheckouts() {
        return maxPendingCheckouts;
    }

    /**
     * The most bytes one reply from a worker may have; a longer one fails the checkout's calls with a
     * {@code FrameTooLongException} naming the limit, and the worker connection is closed.
     */
    public long maxFrameBytes() {
        return decoderLimits.maxFrameBytes();
    }

    /** The most levels of nested arrays and objects in one reply, its outer array included. */
    public int maxNesting() {
        return decoderLimits.maxDepth();
    }

    /** {@link #maxFrameBytes()} and {@link #maxNesting()} as the decoder's limits. */
    public MessageDecoder.Limits decoderLimits() {
        return decoderLimits;
    }

    /** The metrics listener; {@link ClientListener#NONE} by default. */
    public ClientListener listener() {
        return listener;
    }

    /**
     * Where call futures are completed, so that callbacks never run on the client's event-loop thread; empty means
     * a pool of daemon threads owned by the client.
     */
    public Optional<Executor> callbackExecutor() {
        return Optional.ofNullable(callbackExecutor);
    }

    /**
     * The TLS key material of a client of a {@code tcp:} endpoint served over TLS; empty for plain connections.
     * With TLS the client checks that the server's certificate chains to its trust store and names the host of
     * the endpoint (HTTPS endpoint identification: a DNS name or an IP address among the certificate's subject
     * alternative names); its key store is presented when the server asks for a client certificate.
     */
    public Optional<TlsSettings> tls() {
        return Optional.ofNullable(tls);
    }

    /** The TLS context made from {@link #tls()} when the configuration was built; empty without TLS. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    @Override
    public String toString() {
        return "TaskClientConfig[connect=" + connect + ", name=" + name + ", minWorkers=" + minWorkers
                + ", maxWorkers=" + maxWorkers + ", timeout=" + timeout + ", maxCheckouts=" + maxCheckouts
                + ", keepWorkerAfterError=" + keepWorkerAfterError
                + ", maxPendingCheckouts=" + maxPendingCheckouts + ", maxFrameBytes=" + maxFrameBytes()
                + ", maxNesting=" + maxNesting() + (tls == null ? "" : ", tls=" + tls) + "]";
    }

    /** Builds a {@link TaskClientConfig}; not thread-safe. */
    public static final class Builder {
        private final String connect;
        private String name;
        private Integer minWorkers;
        private int maxWorkers = DEFAULT_MAX_WORKERS;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Integer maxCheckouts;
        private boolean keepWorkerAfterError;
        private int maxPendingCheckouts = DEFAULT_MAX_PENDING_CHECKOUTS;
        private long maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private int maxNesting = DEFAULT_MAX_NESTING;
        private ClientListener listener = ClientListener.NONE;
        private Executor callbackExecutor;
        private TlsSettings tls;
        private SSLContext sslContext;

        private Builder(String connect) {
            this.connect = connect;
        }

        /** The client's name for error contexts and logs; must not be blank. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Worker connections opened at start (default {@value #DEFAULT_MIN_WORKERS}, at most max workers). */
        public Builder minWorkers(int minWorkers) {
            this.minWorkers = minWorkers;
            return this;
        }

        /** The most worker connections at once (default {@value #DEFAULT_MAX_WORKERS}). */
        public Builder maxWorkers(int maxWorkers) {
            this.maxWorkers = maxWorkers;
            return this;
        }

        /** Default timeout of a checkout's calls (default 30 s); must be positive. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout (use noTimeout() to wait forever)");
            return this;
        }

        /** Checkouts wait forever by default. */
        public Builder noTimeout() {
            this.timeout = null;
            return this;
        }

        /** Retire a worker after it has served this many checkouts (default: no limit). */
        public Builder maxCheckouts(int maxCheckouts) {
            this.maxCheckouts = maxCheckouts;
            return this;
        }

        /** Keep a worker whose checkout saw an error (default false: retire it at release). */
        public Builder keepWorkerAfterError(boolean keep) {
            this.keepWorkerAfterError = keep;
            return this;
        }

        /** The bound on checkouts waiting for a worker (default {@value #DEFAULT_MAX_PENDING_CHECKOUTS}). */
        public Builder maxPendingCheckouts(int maxPendingCheckouts) {
            this.maxPendingCheckouts = maxPendingCheckouts;
            return this;
        }

        /** The most bytes in one reply (default 64 MiB; 16 to 2^31-1). */
        public Builder maxFrameBytes(long maxFrameBytes) {
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        /** The most levels of nesting in one reply (default {@value #DEFAULT_MAX_NESTING}; 2 to 100000). */
        public Builder maxNesting(int maxNesting) {
            this.maxNesting = maxNesting;
            return this;
        }

        /** The metrics listener. */
        public Builder listener(ClientListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Where call futures are completed (default: a pool of daemon threads owned by the client). */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "callbackExecutor");
            return this;
        }

        /**
         * Connects over TLS (to a {@code tcp:} endpoint only); see {@link TaskClientConfig#tls()} for what is
         * checked. The stores are loaded by {@link #build()}, which fails on a missing file or a wrong password.
         *
         * @param tls the key material, or null for plain connections (the default)
         * @return this builder
         */
        public Builder tls(TlsSettings tls) {
            this.tls = tls;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException naming the first bad value and the expected range
         */
        public TaskClientConfig build() {
            connectEndpoint(connect);
            if (name != null && name.isBlank()) {
                throw bad("name", quoted(name), "a non-blank name");
            }
            if (maxWorkers < 1) {
                throw bad("maxWorkers", maxWorkers, ">= 1");
            }
            if (minWorkers != null && (minWorkers < 0 || minWorkers > maxWorkers)) {
                throw bad("minWorkers", minWorkers, ">= 0 and <= maxWorkers " + maxWorkers);
            }
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw bad("timeout", timeout, "> 0, or noTimeout()");
            }
            if (maxCheckouts != null && maxCheckouts < 1) {
                throw bad("maxCheckouts", maxCheckouts, ">= 1");
            }
            if (maxPendingCheckouts < 1) {
                throw bad("maxPendingCheckouts", maxPendingCheckouts, ">= 1");
            }
            if (maxFrameBytes < 16 || maxFrameBytes > Integer.MAX_VALUE) {
                throw bad("maxFrameBytes", maxFrameBytes, "16 to " + Integer.MAX_VALUE);
            }
            if (maxNesting < 2 || maxNesting > 100_000) {
                throw bad("maxNesting", maxNesting, "2 to 100000");
            }
            sslContext = null;
            if (tls != null) {
                if (!(connectEndpoint(connect) instanceof Endpoint.Tcp)) {
                    throw new IllegalArgumentException("tls: TLS applies to tcp: endpoints, not " + connect
                            + " (expected: tcp:host:port)");
                }
                sslContext = tls.sslContext();
            }
            return new TaskClientConfig(this);
        }

        private static String quoted(String s) {
            return s == null ? "null" : '"' + s + '"';
        }

        private static IllegalArgumentException bad(String what, Object value, String expected) {
            return new IllegalArgumentException(what + ": " + value + " (expected: " + expected + ")");
        }
    }
}
