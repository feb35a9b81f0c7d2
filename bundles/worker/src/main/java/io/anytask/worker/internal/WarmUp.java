package io.anytask.worker.internal;

import io.anytask.protocol.MessageDecoder;
import io.anytask.protocol.WorkerControl;
import io.anytask.registry.InterfaceRegistry;
import io.anytask.registry.InterfaceTracker;
import io.anytask.registry.TaskInterface;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * {@code --warm-up}: runs once through what a worker does after boot, without a client, so that the class-data-
 * sharing archive made at build time (from its class list) covers it: a Declarative Services component
 * (when the run installs a bundle declaring one with {@value #DS_INTERFACE}), the registry, rounds of requests
 * through the {@link RequestLoop} on a connection passed by descriptor, and a relay hand-off.
 */
final class WarmUp {
    /** The interface name that the build's warm-up DS bundle registers. */
    static final String DS_INTERFACE = "anytask-warm-up-ds";
    /**
     * The warm-up interface's name: with a random part, so that it never is the name of an interface of the user's
     * bundles (the registry would then hand out the user's service, and warm-up must never call user code). Not a
     * secret: no SecureRandom (its set-up costs time).
     */
    private static final String INTERFACE = "anytask-warm-up-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private static final String REQUESTS = "[\"do\",{},\"echo\",1,-2,2.5,1e+20,\"\u00e9\ud834\uddda\",[true,null],"
            + "{\"k\":\"v\"}]"
            + "[\"do\",{},\"bind\",{\"x\":1,\"y\":2,\"label\":\"p\"},[1,2],{\"a\":[1]},3,0.5,true]"
            + "[\"do\",{},\"log\",\"w\"][\"do\",{},\"fail\",\"f\"][\"do\",{},\"object\"][\"do\",{},\"nosuch\"]"
            + "[\"do\",{},\"bind\",\"bad\",1,2,3,4,5][\"dn\",{}]";
    private static final byte[] REQUEST_BYTES = REQUESTS.getBytes(StandardCharsets.UTF_8);
    /** Replies to a full round: one per {@code do}. */
    private static final int REPLIES = 7;
    /** The common path only (no errors, which cost a stack trace each): for the rounds that get it compiled. */
    private static final byte[] COMMON_REQUEST_BYTES = ("[\"do\",{},\"echo\",1][\"do\",{},\"echo\",\"a\",2.5,true]"
            + "[\"do\",{},\"echo\",[1,2],{\"k\":\"v\"},null][\"do\",{},\"echo\",-2,\"\u00e9\"]"
            + "[\"do\",{},\"log\",\"w\"][\"do\",{},\"echo\",1e+20][\"dn\",{}]").getBytes(StandardCharsets.UTF_8);
    /** Replies to a common round. */
    private static final int COMMON_REPLIES = 6;

    private WarmUp() {
    }

    static void run(BundleContext context, InterfaceTracker registry, boolean withDsBundle, Duration wait)
            throws IOException, InterruptedException {
        if (withDsBundle) {
            TaskInterface ds = registry.await(DS_INTERFACE, wait);
            ds.checkoutDone();
        }
        int[] rounds = {0};
        serveRounds(warmUpInterface(context, registry, wait), 1, () -> rounds[0]++ < 2);
        relayHandOff();
    }

    /**
     * The warm-up interface as the registry calls it, found through a service that is registered only until the
     * registry has it (the registry's wrapper keeps the service object).
     */
    static TaskInterface warmUpInterface(BundleContext context, InterfaceTracker registry, Duration wait)
            throws InterruptedException {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(InterfaceRegistry.INTERFACE_PROPERTY, INTERFACE);
        ServiceRegistration<?> registration = context.registerService(Object.class, new WarmUpInterface(), properties);
        try {
            return registry.await(INTERFACE, wait);
        } finally {
            registration.unregister();
        }
    }

    /**
     * Serves rounds of requests through one {@link RequestLoop} on a connection that came through the worker's own
     * descriptor hand-off ({@link ControlChannel#awaitHandOff}), as a client's does: the same socket classes and
     * code from the hand-off byte to the reply. The first {@code fullRounds} go through every kind of reply
     * (results, a record, the deferred log, errors, checkout done), the others through the common ones only (errors,
     * which cost a stack trace each, left out), to run the path often enough to get it compiled. A feeder thread
     * asks {@code another} before each round, writes the round and reads its replies (dropped); once it says no,
     * the feeder half-closes and the loop ends.
     */
    static void serveRounds(TaskInterface iface, int fullRounds, BooleanSupplier another) throws IOException {
        try (Pair control = Pair.open(); Pair client = Pair.open()) {
            AFUNIXSocket sender = control.first;
            sender.setOutboundFileDescriptors(client.second.getFileDescriptor());
            sender.getOutputStream().write(WorkerControl.HAND_OFF_DIRECT);
            sender.getOutputStream().flush();
            releaseSendersCopy(client.second.getFileDescriptor());
            Socket peer = client.first;
            Feeder feeder = new Feeder(peer, fullRounds, another);
            Thread thread = new Thread(feeder, "anytask-idle-warm-up-feeder");
            thread.setDaemon(true);
            try (Connection connection = ControlChannel.over(control.second).awaitHandOff()) {
                thread.start();
                new RequestLoop(iface, new Watchdog(Duration.ZERO, () -> { }))
                        .serve(connection.in(), connection.out());
            } finally {
                feeder.stop();
                joinQuietly(thread);
            }
            if (feeder.failure != null) {
                throw feeder.failure;
            }
        }
    }

    /**
     * Two connected Unix sockets, made through a listening socket of this process in the temporary directory
     * (removed at once). Not junixsocket's socket pairs: their channels hold descriptors that only a GC releases,
     * which a renewal's descriptor gate would count against the interface.
     */
    private record Pair(AFUNIXSocket first, AFUNIXSocket second) implements java.io.Closeable {
        static Pair open() throws IOException {
            java.nio.file.Path path = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "anytask-warm-up-"
                    + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime()) + ".sock");
            try (AFUNIXServerSocket listener = AFUNIXServerSocket.newInstance()) {
                listener.bind(AFUNIXSocketAddress.of(path), 1);
                AFUNIXSocket first = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(path));
                try {
                    return new Pair(first, listener.accept());
                } catch (IOException e) {
                    first.close();
                    throw e;
                }
            } finally {
                java.nio.file.Files.deleteIfExists(path);
            }
        }

        @Override
        public void close() throws IOException {
            try (first) {
                second.close();
            }
        }
    }

    /**
     * Closes the sender's copy of a passed descriptor, as the server does after a hand-off: the connection then
     * ends when the receiving side closes it. The descriptor is closed on its own: junixsocket's close would shut
     * the connection down for every holder.
     */
    private static void releaseSendersCopy(FileDescriptor descriptor) throws IOException {
        new FileInputStream(descriptor).close();
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends the output of a Unix socket, leaving its input open. Through junixsocket's channel: from Java 24 on,
     * {@link Socket#shutdownOutput()} checks a connected state of the JDK's own that junixsocket's sockets do not
     * set, and throws "Socket is not connected".
     */
    static void halfClose(Socket socket) throws IOException {
        if (socket instanceof AFSocket<?> unix) {
            unix.getChannel().shutdownOutput();
        } else {
            socket.shutdownOutput();
        }
    }

    /** The client's side of the warm-up rounds: writes each round, reads its replies, then half-closes. */
    private static final class Feeder implements Runnable {
        private final Socket socket;
        private final int fullRounds;
        private final BooleanSupplier another;
        private volatile boolean stopped;
        private volatile IOException failure;

        Feeder(Socket socket, int fullRounds, BooleanSupplier another) {
            this.socket = socket;
            this.fullRounds = fullRounds;
            this.another = another;
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            try {
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                MessageDecoder decoder = new MessageDecoder();
                byte[] buffer = new byte[8192];
                for (int round = 0; !stopped && another.getAsBoolean(); round++) {
                    boolean full = round < fullRounds;
                    out.write(full ? REQUEST_BYTES : COMMON_REQUEST_BYTES);
                    out.flush();
                    int[] replies = {0};
                    int expected = full ? REPLIES : COMMON_REPLIES;
                    while (replies[0] < expected) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            throw new IOException("warm-up connection closed after " + replies[0] + " replies");
                        }
                        decoder.feed(buffer, 0, n, reply -> replies[0]++);
                    }
                }
                halfClose(socket);
                while (in.read(buffer) >= 0) {
                    // nothing more comes; wait for the loop's end of the connection
                }
            } catch (IOException | RuntimeException e) {
                failure = e instanceof IOException ? (IOException) e : new IOException(e);
                try {
                    socket.close();
                } catch (IOException closing) {
                    // the loop sees the connection end either way
                }
            }
        }
    }

    /**
     * Runs the worker's side of a relay hand-off ({@link ControlChannel#awaitHandOff} reading {@code 'r'}) over a
     * socket pair and reads a byte through it; {@link #serveRounds} has run the descriptor hand-off.
     */
    static void relayHandOff() throws IOException {
        try (Pair control = Pair.open()) {
            AFUNIXSocket sender = control.first;
            sender.getOutputStream().write(new byte[] {WorkerControl.HAND_OFF_RELAY, 'x'});
            sender.getOutputStream().flush();
            try (Connection connection = ControlChannel.over(control.second).awaitHandOff()) {
                if (connection.in().read() != 'x') {
                    throw new IOException("warm-up relay hand-off: unexpected byte through the connection");
                }
            }
        }
    }
}
