package io.anytask.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.CheckoutOptions;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.client.TaskException;
import io.anytask.protocol.DeferredLog;
import io.anytask.protocol.Message;
import io.anytask.protocol.MessageDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's bytes against the original's (SPEC.md section 3): for each captured connection, a real client on a
 * real Unix socket makes the captured calls, and a test-side peer replays the captured worker replies chunk by chunk
 * (so split replies are split here too) and checks that what the client sends has the captured content.
 */
class PerlWireTest {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    @TempDir
    Path dir;

    record Chunk(boolean toWorker, byte[] bytes, boolean eof) {
    }

    @TestFactory
    Stream<DynamicTest> clientOutputMatchesTheCapture() throws IOException {
        Map<Integer, List<Chunk>> conns = new LinkedHashMap<>();
        try (InputStream in = PerlWireTest.class.getResourceAsStream("/wire/perl-capture.jsonl")) {
            assertNotNull(in, "capture resource");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode j = ClientJson.MAPPER.readTree(line);
                boolean eof = j.path("eof").asBoolean(false);
                byte[] bytes = eof ? new byte[0] : j.get("bytes").asText().getBytes(StandardCharsets.UTF_8);
                conns.computeIfAbsent(j.get("conn").asInt(), k -> new ArrayList<>())
                        .add(new Chunk(j.get("dir").asText().equals("client->worker"), bytes, eof));
            }
        }
        return conns.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(c -> c.toWorker && c.bytes.length > 0))
                .map(e -> DynamicTest.dynamicTest("conn " + e.getKey(), () -> replay(e.getKey(), e.getValue())));
    }

    private void replay(int conn, List<Chunk> chunks) throws Exception {
        List<Message> expectedFromClient = new ArrayList<>();
        List<Message> replies = new ArrayList<>();
        for (Chunk c : chunks) {
            if (c.toWorker) {
                expectedFromClient.addAll(new MessageDecoder().feed(c.bytes));
            }
        }
        MessageDecoder replyDecoder = new MessageDecoder();
        for (Chunk c : chunks) {
            if (!c.toWorker && !c.eof) {
                replies.addAll(replyDecoder.feed(c.bytes));
            }
        }
        Path socket = dir.resolve("w" + conn + ".sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            TaskClientConfig config = TaskClientConfig.builder("unix:" + socket).name("WIRE")
                    .minWorkers(1).maxWorkers(1).timeout(java.time.Duration.ofSeconds(20)).build();
            try (TaskClient client = TaskClient.create(config)) {
                DeferredLog log = new DeferredLog();
                List<CompletableFuture<JsonNode>> results = makeCalls(client, expectedFromClient, log);
                try (SocketChannel peer = server.accept()) {
                    peer.configureBlocking(false);
                    serve(peer, chunks, client, results);
                }
                checkResults(results, replies);
                if (replies.stream().anyMatch(r -> r.meta().deferredLog().isPresent())) {
                    JsonNode rec = log.toJson();
                    assertEquals("log", rec.get("timers").get(0).get(0).asText());
                    assertEquals("inner", rec.get("timers").get(1).get(0).asText());
                    assertEquals("worker says", rec.get("logs").get(0).get(2).asText());
                    assertEquals("v", rec.get("data").get("k").asText());
                }
            }
        }
    }

    /** One checkout per run of calls ended by {@code dn}; the last run is released after its calls too. */
    private static List<CompletableFuture<JsonNode>> makeCalls(TaskClient client, List<Message> fromClient,
                                                               DeferredLog log) {
        List<CompletableFuture<JsonNode>> results = new ArrayList<>();
        Checkout co = null;
        for (Message m : fromClient) {
            if (m instanceof Message.Do d) {
                if (co == null) {
                    co = client.checkout(CheckoutOptions.defaults().withDeferredLog(log));
                }
                List<JsonNode> args = d.args();
                results.add(co.call(args.get(0).asText(), args.subList(1, args.size()).toArray()));
            } else {
                co.close();
                co = null;
            }
        }
        if (co != null) {
            co.close();
        }
        return results;
    }

    /** At the captured client end of stream the original client was gone; here the client is closed there. */
    private static void serve(SocketChannel peer, List<Chunk> chunks, TaskClient client,
                              List<CompletableFuture<JsonNode>> results) throws Exception {
        MessageDecoder decoder = new MessageDecoder();
        ArrayDeque<Message> received = new ArrayDeque<>();
        try (Selector selector = Selector.open()) {
            peer.register(selector, SelectionKey.OP_READ);
            ByteBuffer buf = ByteBuffer.allocate(65536);
            boolean clientEof = false;
            for (Chunk c : chunks) {
                if (c.toWorker && c.eof) {
                    try {
                        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
                    } catch (ExecutionException expected) {
                        // failures are checked afterwards; here the client only has to have seen every reply
                    }
                    client.close();
                    long deadline = System.nanoTime() + WAIT_NANOS;
                    while (!clientEof) {
                        clientEof = readSome(peer, selector, buf, decoder, received, deadline);
                    }
                    assertTrue(received.isEmpty(), "client sent more than the capture: " + received);
                } else if (c.toWorker) {
                    for (Message expected : new MessageDecoder().feed(c.bytes)) {
                        long deadline = System.nanoTime() + WAIT_NANOS;
                        while (received.isEmpty()) {
                            if (readSome(peer, selector, buf, decoder, received, deadline)) {
                                fail("client closed, expected " + expected);
                            }
                        }
                        assertEquals(expected, received.poll());
                    }
                } else if (c.eof) {
                    peer.shutdownOutput();
                } else {
                    ByteBuffer out = ByteBuffer.wrap(c.bytes);
                    while (out.hasRemaining()) {
                        peer.write(out);
                    }
                }
            }
        }
    }

    /** Reads what is there (bounded by {@code deadline}); true at end of stream. */
    private static boolean readSome(SocketChannel peer, Selector selector, ByteBuffer buf, MessageDecoder decoder,
                                    ArrayDeque<Message> received, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            fail("client sent nothing within 10 s");
        }
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        selector.selectedKeys().clear();
        buf.clear();
        int n;
        try {
            n = peer.read(buf);
        } catch (IOException e) {
            throw new AssertionError("read failed; received so far: " + received + ", inside a message: "
                    + decoder.isInsideMessage(), e);
        }
        if (n < 0) {
            return true;
        }
        buf.flip();
        decoder.feed(buf, received::add);
        return false;
    }

    private static void checkResults(List<CompletableFuture<JsonNode>> results, List<Message> replies)
            throws InterruptedException {
        for (int i = 0; i < results.size(); i++) {
            CompletableFuture<JsonNode> f = results.get(i);
            try {
                JsonNode value = f.get(10, TimeUnit.SECONDS);
                assertInstanceOf(Message.Ok.class, replies.get(i));
                assertEquals(((Message.Ok) replies.get(i)).result(), value);
            } catch (ExecutionException e) {
                TaskException error = assertInstanceOf(TaskException.class, e.getCause());
                if (i < replies.size()) {
                    assertEquals(((Message.Er) replies.get(i)).message(), error.reason());
                } else {
                    assertEquals("worker connection suddenly died", error.reason());
                }
                assertTrue(error.context().startsWith("WIRE -> "), error.context());
            } catch (java.util.concurrent.TimeoutException e) {
                fail("call " + i + " not answered");
            }
        }
    }
}
