package io.anytask.worker.internal;

import java.io.ByteArrayInputStream;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.DecimalFormatSymbols;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.xml.parsers.SAXParserFactory;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Initialises, on a second thread while the main thread boots Felix, facilities of the JDK and of junixsocket that
 * the start-up path reaches later and that are costly the first time. Each is initialised once per JVM by whichever
 * thread comes first, so this changes no behaviour; with a free core it takes that work off the start-up path.
 * Failures are ignored here: the main thread meets and reports them where they matter.
 *
 * <p>The list and its order come from a sampling profile of the main thread during start-up (about 20 samples of
 * 100 fell in these): in the order the main thread needs them,
 * <ol>
 * <li>{@code SecurityManager}'s class initialisation (Felix's bundle class touches it; it computes the JDK's
 * non-exported packages with streams) and the first reflective call of a JDK method (Felix makes one; it parses
 * the {@code CallerSensitive} annotation type and generates annotation proxies);</li>
 * <li>the locale data of number formatting (Felix's framework properties use {@code String.format});</li>
 * <li>a parse of a small component description (SCR reads them with SAX: the scanner's classes);</li>
 * <li>junixsocket: its native library and the socket, channel, address and descriptor-cast classes that the
 * control connection needs (about 9 samples of 100 before this);</li>
 * <li>the JDK's NIO socket channel, whose first use the isolation baseline makes (on Java 25 it also makes the
 * JDK's pre-close socket);</li>
 * <li>the time-zone rules and the MIME table (Felix's bundle URL connections read both).</li>
 * </ol>
 * Felix's own classes are left to the main thread: two threads initialising classes of one library that refer to
 * each other could deadlock on their initialisation locks.
 */
final class Preloader {
    private static final String COMPONENT = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"preload\">"
            + "<implementation class=\"preload.Preload\"/><service><provide interface=\"preload.Preload\"/></service>"
            + "<property name=\"anytask.interface\" type=\"String\" value=\"preload\"/></scr:component>";

    private Preloader() {
    }

    /**
     * Starts the preloading thread (a daemon: it never holds the process up).
     *
     * @param controlSocket the server's control socket, when the worker will connect to one
     */
    static void start(Optional<Path> controlSocket) {
        Thread thread = new Thread(() -> run(work(controlSocket)), "anytask-worker-preloader");
        thread.setDaemon(true);
        thread.start();
    }

    private static List<Callable<?>> work(Optional<Path> controlSocket) {
        List<Callable<?>> work = new ArrayList<>();
        work.add(() -> Class.forName("java.lang.SecurityManager", true, null));
        work.add(() -> Object.class.getMethod("hashCode").invoke(Preloader.class));
        work.add(() -> DecimalFormatSymbols.getInstance(Locale.getDefault(Locale.Category.FORMAT)));
        work.add(() -> {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.newSAXParser().parse(new ByteArrayInputStream(COMPONENT.getBytes(StandardCharsets.UTF_8)),
                    new DefaultHandler());
            return null;
        });
        work.add(() -> {
            try (AFUNIXSocket socket = AFUNIXSocket.newInstance()) {
                socket.setAncillaryReceiveBufferSize(256);
            }
            return null;
        });
        work.add(() -> AFUNIXSocketAddress.of(controlSocket.orElse(Path.of("anytask-preload.sock"))));
        work.add(() -> Class.forName("org.newsclub.net.unix.FileDescriptorCast", true,
                Preloader.class.getClassLoader()));
        // the JDK's NIO socket machinery (about 20 ms cold), which the isolation baseline uses to make the JDK's
        // pre-close socket before it counts descriptors (IsolationGates.createJdkDescriptors)
        work.add(() -> {
            java.nio.channels.SocketChannel.open().close();
            return null;
        });
        work.add(ZoneId::systemDefault);
        work.add(() -> URLConnection.getFileNameMap().getContentTypeFor("component.xml"));
        return work;
    }

    private static void run(List<Callable<?>> work) {
        for (Callable<?> item : work) {
            try {
                item.call();
            } catch (Exception | LinkageError e) {
                // the main thread reports whatever matters when it gets there
            }
        }
    }
}
