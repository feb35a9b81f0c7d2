package io.anytask.examples.bcrypt.it;

import static io.anytask.testsupport.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.anytask.client.Checkout;
import io.anytask.client.InterfaceFailedException;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.Endpoint;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import io.anytask.testsupport.BuildPaths;
import io.anytask.testsupport.Futures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interface {@code bcrypt} through a real server, whose workers install three bundles (this module's, bcrypt's
 * and bytes'), and a real client: hashes verify, wrong passwords do not, bad arguments reach the caller as the
 * interface's error. Hashes use the lowest cost, 4, to keep the test fast.
 */
@Timeout(180)
class BcryptIT {

    @TempDir
    static Path dir;
    private static TaskServer server;
    private static TaskClient client;

    @BeforeAll
    static void startServerAndClient() {
        server = TaskServer.start(ServerConfig.builder()
                .endpoint(Endpoint.parse("unix:" + dir.resolve("bcrypt.sock")))
                .interfaceName("bcrypt")
                .bundle(BuildPaths.existing("anytask.test.bundle"))
                .bundle(BuildPaths.existing("anytask.test.bcryptBundle"))
                .bundle(BuildPaths.existing("anytask.test.bytesBundle"))
                .workerHome(BuildPaths.existing("anytask.test.workerHome"))
                .name("bcrypt-it").readyWorkers(1).maxWorkers(1).gracePeriod(Duration.ofSeconds(5))
                .build());
        client = TaskClient.create(TaskClientConfig.builder(server.endpoint()).maxWorkers(1).build());
    }

    @AfterAll
    static void stopClientAndServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aHashVerifiesItsPasswordAndNoOther() throws Exception {
        try (Checkout checkout = client.checkout()) {
            String hash = await(checkout.call("hash", String.class, "correct horse battery staple", 4));
            assertTrue(hash.matches("\\$2[ay]\\$04\\$[./A-Za-z0-9]{53}"), "a bcrypt hash of cost 4: " + hash);
            assertTrue(BCrypt.verifyer().verify("correct horse battery staple".toCharArray(), hash).verified,
                    "the library itself, in this JVM, accepts the worker's hash");

            assertTrue(await(checkout.call("verify", Boolean.class, "correct horse battery staple", hash)));
            assertFalse(await(checkout.call("verify", Boolean.class, "correct horse battery stapler", hash)));
            String again = await(checkout.call("hash", String.class, "correct horse battery staple", 4));
            assertFalse(again.equals(hash), "a new salt for every hash: " + hash + ", " + again);
        }
    }

    @Test
    void aHashMadeElsewhereVerifiesInTheWorker() throws Exception {
        String hash = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(5, "pässwörd".toCharArray());
        try (Checkout checkout = client.checkout()) {
            assertTrue(await(checkout.call("verify", Boolean.class, "pässwörd", hash)), hash);
            assertFalse(await(checkout.call("verify", Boolean.class, "passwort", hash)), hash);
        }
    }

    @Test
    void badArgumentsFailTheCallWithTheInterfacesMessage() {
        try (Checkout checkout = client.checkout()) {
            assertEquals("cost: 3 (expected: 4 to 31)", failure(checkout.call("hash", String.class, "pw", 3)));
        }
        try (Checkout checkout = client.checkout()) {
            assertEquals("cost: 32 (expected: 4 to 31)", failure(checkout.call("hash", String.class, "pw", 32)));
        }
        try (Checkout checkout = client.checkout()) {
            assertEquals("password: null (expected: a string)",
                    failure(checkout.call("hash", String.class, null, 4)));
        }
        try (Checkout checkout = client.checkout()) {
            assertEquals("password: 73 bytes in UTF-8 (expected: at most 72, bcrypt's limit)",
                    failure(checkout.call("verify", Boolean.class, "x".repeat(73), "$2a$04$whatever")));
        }
        try (Checkout checkout = client.checkout()) {
            String reason = failure(checkout.call("verify", Boolean.class, "pw", "not a hash"));
            assertTrue(reason.startsWith("hash: not a bcrypt hash: "), reason);
        }
    }

    /** The reason of the interface's error that {@code call} failed with. */
    private static String failure(CompletableFuture<?> call) {
        return Futures.failure(call, InterfaceFailedException.class).reason();
    }
}
