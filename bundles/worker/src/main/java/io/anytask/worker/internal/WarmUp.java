package io.anytask.worker.internal;

import io.anytask.registry.InterfaceRegistry;
import io.anytask.registry.InterfaceTracker;
import io.anytask.registry.TaskInterface;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
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
    private static final String INTERFACE = "anytask-warm-up";
    private static final String REQUESTS = "[\"do\",{},\"echo\",1,-2,2.5,1e+20,\"\u00e9\ud834\uddda\",[true,null],"
            + "{\"k\":\"v\"}]"
            + "[\"do\",{},\"bind\",{\"x\":1,\"y\":2,\"label\":\"p\"},[1,2],{\"a\":[1]},3,0.5,true]"
            + "[\"do\",{},\"log\",\"w\"][\"do\",{},\"fail\",\"f\"][\"do\",{},\"object\"][\"do\",{},\"nosuch\"]"
            + "[\"do\",{},\"bind\",\"bad\",1,2,3,4,5][\"dn\",{}]";

    private WarmUp() {
    }

    static void run(BundleContext context, InterfaceTracker registry, boolean withDsBundle, Duration wait)
            throws IOException, InterruptedException {
        if (withDsBundle) {
            TaskInterface ds = registry.await(DS_INTERFACE, wait);
            ds.checkoutDone();
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(InterfaceRegistry.INTERFACE_PROPERTY, INTERFACE);
        ServiceRegistration<?> registration = context.registerService(Object.class, new WarmUpInterface(), properties);
        try {
            TaskInterface iface = registry.await(INTERFACE, wait);
            ByteArrayOutputStream replies = new ByteArrayOutputStream();
            new RequestLoop(iface, new Watchdog(Duration.ZERO, () -> { }))
                    .serve(new ByteArrayInputStream(REQUESTS.getBytes(StandardCharsets.UTF_8)), replies);
        } finally {
            registration.unregister();
        }
        handOff();
    }

    /** Passes a descriptor over a socket pair and reads through it, as a {@code --control} hand-off does. */
    private static void handOff() throws IOException {
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
