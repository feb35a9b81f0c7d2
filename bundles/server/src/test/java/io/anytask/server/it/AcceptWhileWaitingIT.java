package io.anytask.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.Message;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import io.anytask.testsupport.WireConnection;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The acceptor goes on accepting while clients wait for a worker, and waiting clients are served in order. */
@Timeout(90)
class AcceptWhileWaitingIT {
    @TempDir
    Path dir;

    @Test
    void clientsWaitingAtTheCapAreAcceptedAndServedInTheOrderTheyCame() throws Exception {
        try (TaskServer server = TaskServer.start(ServerConfig.builder()
                .endpoint(Endpoint.parse("unix:" + dir.resolve("s.sock")))
                .interfaceName("conformance").bundle(TestEnvironment.conformanceBundle())
                .workerHome(TestEnvironment.workerHome()).name("wait").readyWorkers(1).maxWorkers(1)
                .gracePeriod(Duration.ofSeconds(5)).build());
             WireConnection first = WireConnection.connect(server.endpoint())) {
            first.pid(); // the one worker is this client's
            try (WireConnection second = WireConnection.connect(server.endpoint());
                 WireConnection third = WireConnection.connect(server.endpoint())) {
                second.sendCall("echo", "2");
                third.sendCall("echo", "3");
                awaitWaiting(server, 2);
                assertTrue(second.silentFor(Duration.ofMillis(300)), "no worker for the second client yet");
                first.close();
                Message reply = second.reply(Duration.ofSeconds(30));
                assertInstanceOf(Message.Ok.class, reply, "the first client to wait is served first");
                assertEquals("[2]", ((Message.Ok) reply).result().toString());
                assertTrue(third.silentFor(Duration.ofMillis(300)), "the third still waits at the cap");
                assertEquals(1, server.workers().waitingClients());
                second.close();
                Message last = third.reply(Duration.ofSeconds(30));
                assertEquals("[3]", ((Message.Ok) last).result().toString());
            }
        }
    }

    private static void awaitWaiting(TaskServer server, int clients) throws InterruptedException {
        for (int i = 0; i < 600 && server.workers().waitingClients() != clients; i++) {
            Thread.sleep(50);
        }
        assertEquals(clients, server.workers().waitingClients(), "both were accepted while the first one held the"
                + " only worker: " + server.workers());
    }
}
