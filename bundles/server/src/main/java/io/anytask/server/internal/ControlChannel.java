package io.anytask.server.internal;

import io.anytask.protocol.WorkerControl;
import io.anytask.protocol.WorkerControl.Announcement;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The server's private Unix socket that booted workers connect to, in a directory only the server's user can
 * enter. A worker announces itself with the line {@code ready PID}, or {@code renewed PID MILLIS} after a renewal
 * (see {@link WorkerControl}); the connection then stays open as the worker's control connection (hand-off byte and descriptor go over it; its end tells an idle worker its server
 * is gone). Later, while still idle, the worker says {@code warm} on it (see {@link Worker#pollWarm()}).
 */
final class ControlChannel implements AutoCloseable {
    private static final int READY_LINE_TIMEOUT_MILLIS = 10_000;
    private static final String EXPECTED = "expected 'ready PID' or 'renewed PID MILLIS', got '";

    private final Path directory;
    private final Path socketPath;
    private final AFUNIXServerSocket serverSocket;
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlChannel(Path directory, AFUNIXServerSocket serverSocket, BiConsumer<Announcement, AFUNIXSocket> ready) {
        this.directory = directory;
        this.socketPath = directory.resolve("control.sock");
        this.serverSocket = serverSocket;
        this.acceptor = new Thread(() -> acceptLoop(ready), "anytask-control-acceptor");
        this.acceptor.setDaemon(true);
    }

    /**
     * Opens the control socket in a fresh private directory and starts accepting workers; first removes the
     * directories that killed servers left behind ({@link ControlDirectories}).
     *
     * @param ready called with what a worker announced and its control connection, on the acceptor thread
     */
    static ControlChannel open(BiConsumer<Announcement, AFUNIXSocket> ready) throws IOException {
        ControlDirectories.deleteStale();
        Path directory = ControlDirectories.create();
        AFUNIXServerSocket serverSocket = AFUNIXServerSocket.newInstance();
        ControlChannel channel = new ControlChannel(directory, serverSocket, ready);
        try {
            serverSocket.bind(AFUNIXSocketAddress.of(channel.socketPath), 64);
        } catch (IOException e) {
            serverSocket.close();
            Files.deleteIfExists(directory);
            throw e;
        }
        channel.acceptor.start();
        return channel;
    }

    Path socketPath() {
        return socketPath;
    }

    private void acceptLoop(BiConsumer<Announcement, AFUNIXSocket> ready) {
        while (!closed) {
            AFUNIXSocket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    ServerLog.error("control socket failed; no further worker can report ready", e);
                }
                return;
            }
            try {
                Announcement announcement = readAnnouncement(socket);
                socket.setSoTimeout(0);
                ready.accept(announcement, socket);
            } catch (IOException | RuntimeException e) {
                ServerLog.warn("rejected a control connection: " + e.getMessage());
                closeQuietly(socket);
            }
        }
    }

    /** Reads {@code ready PID\n} or {@code renewed PID MILLIS\n}, bounded in length and time. */
    static Announcement readAnnouncement(AFUNIXSocket socket) throws IOException {
        socket.setSoTimeout(READY_LINE_TIMEOUT_MILLIS);
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        try {
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0 || line.length() >= WorkerControl.MAX_LINE) {
                    throw new IOException(EXPECTED + line + "'" + (b < 0 ? " and EOF" : ""));
                }
                line.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no 'ready PID' line within " + READY_LINE_TIMEOUT_MILLIS + " ms", e);
        }
        String text = new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.US_ASCII);
        return WorkerControl.parseAnnouncement(text).orElseThrow(() -> new IOException(EXPECTED + text + "'"));
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        try {
            Files.deleteIfExists(socketPath);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            ServerLog.warn("could not remove the control directory " + directory, e);
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Nothing to do: the resource is gone either way.
        }
    }
}
