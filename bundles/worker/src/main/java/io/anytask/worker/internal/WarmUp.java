package io.anytask.worker.internal;

import io.anytask.registry.InterfaceRegistry;
import io.anytask.registry.InterfaceTracker;
import io.anytask.registry.TaskInterface;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;
import org.newsclub.net.unix.FileDescriptorCast;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * {@code --warm-up}: runs once through what a worker does after boot, without a client, so that the class-data-
 * sharing archive made at build time ({@code -XX:ArchiveClassesAtExit}) covers it: a Declarative Services component
 * (when the run installs a bundle declaring one with {@value #DS_INTERFACE}), the registry, a series of requests
 * through the {@link RequestLoop}, and a descriptor hand-off over a junixsocket socket pair.
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
    /** The common path only (no errors, which cost a stack trace each): for the rounds that get it compiled. */
    private static final byte[] COMMON_REQUEST_BYTES = ("[\"do\",{},\"echo\",1][\"do\",{},\"echo\",\"a\",2.5,true]"
            + "[\"do\",{},\"echo\",[1,2],{\"k\":\"v\"},null][\"do\",{},\"echo\",-2,\"\u00e9\"]"
            + "[\"do\",{},\"log\",\"w\"][\"do\",{},\"echo\",1e+20][\"dn\",{}]").getBytes(StandardCharsets.UTF_8);

    private WarmUp() {
    }

    static void run(BundleContext context, InterfaceTracker registry, boolean withDsBundle, Duration wait)
            throws IOException, InterruptedException {
        if (withDsBundle) {
            TaskInterface ds = registry.await(DS_INTERFACE, wait);
            ds.checkoutDone();
        }
        serveRound(warmUpInterface(context, registry, wait));
        handOff();
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
     * Serves one round of warm-up requests (every kind of reply: results, a record, the deferred log, errors,
     * checkout done) through a {@link RequestLoop} over in-memory streams; the replies are dropped.
     */
    static void serveRound(TaskInterface iface) throws IOException {
        new RequestLoop(iface, new Watchdog(Duration.ZERO, () -> { }))
                .serve(new ByteArrayInputStream(REQUEST_BYTES), OutputStream.nullOutputStream());
    }

    /**
     * Serves rounds of requests through one {@link RequestLoop}, the replies dropped: the first {@code fullRounds}
     * like {@link #serveRound}, then the common requests only (results and the deferred log; errors, which cost a
     * stack trace each, left out), for running the path often enough to get it compiled. Before each round it
     * asks {@code another}, and ends when that says no. One loop and no kept replies: the rounds allocate little.
     */
    static void serveRounds(TaskInterface iface, int fullRounds, BooleanSupplier another) throws IOException {
        InputStream rounds = new InputStream() {
            private int started;
            private ByteArrayInputStream round = new ByteArrayInputStream(new byte[0]);

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (round.available() == 0) {
                    if (!another.getAsBoolean()) {
                        return -1;
                    }
                    round = new ByteArrayInputStream(started++ < fullRounds ? REQUEST_BYTES : COMMON_REQUEST_BYTES);
                }
                return round.read(buffer, offset, length);
            }
        };
        new RequestLoop(iface, new Watchdog(Duration.ZERO, () -> { })).serve(rounds, OutputStream.nullOutputStream());
    }

    /** Passes a descriptor over a socket pair and reads through it, as a {@code --control} hand-off does. */
    static void handOff() throws IOException {
        try (AFUNIXSocketPair<AFUNIXSocketChannel> control = AFUNIXSocketPair.open();
                AFUNIXSocketPair<AFUNIXSocketChannel> client = AFUNIXSocketPair.open()) {
            AFUNIXSocket sender = (AFUNIXSocket) control.getSocket1().socket();
            AFUNIXSocket receiver = (AFUNIXSocket) control.getSocket2().socket();
            receiver.setAncillaryReceiveBufferSize(256);
            sender.setOutboundFileDescriptors(client.getSocket2().getFileDescriptor());
            sender.getOutputStream().write('c');
            sender.getOutputStream().flush();
            if (receiver.getInputStream().read() != 'c') {
                throw new IOException("warm-up hand-off: unexpected byte");
            }
            FileDescriptor[] received = receiver.getReceivedFileDescriptors();
            if (received == null || received.length != 1) {
                throw new IOException("warm-up hand-off: no descriptor received");
            }
            try (Socket socket = FileDescriptorCast.using(received[0]).as(Socket.class)) {
                client.getSocket1().socket().getOutputStream().write('x');
                if (socket.getInputStream().read() != 'x') {
                    throw new IOException("warm-up hand-off: unexpected byte through the descriptor");
                }
            }
        }
    }
}
