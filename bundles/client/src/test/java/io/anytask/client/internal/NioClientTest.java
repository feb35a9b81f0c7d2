package io.anytask.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.Message;
import io.anytask.protocol.MessageDecoder;
import io.anytask.protocol.MessageEncoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client on its real NIO event loop, against a socket peer that answers every {@code do} with its first
 * argument after the method name: the loop keeps serving while a callback blocks, and closing stops its threads.
 */
class NioClientTest {
    @TempDir
    Path dir;

    private ServerSocketChannel server;
    private final List<Thread> peers = new ArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("peer.sock")));
        Thread acceptor = new Thread(this::acceptAll, "test-peer-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        peers.add(acceptor);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        for (Thread t : peers) {
            t.join(5_000);
        }
    }

    private void acceptAll() {
        acceptAll(server);
    }

    private static void acceptAll(ServerSocketChannel server) {
        try {
            while (true) {
                SocketChannel c = server.accept();
                Thread t = new Thread(() -> answer(c), "test-peer");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private static void answer(SocketChannel c) {
        try (c) {
            MessageDecoder decoder = new MessageDecoder();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            List<Message> in = new ArrayList<>();
            while (c.read(buf.clear()) >= 0) {
                decoder.feed(buf.flip(), in::add);
                for (Message m : in) {
                    if (m instanceof Message.Do d) {
                        c.write(ByteBuffer.wrap(MessageEncoder.instance().encode(new Message.Ok(d.args().get(1)))));
                    }
                }
                in.clear();
            }
        } catch (IOException closed) {
            // the client went away
        }
    }

    private TaskClient client(String name) {
        return TaskClient.create(TaskClientConfig.builder("unix:" + dir.resolve("peer.sock")).name(name)
                .minWorkers(2).maxWorkers(2).build());
    }

    @Test
    void aBlockedCallbackDoesNotStallTheLoop() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TaskClient client = client("stall")) {
            Checkout a = client.checkout();
            Checkout b = client.checkout();
            CompletableFuture<Void> blocked = a.call("echo", 1).thenRun(() -> {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CompletableFuture<JsonNode> other = b.call("echo", 2);
            for (int i = 0; i < 500 && client.stats().calls() < 2; i++) {
                Thread.sleep(10);
            }
            assertEquals(2, client.stats().calls(), "the loop answered both calls while a callback was blocked");
            assertFalse(blocked.isDone());
            release.countDown();
            assertEquals(2, other.get(30, TimeUnit.SECONDS).asInt());
            blocked.get(30, TimeUnit.SECONDS);
            a.close();
            b.close();
        }
    }

    @Test
    void closingTheClientStopsItsThreads() throws Exception {
        TaskClient client = client("closing");
        try (Checkout co = client.checkout()) {
            assertEquals(7, co.call("echo", 7).get(30, TimeUnit.SECONDS).asInt());
        }
        client.close();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("anytask-client-closing") || t.getName().equals("anytask-callbacks-closing")) {
                t.join(5_000);
                assertFalse(t.isAlive(), t.getName() + " still runs after close()");
            }
        }
        assertTrue(client.stats().workersIdle() == 0 && client.stats().workersBusy() == 0);
    }

    @Test
    void connectsOverTcpOnLoopback() throws Exception {
        try (ServerSocketChannel tcp = ServerSocketChannel.open()) {
            tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
            Thread acceptor = new Thread(() -> acceptAll(tcp), "test-tcp-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            String connect = "tcp:" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
            try (TaskClient client = TaskClient.create(TaskClientConfig.builder(connect).name("tcp")
                    .minWorkers(1).maxWorkers(2).build())) {
                List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    try (Checkout co = client.checkout()) {
                        calls.add(co.call("echo", i));
                    }
                }
                for (int i = 0; i < 20; i++) {
                    assertEquals(i, calls.get(i).get(30, TimeUnit.SECONDS).asInt());
                }
            }
            tcp.close();
            acceptor.join(5_000);
        }
    }
}
