package io.anytask.worker.internal;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * {@code --control}: the worker's side of the hand-off from a server. The worker connects to the server's private
 * control socket once it is ready to serve, says {@code ready PID\n}, and waits for one byte: {@code 'c'} with the
 * client connection's file descriptor attached (SCM_RIGHTS), which the worker then serves directly, or {@code 'r'},
 * after which it serves the protocol on the control connection itself (the server relays).
 *
 * <p>Before the hand-off, end of input or an error on the control connection means the server is gone, and the
 * worker exits at once. After it, the control connection is kept open but never read.
 */
public final class ControlChannel {
    /** Room for the ancillary data of one message with a few descriptors. */
    private static final int ANCILLARY_BUFFER = 256;

    private final AFUNIXSocket socket;

    private ControlChannel(AFUNIXSocket socket) {
        this.socket = socket;
    }

    /** The server went away (end of input or an error) before handing a connection over. */
    public static final class ServerGoneException extends IOException {
        private static final long serialVersionUID = 1L;

        ServerGoneException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Connects to the control socket at {@code path} and announces that this worker is ready.
     *
     * @throws IOException if the socket cannot be reached
     */
    public static ControlChannel connect(Path path) throws IOException {
        AFUNIXSocket socket = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(path));
        try {
            socket.setAncillaryReceiveBufferSize(ANCILLARY_BUFFER);
            OutputStream out = socket.getOutputStream();
            out.write(("ready " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            StartupTrace.mark("ready sent");
        } catch (IOException e) {
            socket.close();
            throw new ServerGoneException("the server's control connection failed before the hand-off: " + e, e);
        }
        return new ControlChannel(socket);
    }

    /**
     * Waits for the server's hand-off and returns the connection to serve.
     *
     * @throws ServerGoneException if the control connection ends or fails first
     * @throws IOException if the server sends something this worker does not understand
     */
    public Connection awaitHandOff() throws IOException {
        int command;
        try {
            command = socket.getInputStream().read();
        } catch (IOException e) {
            throw gone("the server's control connection failed before the hand-off: " + e, e);
        }
        if (command < 0) {
            throw gone("the server closed the control connection before handing over a client; exiting", null);
        }
        if (command == 'r') {
            return new Connection(socket.getInputStream(), socket.getOutputStream(), socket);
        }
        if (command != 'c') {
            socket.close();
            throw new IOException("unexpected hand-off byte " + command + " on the control connection"
                    + " (expected: 'c' with a file descriptor, or 'r')");
        }
        FileDescriptor[] descriptors = socket.getReceivedFileDescriptors();
        if (descriptors == null || descriptors.length != 1) {
            socket.close();
            throw new IOException("hand-off 'c' came with " + (descriptors == null ? 0 : descriptors.length)
                    + " file descriptors (expected: 1)");
        }
        Socket client = FileDescriptorCast.using(descriptors[0]).as(Socket.class);
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        // the control socket stays open (and referenced) until the client connection is done
        Closeable both = () -> {
            try (socket) {
                client.close();
            }
        };
        return new Connection(in, out, both);
    }

    private ServerGoneException gone(String message, Throwable cause) {
        try {
            socket.close();
        } catch (IOException e) {
            // already failing; the server is gone either way
        }
        return new ServerGoneException(message, cause);
    }
}
