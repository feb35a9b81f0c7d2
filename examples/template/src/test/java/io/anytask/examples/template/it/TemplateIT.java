package io.anytask.examples.template.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.anytask.client.Checkout;
import io.anytask.client.InterfaceFailedException;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.Endpoint;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls the interface as a user does: a real server, whose worker JVMs install this module's bundle, listening on
 * a Unix socket in a temporary directory, and a {@link TaskClient}. Closing the server ends its workers. Rename this
 * test with the interface.
 */
@Timeout(120)
class TemplateIT {
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void greetsThroughARealServerAndClient() throws Exception {
        try (TaskServer server = TaskServer.start(serverConfig());
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint()).maxWorkers(1).build());
             Checkout checkout = client.checkout()) {
            assertEquals("Hello, world!", checkout.call("greet", String.class, "world").get(WAIT_SECONDS,
                    TimeUnit.SECONDS));

            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> checkout.call("greet", String.class, " ").get(WAIT_SECONDS, TimeUnit.SECONDS));
            InterfaceFailedException failure = assertInstanceOf(InterfaceFailedException.class, e.getCause());
            assertEquals("name: \" \" (expected: a name that is not blank, such as \"world\")", failure.reason());
        }
    }

    /** One worker JVM, running the bundle that this module's build has just packaged. */
    private ServerConfig serverConfig() {
        return ServerConfig.builder()
                .endpoint(Endpoint.parse("unix:" + dir.resolve("template.sock")))
                .interfaceName("template")
                .bundle(existing("anytask.test.bundle"))
                .workerHome(existing("anytask.test.workerHome"))
                .name("template-it").readyWorkers(1).maxWorkers(1).gracePeriod(Duration.ofSeconds(5))
                .build();
    }

    /** A path that the module's failsafe configuration sets. */
    private static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.exists(Path.of(value))) {
            throw new IllegalStateException("system property " + property + ": " + value
                    + " (expected: an existing path; run the test through Maven: mvn verify)");
        }
        return Path.of(value);
    }
}
