package io.anytask.server.cli;

import io.anytask.server.ServerConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerArgumentsTest {
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

    private List<String> required(String... more) {
        List<String> args = new ArrayList<>(List.of("--listen", "unix:" + dir.resolve("s.sock"),
                "--interface", "conformance", "--bundle", bundleA.toString(), "--worker-home", home.toString()));
        args.addAll(List.of(more));
        return args;
    }

    private static String error(List<String> args) {
        return assertThrows(IllegalArgumentException.class, () -> ServerArguments.parse(args)).getMessage();
    }

    @Test
    void requiredOptionsAndDefaults() {
        ServerConfig config = ServerArguments.parse(required()).config();
        assertEquals(new Endpoint.Unix(dir.resolve("s.sock")), config.endpoint());
        assertEquals("conformance", config.interfaceName());
        assertEquals(List.of(bundleA), config.bundles());
        assertEquals(ServerConfig.DEFAULT_NAME, config.name());
        assertEquals(2, config.readyWorkers());
        assertEquals(64, config.maxWorkers());
        assertEquals(Duration.ofSeconds(300), config.hungWorkerTimeout());
        assertEquals("rw-------", PosixFilePermissions.toString(config.socketPermissions()));
        assertFalse(config.relayOnly());
    }

    @Test
    void bundleAndJvmOptionTakeSeveralValuesAndRepeat() {
        ServerConfig config = ServerArguments.parse(required("--bundle", bundleB.toString(),
                "--worker-jvm-option", "-Xmx64m", "-Xss512k", "--worker-jvm-option=--enable-preview",
                "--name", "pw", "--ready-workers", "0", "--max-workers", "3", "--hung-worker-timeout", "0")).config();
        assertEquals(List.of(bundleA, bundleB), config.bundles());
        assertEquals(List.of("-Xmx64m", "-Xss512k", "--enable-preview"), config.workerJvmOptions());
        assertEquals("pw", config.name());
        assertEquals(0, config.readyWorkers());
        assertEquals(3, config.maxWorkers());
        assertEquals(Duration.ZERO, config.hungWorkerTimeout());
    }

    @Test
    void formatReadsBackIntoTheSameSettings() {
        ServerConfig config = ServerArguments.parse(required("--bundle", bundleB.toString(), "--name", "x",
                "--worker-jvm-option", "-Xmx64m", "--grace-period", "2.5", "--relay", "--socket-permissions",
                "rw-rw----")).config();
        ServerConfig again = ServerArguments.parse(ServerArguments.format(config)).config();
        assertEquals(ServerArguments.format(config), ServerArguments.format(again));
        assertEquals(Duration.ofMillis(2500), again.gracePeriod());
        assertTrue(again.relayOnly());
        assertEquals("rw-rw----", PosixFilePermissions.toString(again.socketPermissions()));
    }

    @Test
    void theProcessHasNoHelpOfItsOwn() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, TaskServerMain.run(List.of("--help"), new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err));
        assertEquals("The server process of TaskServer.fork; its options are those of 'anytask server --help'.",
                out.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void secondsFollowTheSharedRules() {
        ServerConfig config = ServerArguments.parse(required("--grace-period", ".25", "--boot-timeout=90")).config();
        assertEquals(Duration.ofMillis(250), config.gracePeriod());
        assertEquals(Duration.ofSeconds(90), config.bootTimeout());
        assertEquals("--grace-period: -1 (expected: seconds from 0 to 100000000 with at most 9 decimals, such as 30"
                + " or 0.5)", error(required("--grace-period", "-1")));
        assertTrue(error(required("--boot-timeout", "1e3")).startsWith("--boot-timeout: 1e3 (expected: seconds"));
    }

    @Test
    void badOptionsFailNamingTheOptionAndValue() {
        assertEquals("unknown option: --colour (try --help)", error(required("--colour", "red")));
        assertEquals("--listen: missing (required; try --help)", error(List.of("--interface", "x")));
        assertEquals("--name: missing value", error(required("--name")));
        assertEquals("--max-workers: many (expected: an integer)", error(required("--max-workers", "many")));
        assertEquals("maxWorkers: 0 (expected: >= 1)", error(required("--max-workers", "0")));
        assertEquals("readyWorkers: -1 (expected: >= 0)", error(required("--ready-workers", "-1")));
        assertEquals("readyWorkers: 5 (expected: <= maxWorkers, which is 3)",
                error(required("--ready-workers", "5", "--max-workers", "3")));
        assertEquals("--name: given more than once (a, b)", error(required("--name", "a", "--name", "b")));
        assertEquals("unexpected argument: stray (expected: an option; try --help)", error(List.of("stray")));
        assertTrue(error(required("--bundle", dir.resolve("missing.jar").toString()))
                .startsWith("bundle: " + dir.resolve("missing.jar") + " (expected: an existing bundle file)"));
        assertTrue(error(required("--hung-worker-timeout", "1.5")).startsWith("hungWorkerTimeout: PT1.5S"));
        List<String> noJvmArgs = required();
        noJvmArgs.set(noJvmArgs.indexOf(home.toString()), dir.toString());
        assertEquals("workerHome: " + dir + " (expected: a directory holding jvm.args)", error(noJvmArgs));
        assertTrue(error(required("--name", "a b")).startsWith("name: 'a b' (expected:"));
        assertTrue(error(required("--socket-permissions", "r--------")).startsWith("socketPermissions: r--------"));
    }

    /** An empty PKCS12 store with the password {@code right}: enough to tell a right password from a wrong one. */
    private Path store(String name) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Path file = dir.resolve(name);
        try (var out = Files.newOutputStream(file)) {
            store.store(out, "right".toCharArray());
        }
        return file;
    }

    private List<String> tcp(String... more) {
        List<String> args = required(more);
        args.set(1, "tcp:127.0.0.1:0");
        return args;
    }

    @Test
    void tlsOptionsRoundTripAndClientAuthIsNoneOrNeed() throws Exception {
        Path keys = store("keys.p12");
        Path trust = store("trust.p12");
        Files.writeString(dir.resolve("pw"), "right\n");
        ServerConfig config = ServerArguments.parse(tcp("--tls-key-store", keys.toString(),
                "--tls-key-store-password", "file:" + dir.resolve("pw"), "--tls-trust-store", trust.toString(),
                "--tls-trust-store-password=pass:right", "--tls-client-auth", "NEED")).config();
        assertEquals(io.anytask.server.TlsClientAuth.NEED, config.tlsClientAuth());
        assertEquals(keys, config.tls().orElseThrow().keyStore());
        assertEquals("PKCS12", config.tls().orElseThrow().trustStoreType());
        assertFalse(config.toString().contains("right"), "no pass: text in " + config);
        ServerConfig again = ServerArguments.parse(ServerArguments.format(config)).config();
        assertEquals(config.tls(), again.tls());
        assertEquals(config.tlsClientAuth(), again.tlsClientAuth());
        assertEquals("--tls-client-auth: want (expected: none or need)",
                error(tcp("--tls-key-store", keys.toString(), "--tls-key-store-password", "pass:right",
                        "--tls-client-auth", "want")));
        assertFalse(ServerArguments.parse(tcp()).config().tls().isPresent(), "no TLS unless asked for");
    }

    @Test
    void badTlsOptionsFailWithClearMessages() throws Exception {
        Path keys = store("keys.p12");
        assertEquals("tls: TLS applies to tcp: endpoints, not unix:" + dir.resolve("s.sock")
                + " (expected: tcp:host:port)",
                error(required("--tls-key-store", keys.toString(), "--tls-key-store-password", "pass:right")));
        assertEquals("tlsKeyStore: " + keys + ": cannot load it as PKCS12: wrong password",
                error(tcp("--tls-key-store", keys.toString(), "--tls-key-store-password", "pass:wrong")));
        assertEquals("tlsKeyStore: " + dir.resolve("none.p12") + " (expected: an existing PKCS12 file)",
                error(tcp("--tls-key-store", dir.resolve("none.p12").toString(), "--tls-key-store-password",
                        "pass:right")));
        assertEquals("--tls-key-store-password: missing (required with the store)"
                + " (expected: env:NAME, file:PATH or pass:TEXT)", error(tcp("--tls-key-store", keys.toString())));
        assertEquals("--tls-key-store-password: right (expected: env:NAME, file:PATH or pass:TEXT)",
                error(tcp("--tls-key-store", keys.toString(), "--tls-key-store-password", "right")));
        assertEquals("tlsKeyStorePassword: env:ANYTASK_TEST_UNSET_VARIABLE (the environment variable is not set)",
                error(tcp("--tls-key-store", keys.toString(), "--tls-key-store-password",
                        "env:ANYTASK_TEST_UNSET_VARIABLE")));
        assertEquals("--tls-trust-store-password: given without --tls-trust-store",
                error(tcp("--tls-trust-store-password", "pass:x")));
        assertEquals("tlsKeyStore: missing (expected: the server's key store with TLS)",
                error(tcp("--tls-trust-store", keys.toString(), "--tls-trust-store-password", "pass:right")));
        assertEquals("tlsClientAuth: NEED (expected: NONE without TLS key material)",
                error(tcp("--tls-client-auth", "need")));
    }
}
