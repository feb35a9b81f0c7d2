package io.anytask.osgi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.client.TaskClientConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientComponentTest {
    private static Map<String, Object> properties(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        map.put("service.pid", "io.anytask.client~hasher");
        map.put("service.factoryPid", "io.anytask.client");
        map.put("felix.fileinstall.filename", "file:/opt/karaf/etc/io.anytask.client-hasher.cfg");
        map.put("component.id", 7L);
        map.put("osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)");
        map.put("endpoint", "unix:/run/hasher.sock");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String error(Object... keysAndValues) {
        return assertThrows(IllegalArgumentException.class,
                () -> ClientComponent.config(properties(keysAndValues))).getMessage();
    }

    @Test
    void defaultsAndTheNameOfTheFactoryConfiguration() {
        TaskClientConfig config = ClientComponent.config(properties());
        assertEquals("hasher", config.name().orElseThrow());
        assertEquals("unix:/run/hasher.sock", config.endpoint().toString());
        assertEquals(TaskClientConfig.DEFAULT_MAX_WORKERS, config.maxWorkers());
        assertEquals(TaskClientConfig.DEFAULT_TIMEOUT, config.timeout().orElseThrow());
        assertTrue(config.maxCheckouts().isEmpty());
    }

    @Test
    void typedValuesAndKarafStringsAreAlike() {
        TaskClientConfig typed = ClientComponent.config(properties("name", "h", "minWorkers", 1, "maxWorkers", 3L,
                "timeout", 0.25, "maxCheckouts", 5, "keepWorkerAfterError", true, "maxPendingCheckouts", 9,
                "maxFrameBytes", 4096L, "maxNesting", 40));
        TaskClientConfig text = ClientComponent.config(properties("name", "h", "minWorkers", "1", "maxWorkers", "3",
                "timeout", "0.25", "maxCheckouts", " 5 ", "keepWorkerAfterError", "true", "maxPendingCheckouts",
                "9", "maxFrameBytes", "4096", "maxNesting", "40"));
        assertEquals(typed.toString(), text.toString());
        assertEquals(Duration.ofMillis(250), text.timeout().orElseThrow());
        assertEquals(5, text.maxCheckouts().getAsInt());
        assertTrue(text.keepWorkerAfterError());
        assertEquals(4096, text.maxFrameBytes());
        assertEquals(40, text.maxNesting());
    }

    @Test
    void noneMeansNoTimeout() {
        assertFalse(ClientComponent.config(properties("timeout", "none")).timeout().isPresent());
    }

    @Test
    void badValuesNameThePropertyAndTheValue() {
        assertEquals("maxWorkers: 0 (expected: >= 1)", error("maxWorkers", 0));
        assertEquals("timeout: '-1' (expected: seconds > 0, or none)", error("timeout", "-1"));
        assertEquals("maxWorkers: 'many' (expected: a whole number)", error("maxWorkers", "many"));
        assertEquals("keepWorkerAfterError: 'yes' (expected: true or false)", error("keepWorkerAfterError", "yes"));
        assertTrue(error("endpoint", "nowhere").startsWith("endpoint: 'nowhere' (expected: unix:/absolute/path"));
        assertTrue(error("maxWorker", "3").startsWith("maxWorker: '3' (expected: no such property; known: endpoint,"),
                error("maxWorker", "3"));
    }

    @Test
    void aConfigurationWithoutANameNeedsTheNameProperty() {
        Map<String, Object> properties = properties();
        properties.put("service.pid", "io.anytask.client.3f2e");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClientComponent.config(properties))
                .getMessage().startsWith("name: missing"));
        properties.put("name", "named");
        assertEquals("named", ClientComponent.config(properties).name().orElseThrow());
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
    void tlsProperties(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path store = store(dir);
        TaskClientConfig config = ClientComponent.config(properties("endpoint", "tcp:127.0.0.1:7000",
                "tlsTrustStore", store.toString(), "tlsTrustStorePassword", "pass:right"));
        assertEquals(store, config.tls().orElseThrow().trustStore());
        assertFalse(config.toString().contains("right"), config.toString());
        assertEquals("tlsTrustStore: " + store + ": cannot load it as PKCS12: wrong password",
                error("endpoint", "tcp:127.0.0.1:7000", "tlsTrustStore", store.toString(), "tlsTrustStorePassword",
                        "pass:wrong"));
    }
}
