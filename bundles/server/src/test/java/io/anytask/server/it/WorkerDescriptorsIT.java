package io.anytask.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.Message;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import io.anytask.testsupport.WireConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker inherits nothing from its server: while it serves a client, its open descriptors are its standard
 * streams, sockets of its own (its control connection, its client's connection), and files and devices of its own
 * JVM (the JDK, its worker home, its bundles, its bundle cache); no socket or file that its server holds.
 */
@Timeout(90)
class WorkerDescriptorsIT {
    @TempDir
    Path dir;

    @Test
    void aServingWorkerHoldsOnlyItsTwoConnectionsItsStandardStreamsAndItsOwnJvmFiles() throws Exception {
        Path serverFile = Files.writeString(dir.resolve("held-by-the-server.txt"), "x");
        try (ServerSocket serverSocket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var heldFile = Files.newInputStream(serverFile);
             TaskServer server = TaskServer.start(ServerConfig.builder()
                     .endpoint(Endpoint.parse("unix:" + dir.resolve("s.sock")))
                     .interfaceName("conformance").bundle(TestEnvironment.conformanceBundle())
                     .workerHome(TestEnvironment.workerHome()).name("fds").readyWorkers(1)
                     .gracePeriod(Duration.ofSeconds(5)).build());
             WireConnection client = WireConnection.connect(server.endpoint())) {
            assertInstanceOf(Message.Ok.class, client.call("echo", "1"));
            long pid = client.pid();
            Map<Integer, String> fds = descriptors(pid);
            List<String> sockets = new ArrayList<>();
            List<String> unexpected = new ArrayList<>();
            Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
            Path workerHome = TestEnvironment.workerHome().toRealPath();
            String bundle = TestEnvironment.conformanceBundle().toRealPath().toString();
            String cache = Path.of(System.getProperty("java.io.tmpdir"), "anytask-worker-" + pid + "-").toString();
            fds.forEach((fd, target) -> {
                if (target.startsWith("socket:")) {
                    sockets.add(target);
                } else if (!(fd <= 2 || target.startsWith("anon_inode:") || target.startsWith("/dev/")
                        || target.startsWith(javaHome.toString()) || target.startsWith(workerHome.toString())
                        || target.equals(bundle) || target.startsWith(cache))) {
                    unexpected.add(fd + " -> " + target);
                }
            });
            // an inherited descriptor would be the same open socket in both processes: the same inode
            List<String> shared = new ArrayList<>(sockets);
            shared.retainAll(descriptors(ProcessHandle.current().pid()).values());
            assertEquals(List.of(), shared, "sockets the worker shares with its server: " + fds);
            assertTrue(sockets.size() >= 2, "its control connection and its client's: " + fds);
            assertEquals(List.of(), unexpected, "descriptors beyond the worker's own JVM: " + fds);
            assertFalse(fds.containsValue(serverFile.toRealPath().toString()), fds.toString());
            assertTrue(fds.keySet().containsAll(List.of(0, 1, 2)), "standard streams: " + fds);
        }
    }

    /** {@code /proc/PID/fd}: each descriptor and what it points at. */
    private static Map<Integer, String> descriptors(long pid) throws IOException {
        Map<Integer, String> fds = new TreeMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                try {
                    fds.put(Integer.parseInt(entry.getFileName().toString()),
                            Files.readSymbolicLink(entry).toString());
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return fds;
    }
}
