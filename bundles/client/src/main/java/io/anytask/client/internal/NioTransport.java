package io.anytask.client.internal;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.Message;
import io.anytask.protocol.MessageDecoder;
import io.anytask.protocol.MessageEncoder;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/** Worker connections over non-blocking {@link SocketChannel}s (Unix domain or TCP) served by a {@link NioLoop}. */
final class NioTransport implements Transport {
    private static final int READ_BUFFER = 64 * 1024;

    private final NioLoop loop;
    private final Endpoint endpoint;
    private final MessageDecoder.Limits limits;
    /** One read buffer for every connection: the loop reads one channel at a time and decodes what it read at once. */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);

    NioTransport(NioLoop loop, Endpoint endpoint, MessageDecoder.Limits limits) {
        this.loop = loop;
        this.endpoint = endpoint;
        this.limits = limits;
    }

    @Override
    public void connect(Handler handler) {
        SocketChannel channel = null;
        try {
            boolean unix = endpoint instanceof Endpoint.Unix;
            channel = unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
            channel.configureBlocking(false);
            if (!unix) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            NioConnection connection = new NioConnection(channel, handler);
            boolean done = channel.connect(endpoint.socketAddress());
            connection.key = loop.register(channel, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, connection);
            if (done) {
                handler.connected(connection);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            handler.connectFailed(e);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do with a channel that failed to open
            }
        }
    }

    /** One connection; every field is owned by the loop. */
    private final class NioConnection implements Connection, NioLoop.IoHandler {
        private final SocketChannel channel;
        private final Handler handler;
        private final MessageDecoder decoder = new MessageDecoder(limits);
        private final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
        private SelectionKey key;
        private boolean open = true;
        /** True while a flush is scheduled at the end of the loop's batch: messages sent meanwhile share a write. */
        private boolean flushScheduled;

        NioConnection(SocketChannel channel, Handler handler) {
            this.channel = channel;
            this.handler = handler;
        }

        @Override
        public void send(Message message) {
            if (!open) {
                return;
            }
            output.add(ByteBuffer.wrap(MessageEncoder.instance().encode(message)));
            if (!flushScheduled && output.size() == 1 && key.interestOps() == SelectionKey.OP_READ) {
                flushScheduled = true;
                loop.atEndOfBatch(this::scheduledFlush);
            }
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                key.cancel();
                closeQuietly(channel);
            }
        }

        @Override
        public void ready(SelectionKey k) {
            if (k.isConnectable()) {
                finishConnect();
                return;
            }
            if (k.isReadable()) {
                read();
            }
            if (open && k.isValid() && k.isWritable()) {
                flush();
            }
        }

        private void finishConnect() {
            try {
                channel.finishConnect();
            } catch (IOException e) {
                open = false;
                key.cancel();
                closeQuietly(channel);
                handler.connectFailed(e);
                return;
            }
            key.interestOps(output.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            handler.connected(this);
        }

        private void scheduledFlush() {
            flushScheduled = false;
            if (open) {
                flush();
            }
        }

        private void read() {
            try {
                while (open) {
                    readBuffer.clear();
                    int n = channel.read(readBuffer);
                    if (n < 0) {
                        decoder.endOfInput(handler::received);
                        fail(null);
                        return;
                    }
                    if (n == 0) {
                        return;
                    }
                    readBuffer.flip();
                    decoder.feed(readBuffer, this::deliver);
                    if (n < READ_BUFFER) {
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a protocol error, or a handler that threw: the decoder refuses more input, so the connection is
                // over either way, and its checkout must hear why rather than wait for a reply that cannot come
                fail(e);
            }
        }

        private void deliver(Message message) {
            if (open) {
                handler.received(message);
            }
        }

        private void flush() {
            try {
                while (!output.isEmpty()) {
                    if (output.size() == 1) {
                        channel.write(output.peek());
                    } else {
                        channel.write(output.toArray(ByteBuffer[]::new));
                    }
                    while (!output.isEmpty() && !output.peek().hasRemaining()) {
                        output.poll();
                    }
                    if (!output.isEmpty()) {
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                        return;
                    }
                }
                key.interestOps(SelectionKey.OP_READ);
            } catch (IOException e) {
                fail(e);
            }
        }

        private void fail(Exception cause) {
            if (open) {
                close();
                handler.closed(cause == null || cause instanceof EOFException ? null : cause);
            }
        }
    }
}
