package io.anytask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Endpoint;
import io.anytask.server.ServerConfig;
import io.anytask.server.cli.ServerArguments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

/** {@code anytask server}'s options: parsed into a {@link ServerConfig} (nothing is started here). */
class ServerCommandTest {
    @TempDir
    Path dir;
    Path home;
    Path bundleA;
    Path bundleB;

    @BeforeEach
    void files() throws IOException {
        home = Files.createDirectories(dir.resolve("worker-home"));
        Files.writeString(home.resolve("jvm.args"), "-cp lib/x.jar\n");
        bundleA = Files.writeString(dir.resolve("a.jar"), "not really a jar");
        bundleB = Files.writeString(dir.resolve("b.jar"), "not really a jar");
    }

    private String[] args(String... more) {
        List<String> args = new ArrayList<>(List.of("server", "--listen", "unix:" + dir.resolve("s.sock"),
                "--interface", "conformance", "--bundle", bundleA.toString(), "--worker-home", home.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private ServerCommand parse(String... more) {
        return new Parsed().command(ServerCommand.class, args(more));
    }

    @Test
    void defaultsAreServerConfigs() {
        ServerConfig config = parse().config();
        assertEquals(new Endpoint.Unix(dir.resolve("s.sock")), config.endpoint());
        assertEquals("conformance", config.interfaceName());
        assertEquals(List.of(bundleA), config.bundles());
        assertEquals(ServerConfig.DEFAULT_NAME, config.name());
        assertEquals(ServerConfig.DEFAULT_READY_WORKERS, config.readyWorkers());
        assertEquals(ServerConfig.DEFAULT_MAX_WORKERS, config.maxWorkers());
        assertEquals(ServerConfig.DEFAULT_MAX_RENEWALS, config.maxRenewals());
        assertEquals(ServerConfig.DEFAULT_HUNG_WORKER_TIMEOUT, config.hungWorkerTimeout());
        assertEquals(ServerConfig.DEFAULT_GRACE_PERIOD, config.gracePeriod());
        assertEquals(ServerConfig.DEFAULT_BOOT_TIMEOUT, config.bootTimeout());
        assertEquals(ServerConfig.DEFAULT_SOCKET_PERMISSIONS, config.socketPermissions());
        assertEquals(List.of(), config.workerJvmOptions());
        assertFalse(config.relayOnly());
        assertFalse(parse().keepAliveStdin);
    }

    @Test
    void helpShowsTheDefaultsOfTheCode() {
        Parsed p = new Parsed();
        assertEquals(0, p.run("server", "--help"));
        assertTrue(p.out().contains("(default: " + ServerConfig.DEFAULT_READY_WORKERS + ")"), p.out());
        assertTrue(p.out().contains("(default: " + ServerConfig.DEFAULT_MAX_RENEWALS + ")"), p.out());
        assertTrue(p.out().contains("0 = off (default: 300)"), p.out());
        assertTrue(p.out().contains("(default: rw-------)"), p.out());
        assertTrue(p.out().contains("--listen=unix:PATH|tcp:HOST:PORT"), p.out());
    }

    @Test
    void bothValueFormsSeveralValuesAndRepeats() {
        ServerConfig config = parse("--bundle=" + bundleB, "--worker-jvm-option", "-Xmx64m", "-Xss512k",
                "--worker-jvm-option=--enable-preview", "--name=pw", "--ready-workers", "0", "--max-workers=3",
                "--hung-worker-timeout", "0", "--grace-period=0.5", "--boot-timeout", "90", "--relay",
                "--socket-permissions", "rw-rw----").config();
        assertEquals(List.of(bundleA, bundleB), config.bundles());
        assertEquals(List.of("-Xmx64m", "-Xss512k", "--enable-preview"), config.workerJvmOptions());
        assertEquals("pw", config.name());
        assertEquals(0, config.readyWorkers());
        assertEquals(3, config.maxWorkers());
        assertEquals(Duration.ZERO, config.hungWorkerTimeout());
        assertEquals(Duration.ofMillis(500), config.gracePeriod());
        assertEquals(Duration.ofSeconds(90), config.bootTimeout());
        assertTrue(config.relayOnly());
        assertEquals("rw-rw----", PosixFilePermissions.toString(config.socketPermissions()));
        assertEquals(List.of(bundleA, bundleB),
                parse("--bundle", bundleB.toString(), "--name", "x").config().bundles());
    }

    /** One definition of the option names: what TaskServer.fork writes for its process, this command reads. */
    @Test
    void readsWhatForkWrites() {
        ServerConfig config = parse("--bundle", bundleB.toString(), "--name", "x", "--worker-jvm-option",
                "-Xmx64m", "--worker-jvm-option=--enable-preview", "--grace-period", "2.5", "--relay").config();
        List<String> written = new ArrayList<>(List.of("server"));
        written.addAll(ServerArguments.format(config));
        written.add(ServerArguments.KEEP_ALIVE_STDIN);
        ServerCommand again = new Parsed().command(ServerCommand.class, written.toArray(String[]::new));
        assertEquals(ServerArguments.format(config), ServerArguments.format(again.config()));
        assertTrue(again.keepAliveStdin);
        assertEquals(ServerArguments.format(config),
                ServerArguments.format(ServerArguments.parse(ServerArguments.format(config)).config()));
    }

    @Test
    void badValuesExitWith2NamingOptionAndValue() {
        Parsed p = new Parsed();
        assertEquals(2, p.run(args("--ready-workers", "many")));
        assertEquals(List.of("anytask server: Invalid value for option '--ready-workers': 'many' is not an int",
                "Run 'anytask server --help' for the options."), p.errLines());

        p = new Parsed();
        assertEquals(2, p.run(args("--grace-period", "-1")));
        assertEquals("anytask server: Invalid value for option '--grace-period': -1 (expected: seconds from 0 to "
                + "100000000 with at most 9 decimals, such as 30 or 0.5)", p.errLines().get(0));

        p = new Parsed();
        assertEquals(2, p.run(args("--max-workers", "0")));
        assertEquals("anytask server: maxWorkers: 0 (expected: >= 1)", p.errLines().get(0));

        p = new Parsed();
        assertEquals(2, p.run(args("--socket-permissions", "rwx")));
        assertEquals("anytask server: --socket-permissions: rwx (expected: nine characters like rw-------)",
                p.errLines().get(0));

        p = new Parsed();
        assertEquals(2, p.run("server", "--interface", "x"));
        assertTrue(p.err().startsWith("anytask server: Missing required options: '--listen=unix:PATH|tcp:HOST:"
                + "PORT', '--bundle=FILE'"), p.err());

        p = new Parsed();
        assertEquals(2, p.run(args("--name", "a", "--name", "b")));
        assertTrue(p.err().startsWith("anytask server: option '--name' (NAME) should be specified only once"),
                p.err());

        assertThrows(ParameterException.class, () -> parse("--hung-worker-timeout", "1.5").config());
    }

    /** An empty PKCS12 store with the password {@code right}. */
    static Path store(Path dir) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Path file = dir.resolve("store.p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, "right".toCharArray());
        }
        return file;
    }

    @Test
    void tlsOptionsMakeATlsServerThatForkWritesTheSame() throws Exception {
        Path store = store(dir);
        String[] tcp = args("--tls-key-store", store.toString(), "--tls-key-store-password", "pass:right",
                "--tls-trust-store", store.toString(), "--tls-trust-store-password", "pass:right",
                "--tls-client-auth", "need");
        tcp[2] = "tcp:127.0.0.1:0";
        ServerConfig config = new Parsed().command(ServerCommand.class, tcp).config();
        assertEquals(io.anytask.server.TlsClientAuth.NEED, config.tlsClientAuth());
        assertEquals(store, config.tls().orElseThrow().keyStore());
        assertEquals(ServerArguments.format(config),
                ServerArguments.format(ServerArguments.parse(ServerArguments.format(config)).config()));

        Parsed p = new Parsed();
        assertEquals(2, p.run(args("--tls-key-store", store.toString(), "--tls-key-store-password", "pass:right")));
        assertEquals("anytask server: tls: TLS applies to tcp: endpoints, not unix:" + dir.resolve("s.sock")
                + " (expected: tcp:host:port)", p.errLines().get(0));

        p = new Parsed();
        assertEquals(0, p.run("server", "--help"));
        for (String option : List.of("--tls-key-store=FILE", "--tls-key-store-password=SOURCE",
                "--tls-trust-store=FILE", "--tls-client-auth=none|need", "TLS implies relay")) {
            assertTrue(p.out().contains(option), option + " in " + p.out());
        }
    }
}
