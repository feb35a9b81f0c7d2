package io.anytask.server.cli;

import io.anytask.server.ServerConfig;
import io.anytask.server.ServerException;
import io.anytask.server.TaskServer;
import io.anytask.protocol.Endpoint;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line form of a {@link ServerConfig}, as the {@code anytask server} command takes it:
 * {@link #parse(List)} reads it, {@link #format(ServerConfig)} writes it back (this is how
 * {@link TaskServer#fork} passes a configuration to the server process it starts).
 *
 * <p>Options take their value as the next argument or after {@code =} ({@code --name=N}). {@code --bundle} and
 * {@code --worker-jvm-option} take every following argument up to the next one starting with {@code --}, and may
 * be repeated.
 */
public final class ServerArguments {
    /** System property holding the worker home used when {@code --worker-home} is not given. */
    public static final String WORKER_HOME_PROPERTY = "anytask.worker.home";

    private static final Map<String, String> OPTIONS = options();

    private final ServerConfig config;
    private final boolean help;
    private final boolean keepAliveStdin;

    private ServerArguments(ServerConfig config, boolean help, boolean keepAliveStdin) {
        this.config = config;
        this.help = help;
        this.keepAliveStdin = keepAliveStdin;
    }

    /** @return the usage text of {@code anytask server}, one option a line */
    public static String usage() {
        StringBuilder text = new StringBuilder("""
                Usage: anytask server --listen unix:/path|tcp:host:port --interface NAME --bundle FILE... [options]

                Listens for clients and gives each accepted connection a worker JVM of its own, which loads the
                bundles and serves the interface NAME, and then renews itself for a next client (fresh bundles,
                same JVM) where that is as safe as a new JVM. Stops gracefully on SIGTERM.

                Options:
                """);
        OPTIONS.forEach((option, help) -> text.append(String.format("  %-34s %s%n", option, help)));
        return text.toString();
    }

    /**
     * Reads the options of {@code anytask server}.
     *
     * @param args the arguments after the command name
     * @return the parsed arguments; when {@link #helpRequested()} is true nothing else was checked
     * @throws IllegalArgumentException for an unknown option, a missing or bad value, naming it
     */
    public static ServerArguments parse(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            return new ServerArguments(null, true, false);
        }
        Map<String, List<String>> values = tokenize(args);
        ServerConfig.Builder b = ServerConfig.builder();
        b.endpoint(Endpoint.parse(single(values, "--listen", null)));
        b.interfaceName(single(values, "--interface", null));
        values.getOrDefault("--bundle", List.of()).forEach(bundle -> b.bundle(Path.of(bundle)));
        b.name(single(values, "--name", ServerConfig.DEFAULT_NAME));
        b.readyWorkers(integer(values, "--ready-workers", ServerConfig.DEFAULT_READY_WORKERS));
        b.maxWorkers(integer(values, "--max-workers", ServerConfig.DEFAULT_MAX_WORKERS));
        b.maxRenewals(integer(values, "--max-renewals", ServerConfig.DEFAULT_MAX_RENEWALS));
        b.hungWorkerTimeout(seconds(values, "--hung-worker-timeout", ServerConfig.DEFAULT_HUNG_WORKER_TIMEOUT));
        b.gracePeriod(seconds(values, "--grace-period", ServerConfig.DEFAULT_GRACE_PERIOD));
        b.bootTimeout(seconds(values, "--boot-timeout", ServerConfig.DEFAULT_BOOT_TIMEOUT));
        String home = single(values, "--worker-home", System.getProperty(WORKER_HOME_PROPERTY));
        b.workerHome(home == null ? null : Path.of(home));
        String java = single(values, "--worker-java", null);
        if (java != null) {
            b.workerJava(Path.of(java));
        }
        values.getOrDefault("--worker-jvm-option", List.of()).forEach(b::workerJvmOption);
        String permissions = single(values, "--socket-permissions", null);
        if (permissions != null) {
            try {
                b.socketPermissions(PosixFilePermissions.fromString(permissions));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--socket-permissions: " + permissions
                        + " (expected: nine characters like rw-------)", e);
            }
        }
        b.relayOnly(values.containsKey("--relay"));
        return new ServerArguments(b.build(), false, values.containsKey("--keep-alive-stdin"));
    }

    /**
     * Writes a configuration as the options {@link #parse(List)} reads back into an equal configuration.
     *
     * @param config the configuration
     * @return the options, each value as its own argument
     */
    public static List<String> format(ServerConfig config) {
        List<String> args = new ArrayList<>(List.of("--listen", config.endpoint().toString(),
                "--interface", config.interfaceName()));
        config.bundles().forEach(bundle -> args.addAll(List.of("--bundle", bundle.toString())));
        args.addAll(List.of("--name", config.name(),
                "--ready-workers", Integer.toString(config.readyWorkers()),
                "--max-workers", Integer.toString(config.maxWorkers()),
                "--max-renewals", Integer.toString(config.maxRenewals()),
                "--hung-worker-timeout", Long.toString(config.hungWorkerTimeout().toSeconds()),
                "--grace-period", secondsText(config.gracePeriod()),
                "--boot-timeout", secondsText(config.bootTimeout()),
                "--worker-home", config.workerHome().toString(),
                "--worker-java", config.workerJava().toString(),
                "--socket-permissions", PosixFilePermissions.toString(config.socketPermissions())));
        config.workerJvmOptions().forEach(option -> args.add("--worker-jvm-option=" + option));
        if (config.relayOnly()) {
            args.add("--relay");
        }
        return args;
    }

    /** @return true if {@code --help} or {@code -h} was given */
    public boolean helpRequested() {
        return help;
    }

    /** @return the configuration; null when {@link #helpRequested()} */
    public ServerConfig config() {
        return config;
    }

    /** @return true if the server stops gracefully when its standard input ends ({@code --keep-alive-stdin}) */
    public boolean keepAliveStdin() {
        return keepAliveStdin;
    }

    private static Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--listen unix:PATH|tcp:HOST:PORT", "where to listen (required); TCP without HOST is loopback");
        o.put("--interface NAME", "the interface the workers serve (required)");
        o.put("--bundle FILE...", "interface bundle(s) every worker installs (required, repeatable)");
        o.put("--name N", "name in logs and ps for the server and workers (default " + ServerConfig.DEFAULT_NAME
                + ")");
        o.put("--ready-workers N", "workers kept booted and idle (default " + ServerConfig.DEFAULT_READY_WORKERS
                + ")");
        o.put("--max-workers N", "cap on workers; further connections wait (default "
                + ServerConfig.DEFAULT_MAX_WORKERS + ")");
        o.put("--max-renewals N", "times a worker JVM is renewed for a next client before a new JVM replaces"
                + " it; 0 = a new JVM for every client (default " + ServerConfig.DEFAULT_MAX_RENEWALS + ")");
        o.put("--hung-worker-timeout S", "a request running longer ends its worker; 0 = off (default 300)");
        o.put("--worker-jvm-option OPT...", "JVM options for workers, e.g. -Xmx64m (repeatable)");
        o.put("--worker-home DIR", "the worker runtime (default: the distribution's worker/)");
        o.put("--worker-java PATH", "java command for workers (default: the server's own)");
        o.put("--grace-period S", "time serving workers get at a graceful stop (default 30)");
        o.put("--boot-timeout S", "time a worker gets to boot and report ready (default 60)");
        o.put("--socket-permissions PERMS", "Unix socket file permissions (default rw-------)");
        o.put("--relay", "relay bytes instead of passing connections to workers");
        o.put("--keep-alive-stdin", "stop gracefully when standard input ends");
        o.put("--help", "show this help");
        return o;
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
            case "--relay": case "--keep-alive-stdin":
                return Kind.FLAG;
            case "--bundle": case "--worker-jvm-option":
                return Kind.MANY;
            case "--listen": case "--interface": case "--name": case "--ready-workers": case "--max-workers":
            case "--max-renewals": case "--hung-worker-timeout": case "--grace-period": case "--boot-timeout":
            case "--worker-home": case "--worker-java": case "--socket-permissions":
                return Kind.ONE;
            default:
                throw new IllegalArgumentException("unknown option: " + option + " (try --help)");
        }
    }

    private static String single(Map<String, List<String>> values, String option, String fallback) {
        List<String> list = values.get(option);
        if (list == null) {
            if (fallback == null && (option.equals("--listen") || option.equals("--interface"))) {
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
            return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": " + text + " (expected: a number of seconds)", e);
        }
    }

    private static String secondsText(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }
}
