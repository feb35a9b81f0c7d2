package io.anytask.osgi.internal;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.TlsSettings;
import io.anytask.server.ServerConfig;
import io.anytask.server.ServerException;
import io.anytask.server.TaskServer;
import io.anytask.server.cli.ServerArguments;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Hashtable;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One {@link TaskServer} per factory configuration {@value #FACTORY_PID}, run inside the container (its workers are
 * worker JVMs, as outside), registered as a {@code TaskServer} service with the properties {@value #NAME},
 * {@value #ENDPOINT} and {@value #INTERFACE} once it listens.
 *
 * <p>The options are read and checked at activation (a bad one logs one line and nothing starts). The rest happens
 * on a thread of the component's own, because it may take seconds: the worker home is made from the worker runtime
 * bundle the first time, the interface bundles named by symbolic name are found, then the server starts and is
 * registered. Deactivation (configuration changed or deleted, bundle stopped) unregisters the service, then stops
 * the server gracefully: serving workers get the grace period to finish their clients.
 */
@Component(configurationPid = ServerComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = ServerComponent.Options.class, factory = true)
public final class ServerComponent {
    /** The factory PID of server configurations. */
    public static final String FACTORY_PID = "io.anytask.server";
    /** Service property and option: the server's name. */
    public static final String NAME = TaskServer.NAME_PROPERTY;
    /** Service property and option: where the server listens. */
    public static final String ENDPOINT = TaskServer.ENDPOINT_PROPERTY;
    /** Service property and option: the interface's name. */
    public static final String INTERFACE = TaskServer.INTERFACE_PROPERTY;
    /** Option: the bundles the workers install (paths, or symbolic names of installed bundles). */
    static final String BUNDLES = "bundles";
    static final String WORKER_HOME = "workerHome";
    /** The longest wait at deactivation for a start in progress (a server's start itself takes milliseconds). */
    private static final Duration STARTER_JOIN = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger("io.anytask.osgi");
    static final Set<String> OPTIONS = TlsProperties.with(ENDPOINT, INTERFACE, BUNDLES, NAME, "readyWorkers",
            "maxWorkers", "maxRenewals", "hungWorkerTimeout", "gracePeriod", "bootTimeout", "workerJvmOptions",
            WORKER_HOME, "relayOnly", "socketPermissions", "tlsClientAuth");

    /** The options of a server configuration, for metatype (the Felix web console, Karaf's config commands). */
    @ObjectClassDefinition(name = "anytask server",
            description = "An anytask server run inside this container: it listens on an endpoint and gives each"
                    + " client connection its own worker JVM, which runs the interface from the given bundles.")
    @interface Options {
        @AttributeDefinition(description = "Where to listen: unix:/absolute/path or tcp:host:port (port 0: any).")
        String endpoint();

        @AttributeDefinition(name = "Interface", description = "The name the workers look the interface up by (the"
                + " anytask.interface service property of the interface component).")
        String interface$();

        @AttributeDefinition(description = "The bundles every worker installs: absolute paths of bundle jars, or"
                + " symbolic names of bundles installed in this container (they bring the bundles they are wired"
                + " to).")
        String[] bundles();

        @AttributeDefinition(required = false, description = "The server's name, in logs, service properties and"
                + " process listings. Default: the configuration's name (as in io.anytask.server~NAME), else "
                + ServerConfig.DEFAULT_NAME + ".")
        String name();

        @AttributeDefinition(description = "Worker JVMs kept booted and idle ahead of demand.")
        int readyWorkers() default ServerConfig.DEFAULT_READY_WORKERS;

        @AttributeDefinition(description = "The most worker JVMs at once; at the cap, new clients wait.")
        int maxWorkers() default ServerConfig.DEFAULT_MAX_WORKERS;

        @AttributeDefinition(description = "Times a worker JVM is renewed for a next client (fresh interface"
                + " bundles, same JVM) before a new JVM replaces it; 0 = a new JVM for every client.")
        int maxRenewals() default ServerConfig.DEFAULT_MAX_RENEWALS;

        @AttributeDefinition(description = "Seconds one request may run before its worker ends itself; 0 = off.")
        int hungWorkerTimeout() default 300;

        @AttributeDefinition(description = "Seconds serving workers get to finish their clients when the server"
                + " stops.")
        String gracePeriod() default "30";

        @AttributeDefinition(description = "Seconds a worker JVM gets to boot and report ready.")
        String bootTimeout() default "60";

        @AttributeDefinition(required = false, description = "JVM options for every worker, such as -Xmx256m.")
        String[] workerJvmOptions();

        @AttributeDefinition(required = false, description = "A worker home directory (holding jvm.args). Default:"
                + " made from the worker runtime bundle io.anytask.worker.runtime.")
        String workerHome();

        @AttributeDefinition(description = "Relay every connection instead of passing it to its worker.")
        boolean relayOnly() default false;

        @AttributeDefinition(description = "Permissions of the Unix socket file.")
        String socketPermissions() default "rw-------";

        @AttributeDefinition(required = false, description = "TLS (tcp: endpoints only): the key store file with"
                + " the own certificate and key; with it the server terminates TLS and relays (TLS implies relay).")
        String tlsKeyStore();

        @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "The key store's"
                + " password as env:NAME, file:PATH or pass:TEXT.")
        String tlsKeyStorePassword();

        @AttributeDefinition(description = "The key store's type.")
        String tlsKeyStoreType() default TlsSettings.DEFAULT_STORE_TYPE;

        @AttributeDefinition(required = false, description = "TLS: the trust store file, the certificates to"
                + " trust (client certificates, for tlsClientAuth need); default: the JDK's CAs.")
        String tlsTrustStore();

        @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "The trust store's"
                + " password as env:NAME, file:PATH or pass:TEXT.")
        String tlsTrustStorePassword();

        @AttributeDefinition(description = "The trust store's type.")
        String tlsTrustStoreType() default TlsSettings.DEFAULT_STORE_TYPE;

        @AttributeDefinition(description = "TLS: need = a client without a certificate from the trust store is"
                + " refused in the handshake, before it gets a worker.",
                options = {@Option(value = "none"), @Option(value = "need")})
        String tlsClientAuth() default "none";
    }

    private final BundleContext context;
    private final String pid;
    private final Thread starter;
    private final Object lock = new Object();
    /** Set by the starter once the server runs; guarded by {@code lock}. */
    private TaskServer server;
    private ServiceRegistration<TaskServer> registration;
    /** Set by deactivation; guarded by {@code lock}: a server the starter makes after it is stopped at once. */
    private boolean deactivated;

    /** Reads the options; if they are all known and well typed, starts the server on a thread of its own. */
    @Activate
    public ServerComponent(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        this.pid = String.valueOf(properties.get(Constants.SERVICE_PID));
        Settings settings;
        try {
            settings = Settings.read(properties, OPTIONS);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "anytask server configuration " + pid + " not started: " + e.getMessage());
            starter = null;
            return;
        }
        starter = new Thread(() -> start(settings), "anytask-server-start " + pid);
        starter.setDaemon(true);
        starter.start();
    }

    private void start(Settings settings) {
        TaskServer started;
        try {
            started = TaskServer.start(config(settings));
        } catch (IllegalArgumentException | ServerException | IllegalStateException e) {
            synchronized (lock) {
                if (deactivated) { // interrupted by the deactivation: not a failure
                    LOG.log(Level.INFO, "anytask server configuration " + pid + " not started: deactivated while"
                            + " starting");
                    return;
                }
            }
            if (e instanceof IllegalArgumentException) {
                LOG.log(Level.ERROR, "anytask server configuration " + pid + " not started: " + e.getMessage());
            } else {
                LOG.log(Level.ERROR, "anytask server configuration " + pid + " not started: " + e.getMessage(), e);
            }
            return;
        }
        synchronized (lock) {
            if (!deactivated) {
                server = started;
                Hashtable<String, Object> properties = new Hashtable<>();
                properties.put(NAME, started.config().name());
                properties.put(ENDPOINT, started.endpoint().toString());
                properties.put(INTERFACE, started.config().interfaceName());
                registration = context.registerService(TaskServer.class, started, properties);
                return;
            }
        }
        started.stop(); // deactivated while it started
    }

    /**
     * The server configuration {@code settings} describe: interface bundles named by symbolic name are found (and
     * written out if they are not files), and the worker home is made from the worker runtime bundle if no
     * {@code workerHome} is set.
     *
     * @throws IllegalArgumentException naming the first bad property and its value
     * @throws IllegalStateException    if the worker home cannot be made
     */
    private ServerConfig config(Settings settings) {
        ServerConfig.Builder builder = options(settings);
        Path home = settings.string(WORKER_HOME).map(Path::of)
                .orElseGet(() -> WorkerRuntime.home(context, Path.of(System.getProperty("java.home"), "bin", "java")));
        builder.workerHome(home);
        InterfaceBundles bundles = new InterfaceBundles(context, workerPackages(home));
        bundles.files(settings.list(BUNDLES)).forEach(builder::bundle);
        return builder.build();
    }

    /**
     * The options of {@code settings} other than the bundles and the worker home, set on a builder.
     *
     * @throws IllegalArgumentException naming the first bad property and its value
     */
    static ServerConfig.Builder options(Settings settings) {
        ServerConfig.Builder builder = ServerConfig.builder();
        String endpoint = settings.requiredString(ENDPOINT, "unix:/absolute/path or tcp:host:port");
        try {
            builder.endpoint(Endpoint.parse(endpoint));
        } catch (IllegalArgumentException e) {
            throw Settings.bad(ENDPOINT, endpoint, "unix:/absolute/path or tcp:host:port");
        }
        builder.interfaceName(settings.requiredString(INTERFACE, "the interface's name"));
        builder.name(settings.string(NAME).or(settings::factoryName).orElse(ServerConfig.DEFAULT_NAME));
        settings.integer("readyWorkers").ifPresent(builder::readyWorkers);
        settings.integer("maxWorkers").ifPresent(builder::maxWorkers);
        settings.integer("maxRenewals").ifPresent(builder::maxRenewals);
        settings.integer("hungWorkerTimeout").ifPresent(seconds -> builder.hungWorkerTimeout(
                Duration.ofSeconds(seconds)));
        settings.seconds("gracePeriod").ifPresent(builder::gracePeriod);
        settings.seconds("bootTimeout").ifPresent(builder::bootTimeout);
        settings.list("workerJvmOptions").forEach(builder::workerJvmOption);
        settings.bool("relayOnly").ifPresent(builder::relayOnly);
        TlsProperties.read(settings).ifPresent(builder::tls);
        settings.string("tlsClientAuth").ifPresent(text -> {
            try {
                builder.tlsClientAuth(ServerArguments.tlsClientAuth(text));
            } catch (IllegalArgumentException e) {
                throw Settings.bad("tlsClientAuth", text, "none or need");
            }
        });
        settings.string("socketPermissions").ifPresent(text -> {
            try {
                builder.socketPermissions(PosixFilePermissions.fromString(text));
            } catch (IllegalArgumentException e) {
                throw Settings.bad("socketPermissions", text, "nine characters such as rw-------");
            }
        });
        return builder;
    }

    /** The packages every worker of {@code home} has from its system bundle (see {@link InterfaceBundles}). */
    private static Set<String> workerPackages(Path home) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("worker.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(WORKER_HOME + ": " + home + " (expected: a worker home with a"
                    + " readable worker.properties: " + e.getMessage() + ")", e);
        }
        Set<String> packages = new HashSet<>();
        for (String export : properties.getProperty(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "").split(",")) {
            String name = export.split(";", 2)[0].trim();
            if (!name.isEmpty()) {
                packages.add(name);
            }
        }
        return packages;
    }

    /**
     * Unregisters the server's service, then stops it gracefully (blocks for up to its grace period while serving
     * workers finish). A server still starting is interrupted (making the worker home) or stopped as soon as it
     * has started: when this returns, the configuration's server is gone and a new one may bind the endpoint.
     */
    @Deactivate
    void deactivate(int reason) throws InterruptedException {
        if (starter == null) {
            return;
        }
        synchronized (lock) {
            deactivated = true;
        }
        starter.interrupt();
        starter.join(STARTER_JOIN.toMillis());
        TaskServer running;
        ServiceRegistration<TaskServer> registered;
        synchronized (lock) {
            running = server;
            registered = registration;
        }
        if (registered != null) {
            try {
                registered.unregister();
            } catch (IllegalStateException e) {
                // already unregistered: the bundle is stopping
            }
        }
        if (running != null) {
            LOG.log(Level.INFO, "anytask server " + running.config().name() + " stopping ("
                    + Reasons.describe(reason, pid) + ")");
            running.stop();
        }
    }
}
