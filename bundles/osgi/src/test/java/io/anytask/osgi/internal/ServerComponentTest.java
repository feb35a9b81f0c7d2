package io.anytask.osgi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerComponentTest {
    @TempDir
    Path dir;

    private Map<String, Object> properties(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        map.put("service.pid", "io.anytask.server~hashing");
        map.put("endpoint", "unix:/run/hasher.sock");
        map.put("interface", "hasher");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The options as the component reads them, completed with a bundle and a home as the starter does. */
    private ServerConfig config(Object... keysAndValues) throws IOException {
        Path bundle = Files.writeString(dir.resolve("b.jar"), "");
        Files.writeString(dir.resolve("jvm.args"), "");
        Settings settings = Settings.read(properties(keysAndValues), Set.of("endpoint", "interface", "name",
                "readyWorkers", "maxWorkers", "hungWorkerTimeout", "gracePeriod", "bootTimeout", "workerJvmOptions",
                "relayOnly", "socketPermissions", "tlsClientAuth", "tlsKeyStore", "tlsKeyStorePassword",
                "tlsKeyStoreType", "tlsTrustStore", "tlsTrustStorePassword", "tlsTrustStoreType"));
        return ServerComponent.options(settings).bundle(bundle).workerHome(dir).build();
    }

    private String error(Object... keysAndValues) {
        return assertThrows(IllegalArgumentException.class, () -> config(keysAndValues)).getMessage();
    }

    @Test
    void defaultsAndTheNameOfTheFactoryConfiguration() throws IOException {
        ServerConfig config = config();
        assertEquals("hashing", config.name());
        assertEquals("hasher", config.interfaceName());
        assertEquals(ServerConfig.DEFAULT_READY_WORKERS, config.readyWorkers());
        assertEquals(ServerConfig.DEFAULT_GRACE_PERIOD, config.gracePeriod());
    }

    @Test
    void karafStrings() throws IOException {
        ServerConfig config = config("readyWorkers", "1", "maxWorkers", "4", "hungWorkerTimeout", "10",
                "gracePeriod", "2.5", "workerJvmOptions", "-Xmx64m, -Dx=y", "relayOnly", "true",
                "socketPermissions", "rw-rw----");
        assertEquals(4, config.maxWorkers());
        assertEquals(Duration.ofSeconds(10), config.hungWorkerTimeout());
        assertEquals(Duration.ofMillis(2500), config.gracePeriod());
        assertEquals(List.of("-Xmx64m", "-Dx=y"), config.workerJvmOptions());
        assertTrue(config.relayOnly());
    }

    @Test
    void badValuesNameThePropertyAndTheValue() {
        assertEquals("maxWorkers: 0 (expected: >= 1)", error("maxWorkers", "0"));
        assertEquals("endpoint: 'nowhere' (expected: unix:/absolute/path or tcp:host:port)",
                error("endpoint", "nowhere"));
        assertEquals("interface: missing (expected: the interface's name)", error("interface", " "));
        assertEquals("socketPermissions: 'rwx' (expected: nine characters such as rw-------)",
                error("socketPermissions", "rwx"));
        assertTrue(error("gracePeriod", "-1").startsWith("gracePeriod: PT-1S"), error("gracePeriod", "-1"));
    }

    /** An empty PKCS12 store with the password {@code right}. */
    static java.nio.file.Path store(java.nio.file.Path dir) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        java.nio.file.Path file = dir.resolve("store.p12");
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            store.store(out, "right".toCharArray());
        }
        return file;
    }

    @Test
    void tlsPropertiesForATcpEndpoint() throws Exception {
        Path store = store(dir);
        ServerConfig config = config("endpoint", "tcp:127.0.0.1:0", "tlsKeyStore", store.toString(),
                "tlsKeyStorePassword", "pass:right", "tlsKeyStoreType", "PKCS12", "tlsTrustStore", store.toString(),
                "tlsTrustStorePassword", "pass:right", "tlsClientAuth", "need");
        assertEquals(io.anytask.server.TlsClientAuth.NEED, config.tlsClientAuth());
        assertEquals(store, config.tls().orElseThrow().trustStore());
        assertEquals("tlsClientAuth: 'want' (expected: none or need)", error("endpoint", "tcp:127.0.0.1:0",
                "tlsKeyStore", store.toString(), "tlsKeyStorePassword", "pass:right", "tlsClientAuth", "want"));
        assertEquals("tls: TLS applies to tcp: endpoints, not unix:/run/hasher.sock (expected: tcp:host:port)",
                error("tlsKeyStore", store.toString(), "tlsKeyStorePassword", "pass:right"));
        assertEquals("tlsKeyStorePassword: missing (expected: env:NAME, file:PATH or pass:TEXT)",
                error("endpoint", "tcp:127.0.0.1:0", "tlsKeyStore", store.toString()));
        assertEquals(java.util.Optional.empty(), config("tlsKeyStoreType", "PKCS12", "tlsClientAuth", "none").tls(),
                "metatype's defaults alone ask for no TLS");
    }
}
