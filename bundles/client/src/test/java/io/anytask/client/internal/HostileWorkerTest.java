package io.anytask.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.CallSkippedException;
import io.anytask.client.Checkout;
import io.anytask.client.CheckoutOptions;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.client.TaskException;
import io.anytask.client.TaskTimeoutException;
import io.anytask.client.WorkerDiedException;
import io.anytask.protocol.FrameTooLongException;
import io.anytask.protocol.InvalidMessageException;
import io.anytask.protocol.MalformedFrameException;
import io.anytask.protocol.Message;
import io.anytask.protocol.MessageDecoder;
import io.anytask.protocol.MessageEncoder;
import io.anytask.protocol.NestingTooDeepException;
import io.anytask.protocol.ProtocolException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client receiving hostile replies (issue 12): a fake worker on a real Unix socket answers each {@code do} by
 * its method name, either well (echo) or with bad bytes. Each case fails the affected checkout's pending calls with
 * a {@link WorkerDiedException} whose reason names what was wrong, while another checkout of the same client, on
 * another connection, keeps getting correct results.
 */
class HostileWorkerTest {
    private static final long MAX_FRAME = 4096;
    private static final int MAX_NESTING = 50;

    @TempDir
    Path dir;

    private ServerSocketChannel server;
    private final List<Thread> peers = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    private TaskClient client;

    @BeforeEach
    void listen() throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("peer.sock")));
        start(this::acceptAll, "test-hostile-acceptor");
        client = TaskClient.create(TaskClientConfig.builder("unix:" + dir.resolve("peer.sock")).name("hostile")
                .minWorkers(0).maxWorkers(4).timeout(Duration.ofSeconds(20))
                .maxFrameBytes(MAX_FRAME).maxNesting(MAX_NESTING).build());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        for (SocketChannel c : connections) {
            c.close();
        }
        for (Thread t : peers) {
            t.join(5_000);
            assertTrue(!t.isAlive(), t.getName() + " still runs");
        }
    }

    private void start(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        peers.add(t);
        t.start();
    }

    private void acceptAll() {
        try {
            for (int i = 0; i < 1000; i++) {
                SocketChannel c = server.accept();
                connections.add(c);
                start(() -> answer(c), "test-hostile-peer");
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    /** Answers each {@code do} as its method name says. */
    private static void answer(SocketChannel c) {
        try (c) {
            MessageDecoder decoder = new MessageDecoder();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            List<Message> in = new ArrayList<>();
            while (c.read(buf.clear()) >= 0) {
                decoder.feed(buf.flip(), in::add);
                for (Message m : in) {
                    if (m instanceof Message.Do d && !reply(c, d.args().get(0).asText(), d.args().get(1))) {
                        return;
                    }
                }
                in.clear();
            }
        } catch (IOException | InterruptedException closed) {
            // the client went away, or the test is over
        }
    }

    /** @return false once the connection is to be closed */
    private static boolean reply(SocketChannel c, String how, JsonNode arg) throws IOException, InterruptedException {
        switch (how) {
            case "echo" -> write(c, MessageEncoder.instance().encode(new Message.Ok(arg)));
            case "random" -> {
                byte[] noise = new byte[300];
                new Random(12).nextBytes(noise);
                noise[0] = 'x'; // not a JSON value's start, whatever the seed
                write(c, noise);
            }
            case "truncated" -> {
                write(c, bytes("[\"ok\",{},[1,2"));
                return false;
            }
            case "corrupt" -> write(c, bytes("[\"ok\",{},tru]"));
            case "utf8" -> write(c, new byte[] {'[', '"', 'o', 'k', '"', ',', '{', '}', ',', '"', (byte) 0xC3, '(',
                '"', ']'});
            case "deep" -> write(c, bytes("[\"ok\",{}," + "[".repeat(2 * MAX_NESTING)));
            case "big" -> write(c, bytes("[\"ok\",{},\"" + "x".repeat((int) MAX_FRAME * 2) + "\"]"));
            case "unknown" -> write(c, bytes("[\"zz\",{},1]"));
            case "metaArray" -> write(c, bytes("[\"ok\",[],1]"));
            case "badLog" -> write(c, bytes("[\"ok\",{\"ld\":5,\"future\":[true]},1]"));
            case "twice" -> write(c, bytes("[\"ok\",{},1][\"ok\",{},2]"));
            case "slow" -> {
                for (byte b : bytes("[\"o")) {
                    write(c, new byte[] {b});
                    Thread.sleep(1000);
                }
            }
            default -> throw new IllegalArgumentException(how);
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void write(SocketChannel c, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    private static TaskException failure(CompletableFuture<JsonNode> call) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(20, TimeUnit.SECONDS));
        return assertInstanceOf(TaskException.class, e.getCause());
    }

    /** The protocol error in {@code how}'s failure: its type, and its text in the reason. */
    private void expect(String how, Class<? extends ProtocolException> type, String words) throws Exception {
        try (Checkout good = client.checkout(); Checkout bad = client.checkout()) {
            CompletableFuture<JsonNode> first = bad.call(how, 0);
            CompletableFuture<JsonNode> queued = bad.call("echo", 2);
            assertEquals(3, good.call("echo", 3).get(20, TimeUnit.SECONDS).asInt());
            TaskException e = failure(first);
            assertInstanceOf(WorkerDiedException.class, e, how + ": " + e);
            assertInstanceOf(type, e.getCause(), how + ": " + e);
            assertTrue(e.reason().startsWith("worker connection suddenly died: "), how + ": " + e.reason());
            assertTrue(e.reason().contains(words), how + ": " + e.reason());
            // the queued call fails too, never waits: skipped if it was still queued, else with the same error
            TaskException skipped = failure(queued);
            assertTrue(skipped instanceof CallSkippedException || skipped instanceof WorkerDiedException,
                    how + ": the queued call: " + skipped);
            assertEquals(4, good.call("echo", 4).get(20, TimeUnit.SECONDS).asInt(), "served during " + how);
        }
        try (Checkout after = client.checkout()) {
            assertEquals(5, after.call("echo", 5).get(20, TimeUnit.SECONDS).asInt(), "served after " + how);
        }
    }

    @Test
    void randomBytes() throws Exception {
        expect("random", MalformedFrameException.class, "not JSON");
    }

    @Test
    void aFrameCutOffByTheConnectionClosing() throws Exception {
        expect("truncated", MalformedFrameException.class, "stream ended inside a message");
    }

    @Test
    void aCorruptFrame() throws Exception {
        expect("corrupt", MalformedFrameException.class, "not JSON");
    }

    @Test
    void invalidUtf8() throws Exception {
        expect("utf8", MalformedFrameException.class, "UTF-8");
    }

    @Test
    void nestingDeeperThanTheConfiguredLimit() throws Exception {
        expect("deep", NestingTooDeepException.class, String.valueOf(MAX_NESTING));
    }

    @Test
    void aReplyOverTheConfiguredSizeLimit() throws Exception {
        expect("big", FrameTooLongException.class, String.valueOf(MAX_FRAME));
    }

    @Test
    void anUnknownCommand() throws Exception {
        expect("unknown", InvalidMessageException.class, "unknown command \"zz\"");
    }

    @Test
    void metaOfTheWrongType() throws Exception {
        expect("metaArray", InvalidMessageException.class, "META is not an object in ok message");
    }

    @Test
    void aReplyWithNoRequestPending() throws Exception {
        try (Checkout co = client.checkout()) {
            assertEquals(1, co.call("twice", 0).get(20, TimeUnit.SECONDS).asInt());
            TaskException e = failure(co.call("echo", 2));
            assertInstanceOf(InvalidMessageException.class, e.getCause(), e.toString());
            assertTrue(e.reason().contains("unexpected ok message from a worker with no call in flight"), e.reason());
        }
        try (Checkout after = client.checkout()) {
            assertEquals(5, after.call("echo", 5).get(20, TimeUnit.SECONDS).asInt());
        }
    }

    @Test
    void unknownMetaKeysAndAMalformedLogAreIgnored() throws Exception {
        try (Checkout co = client.checkout(CheckoutOptions.defaults().withDeferredLog(
                new io.anytask.protocol.DeferredLog()))) {
            assertEquals(1, co.call("badLog", 0).get(20, TimeUnit.SECONDS).asInt());
            assertEquals(2, co.call("echo", 2).get(20, TimeUnit.SECONDS).asInt());
        }
    }

    @Test
    void aWorkerSendingOneBytePerSecondTimesOutWhileOthersAreServed() throws Exception {
        try (Checkout good = client.checkout();
                Checkout slow = client.checkout(CheckoutOptions.defaults().withTimeout(Duration.ofSeconds(2)))) {
            long start = System.nanoTime();
            CompletableFuture<JsonNode> trickle = slow.call("slow", 0);
            for (int i = 0; i < 10; i++) {
                assertEquals(i, good.call("echo", i).get(20, TimeUnit.SECONDS).asInt());
                Thread.sleep(100);
            }
            TaskException e = failure(trickle);
            assertInstanceOf(TaskTimeoutException.class, e, e.toString());
            assertTrue(e.reason().startsWith("timed out after 2 seconds"), e.reason());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
            assertEquals(42, good.call("echo", 42).get(20, TimeUnit.SECONDS).asInt());
        }
    }

    @Test
    void defaultLimitsAreTheDecoders() {
        TaskClientConfig config = TaskClientConfig.builder("unix:/tmp/x.sock").build();
        assertEquals(MessageDecoder.Limits.defaults(), config.decoderLimits());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskClientConfig.builder("unix:/tmp/x.sock").maxFrameBytes(8).build());
        assertEquals("maxFrameBytes: 8 (expected: 16 to 2147483647)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TaskClientConfig.builder("unix:/tmp/x.sock").maxNesting(1).build());
        assertEquals("maxNesting: 1 (expected: 2 to 100000)", e.getMessage());
    }
}
