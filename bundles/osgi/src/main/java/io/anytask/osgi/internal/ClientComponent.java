package io.anytask.osgi.internal;

import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.TlsSettings;
import java.lang.System.Logger.Level;
import java.util.Hashtable;
import java.util.Map;
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

/**
 * One {@link TaskClient} per factory configuration {@value #FACTORY_PID}, registered as a {@code TaskClient} service
 * with the properties {@value #NAME} and {@value #ENDPOINT}, so applications write
 * {@code @Reference(target = "(name=hasher)") TaskClient hasher}.
 *
 * <p>The client is registered by this component rather than by SCR, so the order is ours: a client is made and
 * registered only from a configuration that is entirely valid (a bad one logs one line and registers nothing), and
 * on deactivation (configuration updated or deleted, bundle stopped) its service is unregistered first, then the
 * client is closed, its pending calls failing with a reason that says why.
 */
@Component(configurationPid = ClientComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = ClientComponent.Options.class, factory = true)
public final class ClientComponent {
    /** The factory PID of client configurations. */
    public static final String FACTORY_PID = "io.anytask.client";
    /** Service property and option: the client's name. */
    public static final String NAME = TaskClient.NAME_PROPERTY;
    /** Service property and option: the server endpoint, {@code unix:/path} or {@code tcp:host:port}. */
    public static final String ENDPOINT = TaskClient.ENDPOINT_PROPERTY;

    private static final System.Logger LOG = System.getLogger("io.anytask.osgi");
    static final Set<String> OPTIONS = TlsProperties.with(ENDPOINT, NAME, "minWorkers", "maxWorkers", "timeout",
            "maxCheckouts", "keepWorkerAfterError", "maxPendingCheckouts", "maxFrameBytes", "maxNesting");

    /** The options of a client configuration, for metatype (the Felix web console, Karaf's config commands). */
    @ObjectClassDefinition(name = "anytask client",
            description = "A pool of worker connections to one anytask server, registered as a TaskClient service"
                    + " with the properties name and endpoint.")
    @interface Options {
        @AttributeDefinition(description = "Server endpoint: unix:/absolute/path or tcp:host:port.")
        String endpoint();

        @AttributeDefinition(required = false, description = "The client's name: the service property 'name' and"
                + " the context of errors (NAME -> method). Default: the configuration's name (hasher for"
                + " io.anytask.client~hasher, as Karaf's etc/io.anytask.client-hasher.cfg makes it).")
        String name();

        @AttributeDefinition(description = "Worker connections opened at start and kept open (at most maxWorkers).")
        int minWorkers() default TaskClientConfig.DEFAULT_MIN_WORKERS;

        @AttributeDefinition(description = "The most worker connections at once; further checkouts wait in the"
                + " queue.")
        int maxWorkers() default TaskClientConfig.DEFAULT_MAX_WORKERS;

        @AttributeDefinition(description = "Default timeout of a checkout's calls in seconds (decimals allowed),"
                + " or none to wait forever.")
        String timeout() default "30";

        @AttributeDefinition(required = false, description = "Retire a worker after it has served this many"
                + " checkouts (for leaky libraries). Default: no limit.")
        int maxCheckouts();

        @AttributeDefinition(description = "Keep a worker whose checkout saw an error instead of retiring it at"
                + " release (the original's dont_refork_after_error).")
        boolean keepWorkerAfterError() default false;

        @AttributeDefinition(description = "The most checkouts waiting for a worker; beyond it checkout() fails at"
                + " once.")
        int maxPendingCheckouts() default TaskClientConfig.DEFAULT_MAX_PENDING_CHECKOUTS;

        @AttributeDefinition(description = "The longest reply a worker may send, in bytes (16 to 2147483647); a"
                + " longer one ends that worker's connection and fails its checkout.")
        long maxFrameBytes() default TaskClientConfig.DEFAULT_MAX_FRAME_BYTES;

        @AttributeDefinition(description = "The deepest nesting of arrays and objects in a reply (2 to 100000).")
        int maxNesting() default TaskClientConfig.DEFAULT_MAX_NESTING;

        @AttributeDefinition(required = false, description = "TLS (tcp: endpoints only): the key store file with"
                + " the own certificate and key, presented when the server needs a client certificate.")
        String tlsKeyStore();

        @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "The key store's"
                + " password as env:NAME, file:PATH or pass:TEXT.")
        String tlsKeyStorePassword();

        @AttributeDefinition(description = "The key store's type.")
        String tlsKeyStoreType() default TlsSettings.DEFAULT_STORE_TYPE;

        @AttributeDefinition(required = false, description = "TLS: the trust store file, the certificates to"
                + " trust; the server's certificate must chain to it and name the endpoint's host; default: the"
                + " JDK's CAs.")
        String tlsTrustStore();

        @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "The trust store's"
                + " password as env:NAME, file:PATH or pass:TEXT.")
        String tlsTrustStorePassword();

        @AttributeDefinition(description = "The trust store's type.")
        String tlsTrustStoreType() default TlsSettings.DEFAULT_STORE_TYPE;
    }

    private final TaskClient client;
    private final ServiceRegistration<TaskClient> registration;
    private final String pid;

    /** Reads the configuration and, if it is valid, starts and registers the client. */
    @Activate
    public ClientComponent(BundleContext context, Map<String, Object> properties) {
        pid = String.valueOf(properties.get(Constants.SERVICE_PID));
        TaskClientConfig config;
        try {
            config = config(properties);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "anytask client configuration " + pid + " not started: " + e.getMessage());
            client = null;
            registration = null;
            return;
        }
        client = TaskClient.create(config);
        Hashtable<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put(NAME, config.name().orElseThrow());
        serviceProperties.put(ENDPOINT, config.endpoint().toString());
        registration = context.registerService(TaskClient.class, client, serviceProperties);
        LOG.log(Level.INFO, "anytask client " + config.name().orElseThrow() + " started (" + pid + ", "
                + config.endpoint() + ")");
    }

    /**
     * The client configuration that {@code properties} describe.
     *
     * @throws IllegalArgumentException naming the first bad property and its value
     */
    static TaskClientConfig config(Map<String, ?> properties) {
        Settings settings = Settings.read(properties, OPTIONS);
        String endpoint = settings.requiredString(ENDPOINT, "unix:/absolute/path or tcp:host:port");
        String name = settings.string(NAME).or(settings::factoryName).orElseThrow(() -> new IllegalArgumentException(
                NAME + ": missing (expected: a name, or a factory configuration made with one, such as "
                        + FACTORY_PID + "~hasher)"));
        TaskClientConfig.Builder builder = TaskClientConfig.builder(endpoint).name(name);
        settings.integer("minWorkers").ifPresent(builder::minWorkers);
        settings.integer("maxWorkers").ifPresent(builder::maxWorkers);
        if (settings.isNone("timeout")) {
            builder.noTimeout();
        } else {
            settings.seconds("timeout").ifPresent(timeout -> {
                if (timeout.isNegative() || timeout.isZero()) {
                    throw Settings.bad("timeout", properties.get("timeout"), "seconds > 0, or none");
                }
                builder.timeout(timeout);
            });
        }
        settings.integer("maxCheckouts").ifPresent(builder::maxCheckouts);
        settings.bool("keepWorkerAfterError").ifPresent(builder::keepWorkerAfterError);
        settings.integer("maxPendingCheckouts").ifPresent(builder::maxPendingCheckouts);
        settings.integer("maxFrameBytes").ifPresent(builder::maxFrameBytes);
        settings.integer("maxNesting").ifPresent(builder::maxNesting);
        TlsProperties.read(settings).ifPresent(builder::tls);
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().startsWith("connect:")) {
                throw e;
            }
            // the builder names its own option; the configuration's property is the endpoint
            IllegalArgumentException bad = Settings.bad(ENDPOINT, endpoint,
                    "unix:/absolute/path or tcp:host:port with port 1..65535");
            bad.initCause(e);
            throw bad;
        }
    }

    /** Unregisters the client's service, then closes it: calls still pending fail, saying why. */
    @Deactivate
    void deactivate(int reason) {
        if (client == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already unregistered: the bundle is stopping
        }
        client.close(Reasons.describe(reason, pid));
        LOG.log(Level.INFO, "anytask client " + client.config().name().orElseThrow() + " closed ("
                + Reasons.describe(reason, pid) + ")");
    }
}
