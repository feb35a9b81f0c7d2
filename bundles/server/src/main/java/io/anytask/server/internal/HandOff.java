package io.anytask.server.internal;

import io.anytask.protocol.WorkerControl;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * Gives an accepted client connection to a ready worker over its control connection, as the hand-off contract
 * says: the byte {@code 'c'} with the client's descriptor attached (direct), or the byte {@code 'r'} after which
 * the server relays bytes between the client and the control connection.
 */
final class HandOff {
    private HandOff() {
    }

    /**
     * Passes the client's descriptor to the worker, then releases the server's copy of the client connection: from
     * here on the worker alone holds it. The control connection stays open for served queries
     * ({@link Worker#checkoutsServed}) until the worker ends.
     *
     * @throws IOException if the worker's control connection is gone; the client connection is then still open
     */
    static void direct(Worker worker, ClientConnection client) throws IOException {
        AFUNIXSocket control = worker.control();
        FileDescriptor fd = client.descriptor();
        control.setOutboundFileDescriptors(fd);
        OutputStream out = control.getOutputStream();
        out.write(WorkerControl.HAND_OFF_DIRECT);
        out.flush();
        client.release();
        worker.servingDirectly();
    }

    /**
     * Tells the worker to serve its control connection and starts relaying.
     *
     * @throws IOException if the worker's control connection is gone; the client connection is then still open
     */
    static void relay(Worker worker, ClientConnection client) throws IOException {
        AFUNIXSocket control = worker.control();
        OutputStream out = control.getOutputStream();
        out.write(WorkerControl.HAND_OFF_RELAY);
        out.flush();
        Relay.start(worker.label(), client, control);
    }
}
