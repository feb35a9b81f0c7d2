package io.anytask.itest.karaf;

import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * The Karaf container of {@link KarafIT}: the stock Apache Karaf distribution, loopback only, its Maven resolver
 * reading the local repository, Karaf's system folder and the reactor's artifacts copied by the build (Maven
 * Central only for two bundles that cannot be declared as dependencies, see the pom), and the
 * JVM options Karaf's own start script gives on Java 9 and later. The test's JVM chooses the server's name and
 * socket and hands them to the container as system properties, read there by {@link #serverName()} and
 * {@link #socket()}.
 */
final class KarafOptions {
    private static final String NAME_PROPERTY = "anytask.it.server";
    private static final String SOCKET_PROPERTY = "anytask.it.socket";
    private static final String FEATURES_PROPERTY = "anytask.it.features";
    private static final String URL_CFG = "etc/org.ops4j.pax.url.mvn.cfg";
    private static final String CENTRAL = "https://repo1.maven.org/maven2@id=central";

    private KarafOptions() {
    }

    /** @return the options of the container (in the test's JVM) */
    static Option[] container() {
        String version = required("itest.karaf.version");
        Path socketDir = socketDirectory();
        String serverName = "karaf-it-" + ProcessHandle.current().pid();
        String repositories = "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, "
                + new File(required("itest.repository")).toURI() + "@id=anytask@snapshots";
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(required("itest.karaf.distribution")).toURI().toString())
                        .karafVersion(version)
                        .name("Apache Karaf")
                        .unpackDirectory(new File(required("itest.unpack")))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.WARN),
                editConfigurationFilePut(URL_CFG, "org.ops4j.pax.url.mvn.localRepository",
                        required("itest.localRepository")),
                editConfigurationFilePut(URL_CFG, "org.ops4j.pax.url.mvn.defaultRepositories", repositories),
                // Maven Central only for what the build could not put in the local repository (the scr feature's
                // org.apache.karaf.scr.management and .state: their parent POM is missing from Central).
                editConfigurationFilePut(URL_CFG, "org.ops4j.pax.url.mvn.repositories", CENTRAL),
                editConfigurationFilePut(URL_CFG, "org.ops4j.pax.url.mvn.useFallbackRepositories", "false"),
                // Loopback only, and free ports: other containers may run on this machine.
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", freePort()),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", freePort()),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", freePort()),
                editConfigurationFilePut("etc/system.properties", NAME_PROPERTY, serverName),
                editConfigurationFilePut("etc/system.properties", FEATURES_PROPERTY, required("itest.features")),
                editConfigurationFilePut("etc/system.properties", SOCKET_PROPERTY,
                        socketDir.resolve("s.sock").toString()),
                vmOptions(java9Options(version))));
        if (Boolean.getBoolean("itest.keep")) {
            options.add(keepRuntimeFolder());
        }
        return options.toArray(new Option[0]);
    }

    /** @return the name of the configured server (in the container) */
    static String serverName() {
        return System.getProperty(NAME_PROPERTY);
    }

    /** @return the URL of the anytask feature repository (in the container) */
    static String featuresUrl() {
        return System.getProperty(FEATURES_PROPERTY);
    }

    /** @return the server's Unix socket (in the container) */
    static Path socket() {
        return Path.of(System.getProperty(SOCKET_PROPERTY));
    }

    /** The options of Karaf's bin/karaf for Java 9 and later; paths are relative to the Karaf home. */
    private static String[] java9Options(String version) {
        return new String[] {
            "--add-reads=java.xml=java.logging",
            "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
            "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + version + ".jar",
            "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + version + ".jar",
            "--add-opens", "java.base/java.security=ALL-UNNAMED",
            "--add-opens", "java.base/java.net=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
            "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
            "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
            "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
            "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
            "-classpath", "lib/jdk9plus/*:lib/boot/*",
        };
    }

    /**
     * A short directory for the socket (a Unix socket path is limited to about 100 bytes). The last scenario deletes
     * it; so does the end of the test's JVM, should that scenario not get there (the server removes its socket).
     */
    private static Path socketDirectory() {
        try {
            Path directory = Files.createTempDirectory(Path.of("/tmp"), "atk");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return Integer.toString(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run through mvn verify)");
        }
        return value;
    }
}
