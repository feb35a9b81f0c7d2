package io.anytask.itest.felix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.anytask.client.TaskClientConfig;
import io.anytask.server.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Smoke test: in a plain Felix with SCR, Configuration Admin and the metatype service, every anytask bundle resolves
 * and starts, and the components and their configuration descriptions are found.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FelixBundlesIT {
    /** The bundles of this project that the container must hold; each must be active. */
    private static final Set<String> ANYTASK_BUNDLES = Set.of("io.anytask.protocol", "io.anytask.registry",
            "io.anytask.client", "io.anytask.server", "io.anytask.osgi", "io.anytask.worker.runtime",
            "io.anytask.examples.conformance", "io.anytask.itest.felix.consumer");
    private static final String OSGI_BUNDLE = "io.anytask.osgi";

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private MetaTypeService metatype;

    /** The container; see {@link FelixContainer}. */
    @Configuration
    public Option[] config() {
        return FelixContainer.options();
    }

    /** Every bundle of the container, anytask's and the others, is active: none stayed installed or resolved. */
    @Test
    public void everyBundleIsActive() {
        Map<String, String> notActive = new TreeMap<>();
        Set<String> anytask = new TreeSet<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name.startsWith("io.anytask.")) {
                anytask.add(name);
            }
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (bundle.getState() != Bundle.ACTIVE && !(fragment && bundle.getState() == Bundle.RESOLVED)) {
                notActive.put(name, state(bundle.getState()));
            }
        }
        assertEquals("anytask bundles in the container", new TreeSet<>(ANYTASK_BUNDLES), anytask);
        assertEquals("bundles not active", Map.of(), notActive);
    }

    /** SCR knows both components of io.anytask.osgi, enabled, each waiting for a factory configuration. */
    @Test
    public void scrKnowsTheClientAndServerComponents() {
        Bundle osgi = bundle(OSGI_BUNDLE);
        List<String> names = new ArrayList<>();
        for (String component : List.of("io.anytask.osgi.internal.ClientComponent",
                "io.anytask.osgi.internal.ServerComponent")) {
            ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(osgi, component);
            assertNotNull("SCR does not know " + component, description);
            assertTrue(component + " is enabled", scr.isComponentEnabled(description));
            assertEquals(component + " configuration policy", "require", description.configurationPolicy);
            names.add(description.name);
            assertTrue(component + " has no configuration yet, so no instance",
                    scr.getComponentConfigurationDTOs(description).isEmpty());
        }
        assertEquals(List.of("io.anytask.client", "io.anytask.server"), List.of(
                scr.getComponentDescriptionDTO(osgi, names.get(0)).configurationPid[0],
                scr.getComponentDescriptionDTO(osgi, names.get(1)).configurationPid[0]));
    }

    /**
     * The metatype service (what the Felix web console and Karaf's config commands show) finds a description of
     * both factory configurations, with every option the components read, each described, with their defaults.
     */
    @Test
    public void metatypeDescribesEveryOption() {
        MetaTypeInformation information = metatype.getMetaTypeInformation(bundle(OSGI_BUNDLE));
        assertEquals(Set.of("io.anytask.client", "io.anytask.server"), Set.of(information.getFactoryPids()));

        Map<String, AttributeDefinition> client = attributes(information, "io.anytask.client");
        assertEquals(Set.of("endpoint", "name", "minWorkers", "maxWorkers", "timeout", "maxCheckouts",
                "keepWorkerAfterError", "maxPendingCheckouts", "maxFrameBytes", "maxNesting", "tlsKeyStore",
                "tlsKeyStorePassword", "tlsKeyStoreType", "tlsTrustStore", "tlsTrustStorePassword",
                "tlsTrustStoreType"), client.keySet());
        assertEquals(List.of(String.valueOf(TaskClientConfig.DEFAULT_MAX_WORKERS)),
                List.of(client.get("maxWorkers").getDefaultValue()));
        assertEquals(List.of("30"), List.of(client.get("timeout").getDefaultValue()));
        assertEquals(AttributeDefinition.BOOLEAN, client.get("keepWorkerAfterError").getType());

        Map<String, AttributeDefinition> server = attributes(information, "io.anytask.server");
        assertEquals(Set.of("endpoint", "interface", "bundles", "name", "readyWorkers", "maxWorkers", "maxRenewals",
                "hungWorkerTimeout", "gracePeriod", "bootTimeout", "workerJvmOptions", "workerHome", "relayOnly",
                "socketPermissions", "tlsKeyStore", "tlsKeyStorePassword", "tlsKeyStoreType", "tlsTrustStore",
                "tlsTrustStorePassword", "tlsTrustStoreType", "tlsClientAuth"), server.keySet());
        assertEquals(List.of(String.valueOf(ServerConfig.DEFAULT_READY_WORKERS)),
                List.of(server.get("readyWorkers").getDefaultValue()));
        assertTrue("bundles is a list", server.get("bundles").getCardinality() != 0);
    }

    private static Map<String, AttributeDefinition> attributes(MetaTypeInformation information, String pid) {
        ObjectClassDefinition definition = information.getObjectClassDefinition(pid, null);
        assertNotNull("no description of " + pid, definition);
        Map<String, AttributeDefinition> attributes = new TreeMap<>();
        for (AttributeDefinition attribute : definition.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            assertTrue(pid + " " + attribute.getID() + " is described",
                    attribute.getDescription() != null && !attribute.getDescription().isBlank());
            attributes.put(attribute.getID(), attribute);
        }
        return attributes;
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
