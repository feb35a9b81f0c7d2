package io.anytask.itest.karaf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The state {@link KarafIT}'s scenarios share in their one container (features installed, configurations made:
 * once each, whichever scenario comes first), and small helpers. No anytask type appears here: this class is loaded
 * before the features that bring those types are installed.
 */
final class Fixture {
    /** Null until the features are installed; then "installed", or the failure every later scenario reports. */
    private static String installation;
    private static boolean configured;

    private Fixture() {
    }

    /** Adds the anytask feature repository and installs both features with the shell, as a user does; once. */
    static synchronized void installFeatures(Shell shell) throws Exception {
        if (installation == null) {
            installation = "the first attempt to install the features failed";
            shell.run("feature:repo-add " + KarafOptions.featuresUrl());
            shell.run("feature:install anytask anytask-examples");
            installation = "installed";
        }
        if (!installation.equals("installed")) {
            throw new AssertionError(installation);
        }
    }

    /**
     * Creates, once, a server configuration (the conformance interface, named by its bundle's symbolic name, one
     * ready worker, on {@link KarafOptions#socket()}) and a client configuration named {@code conformance} on the
     * same socket.
     */
    static synchronized void configure(ConfigurationAdmin configurationAdmin) throws Exception {
        if (configured) {
            return;
        }
        configured = true;
        Dictionary<String, Object> server = new Hashtable<>();
        server.put("endpoint", "unix:" + KarafOptions.socket());
        server.put("interface", "conformance");
        server.put("bundles", "io.anytask.examples.conformance");
        server.put("name", KarafOptions.serverName());
        server.put("readyWorkers", 1);
        server.put("gracePeriod", 5);
        configurationAdmin.getFactoryConfiguration("io.anytask.server", "karafit", "?").update(server);
        Dictionary<String, Object> client = new Hashtable<>();
        client.put("endpoint", "unix:" + KarafOptions.socket());
        client.put("minWorkers", 1);
        configurationAdmin.getFactoryConfiguration("io.anytask.client", "conformance", "?").update(client);
    }

    /**
     * Deletes every anytask client configuration, then every server configuration: the clients close their
     * connections first, so the servers' workers are idle when the servers stop.
     */
    static void deleteConfigurations(ConfigurationAdmin configurationAdmin) throws Exception {
        for (String factory : List.of("io.anytask.client", "io.anytask.server")) {
            Configuration[] all = configurationAdmin.listConfigurations("(service.factoryPid=" + factory + ")");
            for (Configuration configuration : all == null ? new Configuration[0] : all) {
                configuration.delete();
            }
        }
    }

    /** @return whether no service is registered under {@code className} */
    static boolean noService(BundleContext context, String className) {
        return context.getServiceReference(className) == null;
    }

    /**
     * Waits for {@code condition} to give a value, polling.
     *
     * @throws AssertionError naming {@code what} if it gives none within {@code limit}
     */
    static <T> T await(String what, Duration limit, Supplier<Optional<T>> condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<T> value = condition.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("still waiting for " + what + " after " + limit.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /** Waits for {@code condition} to hold; see {@link #await}. */
    static void awaitTrue(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        await(what, limit, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /** The bundles of the named features (and of the features they include) that are not active, with states. */
    static List<String> inactiveFeatureBundles(FeaturesService features, BundleContext context, String... names)
            throws Exception {
        List<String> inactive = new ArrayList<>();
        List<Feature> pending = new ArrayList<>();
        for (String name : names) {
            pending.add(features.getFeature(name));
        }
        while (!pending.isEmpty()) {
            Feature feature = pending.remove(pending.size() - 1);
            feature.getDependencies().forEach(d -> {
                try {
                    pending.add(d.getVersion() == null ? features.getFeature(d.getName())
                            : features.getFeature(d.getName(), d.getVersion()));
                } catch (Exception e) {
                    throw new IllegalStateException(d.getName(), e);
                }
            });
            for (BundleInfo info : feature.getBundles()) {
                Bundle bundle = context.getBundle(info.getLocation());
                boolean fragment = bundle != null
                        && (bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
                if (bundle == null) {
                    inactive.add(info.getLocation() + " not installed");
                } else if (bundle.getState() != Bundle.ACTIVE && !fragment) {
                    inactive.add(info.getLocation() + " " + state(bundle.getState()));
                }
            }
        }
        return inactive;
    }

    /** @return the name of a bundle state */
    static String state(int state) {
        switch (state) {
            case Bundle.INSTALLED: return "Installed";
            case Bundle.RESOLVED: return "Resolved";
            case Bundle.STARTING: return "Starting";
            case Bundle.STOPPING: return "Stopping";
            case Bundle.ACTIVE: return "Active";
            default: return "state " + state;
        }
    }

    /** The cells of one line of a command's {@code --no-format} output (tab-separated). */
    static List<String> cells(String line) {
        return Arrays.stream(line.split("\t")).map(String::strip).collect(Collectors.toList());
    }

    /**
     * The row of a command's {@code --no-format} output whose first cell is {@code first}.
     *
     * @throws AssertionError with the output if there is none
     */
    static List<String> row(String output, String first) {
        return output.lines().map(Fixture::cells).filter(c -> c.get(0).equals(first)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + first + " in:\n" + output));
    }
}
