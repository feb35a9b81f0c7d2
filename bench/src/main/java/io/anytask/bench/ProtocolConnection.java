package io.anytask.bench;

import io.anytask.protocol.Message;
import io.anytask.protocol.MessageDecoder;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A blocking client connection speaking the protocol directly, as the anytask client connects (a JDK
 * {@link SocketChannel}), for the benchmarks' raw measurements. The connection is closed once its guard time has
 * passed, so no read can hang a benchmark.
 */
final class ProtocolConnection implements AutoCloseable {
    private static final ScheduledExecutorService GUARDS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-connection-guard");
        thread.setDaemon(true);
        return thread;
    });

    private final SocketChannel channel;
    private final ScheduledFuture<?> guard;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final MessageDecoder decoder = new MessageDecoder();
    private final ArrayDeque<Message> replies = new ArrayDeque<>();

    private ProtocolConnection(SocketChannel channel, Duration guardTime) {
        this.channel = channel;
        this.guard = GUARDS.schedule(() -> {
            try {
                channel.close();
            } catch (IOException e) {
                // closed either way
            }
        }, guardTime.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Connects (blocking), closing the connection after {@code guardTime} at the latest. */
    static ProtocolConnection open(SocketAddress address, Duration guardTime) throws IOException {
        return new ProtocolConnection(SocketChannel.open(address), guardTime);
    }

    /** Sends one request and waits for the next message, which must be {@code ok}. */
    void call(byte[] request) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(request);
        while (out.hasRemaining()) {
            channel.write(out);
        }
        while (replies.isEmpty()) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                throw new IOException("connection ended before the reply");
            }
            decoder.feed(buffer.array(), 0, n, replies::add);
        }
        Message reply = replies.poll();
        if (!(reply instanceof Message.Ok)) {
            throw new IOException("unexpected reply " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        guard.cancel(false);
        channel.close();
    }
}
