package io.anytask.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The byte stream under a {@link WireConnection}: a socket or a JDK socket channel, reads bounded in time. */
interface Transport extends AutoCloseable {
    /**
     * Reads what has arrived, waiting at most {@code timeout} for something.
     *
     * @return the number of bytes read, or -1 at the end of the stream
     * @throws SocketTimeoutException if nothing arrived in time; the connection stays usable
     */
    int read(byte[] buffer, Duration timeout) throws IOException;

    /** Writes all of {@code bytes}. */
    void write(byte[] bytes) throws IOException;

    /** Half-closes: the peer sees the end of input. */
    void shutdownOutput() throws IOException;

    @Override
    void close() throws IOException;

    /** A connected {@link Socket}; a read's bound is the socket's timeout. */
    final class OverSocket implements Transport {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        OverSocket(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        @Override
        public int read(byte[] buffer, Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
            return in.read(buffer);
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        @Override
        public void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A connected channel in non-blocking mode; a read waits on a selector, for at most its timeout. */
    final class Selecting implements Transport {
        private final SocketChannel channel;
        private final Selector selector;
        private final SelectionKey key;

        Selecting(SocketChannel channel) throws IOException {
            this.channel = channel;
            channel.configureBlocking(false);
            this.selector = channel.provider().openSelector();
            this.key = channel.register(selector, 0);
        }

        @Override
        public int read(byte[] buffer, Duration timeout) throws IOException {
            ByteBuffer into = ByteBuffer.wrap(buffer);
            long deadline = System.nanoTime() + timeout.toNanos();
            int n = channel.read(into);
            while (n == 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new SocketTimeoutException("nothing to read within " + timeout);
                }
                await(SelectionKey.OP_READ, left);
                n = channel.read(into);
            }
            return n;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            ByteBuffer from = ByteBuffer.wrap(bytes);
            while (from.hasRemaining()) {
                if (channel.write(from) == 0) {
                    await(SelectionKey.OP_WRITE, 0);
                }
            }
        }

        /** Waits until the channel is ready for {@code op}, at most {@code millis} (0: no bound). */
        private void await(int op, long millis) throws IOException {
            key.interestOps(op);
            selector.select(millis);
            selector.selectedKeys().clear();
            key.interestOps(0);
        }

        @Override
        public void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        public void close() throws IOException {
            try {
                selector.close();
            } finally {
                channel.close();
            }
        }
    }

    /**
     * A connected channel in blocking mode, each read as the JDK's plain blocking read: for measurements. The
     * connection is closed once its guard time has passed, so that no read can hang; a read's own timeout is unused.
     */
    final class Guarded implements Transport {
        private static final ScheduledExecutorService GUARDS = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "wire-connection-guard");
            thread.setDaemon(true);
            return thread;
        });

        private final SocketChannel channel;
        private final ScheduledFuture<?> guard;
        private ByteBuffer wrapped;

        Guarded(SocketChannel channel, Duration guardTime) {
            this.channel = channel;
            this.guard = GUARDS.schedule(() -> {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closed either way
                }
            }, guardTime.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int read(byte[] buffer, Duration timeout) throws IOException {
            if (wrapped == null || wrapped.array() != buffer) {
                wrapped = ByteBuffer.wrap(buffer);
            }
            wrapped.clear();
            return channel.read(wrapped);
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            ByteBuffer from = ByteBuffer.wrap(bytes);
            while (from.hasRemaining()) {
                channel.write(from);
            }
        }

        @Override
        public void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        public void close() throws IOException {
            guard.cancel(false);
            channel.close();
        }
    }
}
