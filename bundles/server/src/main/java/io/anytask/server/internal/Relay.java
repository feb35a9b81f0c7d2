package io.anytask.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * Copies bytes both ways between a client and a worker's control connection, for where descriptor passing is
 * unavailable. The client's end of input is passed on to the worker as a half-close; the worker's end (it closed
 * or died) closes both connections, so the client sees a dead worker at once. A {@code warm} line that the worker
 * wrote just before it read the hand-off byte (the server had not read it yet) comes before any reply and is
 * dropped.
 */
final class Relay {
    private static final int BUFFER = 64 * 1024;

    private final ClientConnection connection;
    private final Socket client;
    private final AFUNIXSocket worker;

    private Relay(ClientConnection connection, AFUNIXSocket worker) {
        this.connection = connection;
        this.client = connection.socket();
        this.worker = worker;
    }

    static void start(String label, ClientConnection client, AFUNIXSocket worker) {
        Relay relay = new Relay(client, worker);
        Thread up = new Thread(relay::clientToWorker, "anytask-relay-" + label + "-up");
        Thread down = new Thread(relay::workerToClient, "anytask-relay-" + label + "-down");
        up.setDaemon(true);
        down.setDaemon(true);
        up.start();
        down.start();
    }

    private void clientToWorker() {
        try {
            copy(client.getInputStream(), worker.getOutputStream());
            // through junixsocket's channel: from Java 24 on, Socket.shutdownOutput checks a connected state of the
            // JDK's own that junixsocket's sockets do not set, and throws "Socket is not connected"
            worker.getChannel().shutdownOutput();
        } catch (IOException e) {
            closeBoth();
        }
    }

    private void workerToClient() {
        try {
            InputStream in = worker.getInputStream();
            OutputStream out = client.getOutputStream();
            skipWarmLine(in, out);
            copy(in, out);
        } catch (IOException e) {
            // Either side failed: the connection pair is over.
        } finally {
            closeBoth();
        }
    }

    /**
     * Reads what may be a {@code warm} line: drops it if it is one, else passes the bytes read on. A reply starts
     * with {@code [}, so this reads one byte in the usual case.
     */
    static void skipWarmLine(InputStream in, OutputStream out) throws IOException {
        byte[] line = Worker.WARM_LINE;
        int matched = 0;
        while (matched < line.length) {
            int b = in.read();
            if (b < 0) {
                out.write(line, 0, matched);
                out.flush();
                return;
            }
            if (b != line[matched]) {
                out.write(line, 0, matched);
                out.write(b);
                out.flush();
                return;
            }
            matched++;
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private void closeBoth() {
        connection.close();
        ControlChannel.closeQuietly(worker);
    }
}
