package io.anytask.worker.internal;

import io.anytask.protocol.WorkerControl;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * {@code --control}: the worker's side of the hand-off from a server. The worker connects to the server's private
 * control socket once it is ready to serve, says {@code ready PID\n}, and waits for one byte: {@code 'c'} with the
 * client connection's file descriptor attached (SCM_RIGHTS), which the worker then serves directly, or {@code 'r'},
 * after which it serves the protocol on the control connection itself (the server relays).
 *
 * <p>Once its idle warm-up is over, a worker that is still waiting says {@code warm\n}: it would now serve a first
 * request at full speed, and a server prefers such workers. The line is written only while no hand-off byte has
 * been read; one that crosses a relay hand-off on the wire comes before any reply, and the server drops it.
 *
 * <p>Before the hand-off, end of input or an error on the control connection means the server is gone, and the
 * worker exits at once. After a relay hand-off the control connection is the client's. After a direct one it
 * carries only the server's served queries: to each byte {@code ?} the worker answers {@code served N\n}, N being
 * the checkouts released on it so far ({@code dn} messages), from a thread of its own ({@link ServedAnswers}).
 */
public final class ControlChannel {
    /** Room for the ancillary data of one message with a few descriptors. */
    private static final int ANCILLARY_BUFFER = 256;

    private static final byte[] WARM = WorkerControl.warmLine();

    private final AFUNIXSocket socket;
    private final Object handOffLock = new Object();
    /** Set once the hand-off byte has been read; guarded by {@code handOffLock}. */
    private boolean handedOff;
    /** Answers served queries after a direct hand-off; null for a control channel made by {@link #over}. */
    private ServedAnswers servedAnswers;

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
     * Connects to the control socket at {@code path} and announces this worker with {@code announcement}: its
     * {@code ready} line, or its {@code renewed} line after a renewal.
     *
     * @throws IOException if the socket cannot be reached
     */
    public static ControlChannel connect(Path path, byte[] announcement) throws IOException {
        AFUNIXSocket socket = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(path));
        try {
            ControlChannel channel = over(socket);
            OutputStream out = socket.getOutputStream();
            out.write(announcement);
            out.flush();
            StartupTrace.mark("ready sent");
            channel.servedAnswers = ServedAnswers.start(socket);
            return channel;
        } catch (IOException e) {
            socket.close();
            throw new ServerGoneException("the server's control connection failed before the hand-off: " + e, e);
        }
    }

    /** The worker's side of an already connected control socket (the idle warm-up uses one over a socket pair). */
    static ControlChannel over(AFUNIXSocket socket) throws IOException {
        socket.setAncillaryReceiveBufferSize(ANCILLARY_BUFFER);
        return new ControlChannel(socket);
    }

    /**
     * Names the request loop whose checkouts are reported to the server's served queries after a direct hand-off.
     * Called before the hand-off.
     */
    void reportCheckoutsOf(RequestLoop loop) {
        if (servedAnswers != null) {
            servedAnswers.loop = loop;
        }
    }

    /**
     * Closes the control connection once its client has been served, and lets go of the request loop whose
     * checkouts it reported (a renewal discards the interface that loop holds).
     */
    void close() {
        if (servedAnswers != null) {
            servedAnswers.loop = null;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing only releases this end
        }
    }

    /**
     * Says {@code warm} to the server, unless the hand-off has begun. A failure is left to the main thread, which
     * meets it when it reads the hand-off.
     *
     * @return whether the line was written
     */
    boolean announceWarm() {
        synchronized (handOffLock) {
            if (handedOff) {
                return false;
            }
            try {
                OutputStream out = socket.getOutputStream();
                out.write(WARM);
                out.flush();
                StartupTrace.mark("warm sent");
                return true;
            } catch (IOException e) {
                return false;
            }
        }
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
        synchronized (handOffLock) {
            handedOff = true;
        }
        if (command != WorkerControl.HAND_OFF_DIRECT && servedAnswers != null) {
            servedAnswers.outcome = ServedAnswers.NOT_DIRECT; // not passed a descriptor: the thread ends
        }
        if (command < 0) {
            throw gone("the server closed the control connection before handing over a client; exiting", null);
        }
        if (command == WorkerControl.HAND_OFF_RELAY) {
            return new Connection(socket.getInputStream(), socket.getOutputStream(), socket);
        }
        if (command != WorkerControl.HAND_OFF_DIRECT) {
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
        // plain reads and writes on the descriptor: the JDK's file streams, which work on any socket and are
        // cheaper per call than a socket object made around the descriptor (junixsocket's FileDescriptorCast:
        // about 0.2 ms on a first request). Closing closes the descriptor; the server keeps no copy after the
        // hand-off, so that ends the connection (the worker's exit does too).
        FileInputStream in = new FileInputStream(descriptors[0]);
        FileOutputStream out = new FileOutputStream(descriptors[0]);
        // the control socket stays open (and referenced) until the client connection is done
        Connection connection = new Connection(in, out, new ClientAndControl(in, socket));
        if (servedAnswers != null) {
            servedAnswers.outcome = ServedAnswers.PASSED;
        }
        return connection;
    }

    /**
     * Closes the client connection, then the control connection. A named class rather than a lambda: the idle
     * warm-up runs this code, so the first request finds the class loaded and linked.
     */
    private record ClientAndControl(Closeable client, AFUNIXSocket control) implements Closeable {
        @Override
        public void close() throws IOException {
            try (control) {
                client.close();
            }
        }
    }

    private ServerGoneException gone(String message, Throwable cause) {
        try {
            socket.close();
        } catch (IOException e) {
            // already failing; the server is gone either way
        }
        return new ServerGoneException(message, cause);
    }

    /**
     * The thread that answers the server's served queries once a descriptor was passed. Started with the control
     * connection; it looks for the hand-off every {@link #POLL_MILLIS} rather than being woken by it, so that it
     * starts reading after the first request rather than beside it (a thread woken at the hand-off competed with
     * the first request for the CPU). A query that comes sooner waits in the socket meanwhile. Ends when the
     * control connection ends, or after a hand-off that passed no descriptor.
     */
    private static final class ServedAnswers implements Runnable {
        static final int WAITING = 0;
        static final int PASSED = 1;
        static final int NOT_DIRECT = 2;
        private static final long POLL_MILLIS = 100;
        private final AFUNIXSocket socket;
        /** {@link #WAITING} until the hand-off byte was read; written by the serving thread. */
        private volatile int outcome = WAITING;
        private volatile RequestLoop loop;

        private ServedAnswers(AFUNIXSocket socket) {
            this.socket = socket;
        }

        static ServedAnswers start(AFUNIXSocket socket) {
            ServedAnswers answers = new ServedAnswers(socket);
            Thread thread = new Thread(answers, "anytask-served-answers");
            thread.setDaemon(true);
            thread.start();
            return answers;
        }

        @Override
        public void run() {
            try {
                while (outcome == WAITING && !socket.isClosed()) {
                    Thread.sleep(POLL_MILLIS);
                }
                if (outcome != PASSED) {
                    return;
                }
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                for (int b; (b = in.read()) >= 0; ) {
                    if (b == WorkerControl.SERVED_QUERY) {
                        RequestLoop current = loop;
                        long served = current == null ? 0 : current.checkoutsDone();
                        out.write(WorkerControl.servedLine(served));
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the server or the worker closed the control connection: nothing more to answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
