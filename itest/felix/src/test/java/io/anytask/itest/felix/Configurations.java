package io.anytask.itest.felix;

import io.anytask.client.TaskClient;
import io.anytask.server.TaskServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The Configuration Admin side of the tests: client and server configurations made, changed and deleted. */
final class Configurations {
    /** The client components' factory PID. */
    static final String CLIENT = "io.anytask.client";
    /** The server components' factory PID. */
    static final String SERVER = "io.anytask.server";

    private static final Set<Path> SOCKET_FOLDERS = ConcurrentHashMap.newKeySet();

    private final ConfigurationAdmin admin;
    private final BundleContext context;

    Configurations(ConfigurationAdmin admin, BundleContext context) {
        this.admin = admin;
        this.context = context;
    }

    /** Creates or replaces the client configuration {@code io.anytask.client~NAME} with {@code properties}. */
    Configuration client(String name, Map<String, ?> properties) throws IOException {
        return put(CLIENT, name, properties);
    }

    /** Creates or replaces the server configuration {@code io.anytask.server~NAME} with {@code properties}. */
    Configuration server(String name, Map<String, ?> properties) throws IOException {
        return put(SERVER, name, properties);
    }

    /**
     * A short Unix socket path in a fresh folder under /tmp (socket paths are limited to about 100 bytes, and the
     * build's folders can be deep).
     */
    static Path socket() throws IOException {
        Path folder = Files.createTempDirectory(Path.of("/tmp"), "at");
        SOCKET_FOLDERS.add(folder);
        return folder.resolve("s");
    }

    /**
     * Deletes every client configuration, waits until their services are gone, then does the same for servers (so
     * that serving workers see their clients leave).
     */
    void deleteAll() throws IOException, InterruptedException {
        deleteAll(CLIENT);
        Await.noService(context, TaskClient.class, "(name=*)");
        deleteAll(SERVER);
        Await.noService(context, TaskServer.class, "(name=*)");
    }

    private void deleteAll(String factoryPid) throws IOException {
        Configuration[] configurations;
        try {
            configurations = admin.listConfigurations("(service.factoryPid=" + factoryPid + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (configurations == null) {
            return;
        }
        for (Configuration configuration : configurations) {
            configuration.delete();
        }
    }

    /** Removes the folders {@link #socket()} made; called once the servers have stopped. */
    static void removeSocketFolders() throws IOException {
        for (Path folder : SOCKET_FOLDERS) {
            Files.deleteIfExists(folder.resolve("s"));
            Files.deleteIfExists(folder);
            SOCKET_FOLDERS.remove(folder);
        }
    }

    private Configuration put(String factoryPid, String name, Map<String, ?> properties) throws IOException {
        Configuration configuration = admin.getFactoryConfiguration(factoryPid, name, "?");
        Dictionary<String, Object> dictionary = new Hashtable<>(properties);
        configuration.update(dictionary);
        return configuration;
    }
}
