package io.anytask.cli;

import static io.anytask.server.cli.ServerArguments.BOOT_TIMEOUT;
import static io.anytask.server.cli.ServerArguments.BUNDLE;
import static io.anytask.server.cli.ServerArguments.GRACE_PERIOD;
import static io.anytask.server.cli.ServerArguments.HUNG_WORKER_TIMEOUT;
import static io.anytask.server.cli.ServerArguments.INTERFACE;
import static io.anytask.server.cli.ServerArguments.KEEP_ALIVE_STDIN;
import static io.anytask.server.cli.ServerArguments.LISTEN;
import static io.anytask.server.cli.ServerArguments.MAX_RENEWALS;
import static io.anytask.server.cli.ServerArguments.MAX_WORKERS;
import static io.anytask.server.cli.ServerArguments.NAME;
import static io.anytask.server.cli.ServerArguments.READY_WORKERS;
import static io.anytask.server.cli.ServerArguments.RELAY;
import static io.anytask.server.cli.ServerArguments.SOCKET_PERMISSIONS;
import static io.anytask.server.cli.ServerArguments.TLS_CLIENT_AUTH;
import static io.anytask.server.cli.ServerArguments.WORKER_HOME;
import static io.anytask.server.cli.ServerArguments.WORKER_HOME_PROPERTY;
import static io.anytask.server.cli.ServerArguments.WORKER_JAVA;
import static io.anytask.server.cli.ServerArguments.WORKER_JVM_OPTION;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.Seconds;
import io.anytask.server.ServerConfig;
import io.anytask.server.cli.ServerArguments;
import io.anytask.server.cli.TaskServerMain;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anytask server ...}: runs a server until SIGTERM. The option names are {@link ServerArguments}'s, which
 * {@link io.anytask.server.TaskServer#fork} also writes for its server process; the defaults are
 * {@link ServerConfig}'s.
 */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        sortOptions = false, defaultValueProvider = ServerCommand.Defaults.class,
        usageHelpWidth = 120,
        customSynopsis = "anytask server --listen=unix:PATH|tcp:HOST:PORT --interface=NAME --bundle=FILE... [OPTIONS]",
        description = {"Listen for clients and serve each connection with a worker JVM of its own.",
            "Gives each accepted connection a worker JVM of its own, which loads the bundles and serves "
            + "the interface NAME, and then renews itself for a next client (fresh bundles, same JVM) where that "
            + "is as safe as a new JVM. Prints 'anytask server listening on ENDPOINT' once it listens; stops "
            + "gracefully on SIGTERM. Seconds (S) are decimal: 30, 0.5. With a --tls-key-store a tcp: endpoint is "
            + "served over TLS, which the server terminates: TLS implies relay.", ""})
final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = LISTEN, required = true, paramLabel = "unix:PATH|tcp:HOST:PORT",
            converter = EndpointConverter.class,
            description = "where to listen; TCP without HOST is loopback")
    Endpoint listen;

    @Option(names = INTERFACE, required = true, paramLabel = "NAME",
            description = "the interface the workers serve")
    String interfaceName;

    @Option(names = BUNDLE, required = true, arity = "1..*", paramLabel = "FILE",
            description = "interface bundle(s) every worker installs (repeatable)")
    List<Path> bundles = new ArrayList<>();

    @Option(names = NAME, paramLabel = "NAME",
            description = "name in logs and ps for the server and workers (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = READY_WORKERS, paramLabel = "N",
            description = "workers kept booted and idle (default: ${DEFAULT-VALUE})")
    int readyWorkers;

    @Option(names = MAX_WORKERS, paramLabel = "N",
            description = "cap on workers; further connections wait (default: ${DEFAULT-VALUE})")
    int maxWorkers;

    @Option(names = MAX_RENEWALS, paramLabel = "N",
            description = "times a worker JVM is renewed for a next client before a new JVM replaces it; "
                    + "0 = a new JVM for every client (default: ${DEFAULT-VALUE})")
    int maxRenewals;

    @Option(names = HUNG_WORKER_TIMEOUT, paramLabel = "S", converter = SecondsConverter.class,
            description = "a request running longer ends its worker; whole seconds, 0 = off "
                    + "(default: ${DEFAULT-VALUE})")
    Duration hungWorkerTimeout;

    @Option(names = WORKER_JVM_OPTION, arity = "1..*", paramLabel = "OPT",
            description = "JVM options for workers, e.g. -Xmx64m (repeatable; --worker-jvm-option=--OPT for one "
                    + "starting with --)")
    List<String> workerJvmOptions = new ArrayList<>();

    @Option(names = WORKER_HOME, paramLabel = "DIR",
            description = "the worker runtime (default: this installation's worker/)")
    Path workerHome;

    @Option(names = WORKER_JAVA, paramLabel = "PATH",
            description = "java command for workers (default: the server's own)")
    Path workerJava;

    @Option(names = GRACE_PERIOD, paramLabel = "S", converter = SecondsConverter.class,
            description = "time serving workers get at a graceful stop (default: ${DEFAULT-VALUE})")
    Duration gracePeriod;

    @Option(names = BOOT_TIMEOUT, paramLabel = "S", converter = SecondsConverter.class,
            description = "time a worker gets to boot and report ready (default: ${DEFAULT-VALUE})")
    Duration bootTimeout;

    @Option(names = SOCKET_PERMISSIONS, paramLabel = "PERMS",
            description = "Unix socket file permissions (default: ${DEFAULT-VALUE})")
    String socketPermissions;

    @Option(names = RELAY, description = "relay bytes instead of passing connections to workers")
    boolean relay;

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Option(names = TLS_CLIENT_AUTH, paramLabel = "none|need", description = "TLS: need = a client without a "
            + "certificate from the trust store is refused in the handshake, before it gets a worker "
            + "(default: none)")
    String tlsClientAuth;

    @Option(names = KEEP_ALIVE_STDIN, description = "stop gracefully when standard input ends")
    boolean keepAliveStdin;

    private final Streams streams;

    ServerCommand() {
        this(Streams.system());
    }

    ServerCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        return TaskServerMain.serve(config(), keepAliveStdin, streams.out(), streams.err());
    }

    /**
     * @return the configuration the options describe
     * @throws ParameterException naming the setting and the value that {@link ServerConfig} refused
     */
    ServerConfig config() {
        try {
            ServerConfig.Builder b = ServerConfig.builder()
                    .endpoint(listen)
                    .interfaceName(interfaceName)
                    .name(name)
                    .readyWorkers(readyWorkers)
                    .maxWorkers(maxWorkers)
                    .maxRenewals(maxRenewals)
                    .hungWorkerTimeout(hungWorkerTimeout)
                    .gracePeriod(gracePeriod)
                    .bootTimeout(bootTimeout)
                    .workerHome(workerHome)
                    .socketPermissions(ServerArguments.socketPermissions(socketPermissions))
                    .relayOnly(relay)
                    .tls(tls.settings());
            if (tlsClientAuth != null) {
                b.tlsClientAuth(ServerArguments.tlsClientAuth(tlsClientAuth));
            }
            bundles.forEach(b::bundle);
            workerJvmOptions.forEach(b::workerJvmOption);
            if (workerJava != null) {
                b.workerJava(workerJava);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** The defaults, from {@link ServerConfig}'s constants; the worker home from {@code -Danytask.worker.home}. */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case NAME -> ServerConfig.DEFAULT_NAME;
                case READY_WORKERS -> Integer.toString(ServerConfig.DEFAULT_READY_WORKERS);
                case MAX_WORKERS -> Integer.toString(ServerConfig.DEFAULT_MAX_WORKERS);
                case MAX_RENEWALS -> Integer.toString(ServerConfig.DEFAULT_MAX_RENEWALS);
                case HUNG_WORKER_TIMEOUT -> Seconds.format(ServerConfig.DEFAULT_HUNG_WORKER_TIMEOUT);
                case GRACE_PERIOD -> Seconds.format(ServerConfig.DEFAULT_GRACE_PERIOD);
                case BOOT_TIMEOUT -> Seconds.format(ServerConfig.DEFAULT_BOOT_TIMEOUT);
                case SOCKET_PERMISSIONS -> PosixFilePermissions.toString(ServerConfig.DEFAULT_SOCKET_PERMISSIONS);
                case WORKER_HOME -> System.getProperty(WORKER_HOME_PROPERTY);
                default -> null;
            };
        }
    }
}
