package io.anytask.osgi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anytask.client.TaskClientConfig;
import io.anytask.server.ServerConfig;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The defaults metatype shows (the annotations) are the defaults the configurations really get. */
class MetatypeDefaultsTest {
    private static Object defaultOf(Class<?> options, String attribute) throws ReflectiveOperationException {
        Method method = options.getDeclaredMethod(attribute);
        return method.getDefaultValue();
    }

    /** The metatype annotation's attributes, by property name ({@code interface$} is the property interface). */
    private static Set<String> attributes(Class<?> options) {
        return Arrays.stream(options.getDeclaredMethods()).map(m -> m.getName().replace("$", ""))
                .collect(Collectors.toSet());
    }

    @Test
    void metatypeDescribesExactlyTheOptionsTheComponentsRead() {
        assertEquals(ClientComponent.OPTIONS, attributes(ClientComponent.Options.class));
        assertEquals(ServerComponent.OPTIONS, attributes(ServerComponent.Options.class));
    }

    @Test
    void client() throws ReflectiveOperationException {
        Class<?> options = ClientComponent.Options.class;
        assertEquals(TaskClientConfig.DEFAULT_TIMEOUT,
                Duration.ofSeconds(Long.parseLong((String) defaultOf(options, "timeout"))));
        assertEquals(TaskClientConfig.DEFAULT_MIN_WORKERS, defaultOf(options, "minWorkers"));
        assertEquals(TaskClientConfig.DEFAULT_MAX_WORKERS, defaultOf(options, "maxWorkers"));
        assertEquals(TaskClientConfig.DEFAULT_MAX_PENDING_CHECKOUTS, defaultOf(options, "maxPendingCheckouts"));
        assertEquals(TaskClientConfig.DEFAULT_MAX_FRAME_BYTES, defaultOf(options, "maxFrameBytes"));
        assertEquals(TaskClientConfig.DEFAULT_MAX_NESTING, defaultOf(options, "maxNesting"));
        assertEquals(io.anytask.protocol.TlsSettings.DEFAULT_STORE_TYPE, defaultOf(options, "tlsTrustStoreType"));
    }

    @Test
    void server() throws ReflectiveOperationException {
        Class<?> options = ServerComponent.Options.class;
        assertEquals(ServerConfig.DEFAULT_HUNG_WORKER_TIMEOUT,
                Duration.ofSeconds((Integer) defaultOf(options, "hungWorkerTimeout")));
        assertEquals(ServerConfig.DEFAULT_GRACE_PERIOD,
                Duration.ofSeconds(Long.parseLong((String) defaultOf(options, "gracePeriod"))));
        assertEquals(ServerConfig.DEFAULT_BOOT_TIMEOUT,
                Duration.ofSeconds(Long.parseLong((String) defaultOf(options, "bootTimeout"))));
        assertEquals(ServerConfig.DEFAULT_READY_WORKERS, defaultOf(options, "readyWorkers"));
        assertEquals(ServerConfig.DEFAULT_MAX_WORKERS, defaultOf(options, "maxWorkers"));
        assertEquals(ServerConfig.DEFAULT_MAX_RENEWALS, defaultOf(options, "maxRenewals"));
        assertEquals(PosixFilePermissions.toString(ServerConfig.DEFAULT_SOCKET_PERMISSIONS),
                defaultOf(options, "socketPermissions"));
        assertEquals(io.anytask.protocol.TlsSettings.DEFAULT_STORE_TYPE, defaultOf(options, "tlsKeyStoreType"));
        assertEquals(io.anytask.server.TlsClientAuth.NONE.name().toLowerCase(java.util.Locale.ROOT),
                defaultOf(options, "tlsClientAuth"));
    }
}
