package io.anytask.worker.internal;

import java.net.URLConnection;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import javax.xml.parsers.SAXParserFactory;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * Initialises, on a second thread while the main thread boots Felix, facilities that the start-up path reaches
 * later and that are costly the first time: junixsocket's native library (the control connection), the SAX parser
 * (SCR reads component descriptions with it), the time-zone rules and the MIME table (Felix's bundle URL
 * connections read both). Each is initialised once per JVM by whichever thread comes first, so this changes no
 * behaviour; with a free core it takes that work off the start-up path. Failures are ignored here: the main thread
 * meets and reports them where they matter.
 */
final class Preloader {
    private static final List<Callable<?>> WORK = List.of(
            AFUNIXSocket::isSupported,
            () -> SAXParserFactory.newInstance().newSAXParser(),
            ZoneId::systemDefault,
            () -> URLConnection.getFileNameMap().getContentTypeFor("component.xml"));

    private Preloader() {
    }

    /** Starts the preloading thread (a daemon: it never holds the process up). */
    static void start() {
        Thread thread = new Thread(Preloader::run, "anytask-worker-preloader");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        for (Callable<?> work : WORK) {
            try {
                work.call();
            } catch (Exception | LinkageError e) {
                // the main thread reports whatever matters when it gets there
            }
        }
    }
}
