package io.anytask.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.anytask.protocol.DeferredLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/** The whiteboard against a real (embedded) Felix framework, services registered through the system bundle. */
class InterfaceTrackerTest {
    @TempDir
    Path cache;
    private Framework framework;
    private BundleContext context;
    private InterfaceTracker tracker;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(config);
        framework.start();
        context = framework.getBundleContext();
        tracker = InterfaceTracker.open(context);
    }

    @AfterEach
    void stop() throws Exception {
        tracker.close();
        framework.stop();
        framework.waitForStop(10_000);
    }

    /** A handler that answers with its label. */
    private ServiceRegistration<?> register(Object names, String label, int ranking) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(InterfaceRegistry.INTERFACE_PROPERTY, names);
        props.put(Constants.SERVICE_RANKING, ranking);
        TaskHandler handler = request -> label;
        return context.registerService(TaskHandler.class, handler, props);
    }

    private static String call(TaskInterface iface) {
        return iface.call(List.<JsonNode>of(JsonNodeFactory.instance.textNode("m")), new DeferredLog()).asText();
    }

    @Test
    void findsByNameAndPrefersTheHighestRanking() {
        register("a", "low", 0);
        ServiceRegistration<?> high = register("a", "high", 10);
        register(new String[] {"b", "c"}, "bc", 0);
        assertEquals("high", call(tracker.find("a").orElseThrow()));
        assertEquals("bc", call(tracker.find("c").orElseThrow()));
        assertEquals(List.of("a", "b", "c"), List.copyOf(tracker.names()));
        high.unregister();
        assertEquals("low", call(tracker.find("a").orElseThrow()));
        assertTrue(tracker.find("nosuch").isEmpty());
    }

    @Test
    void awaitWaitsForARegistrationAndTimesOutNamingWhatIsThere() throws Exception {
        register("present", "p", 0);
        CompletableFuture<TaskInterface> later = CompletableFuture.supplyAsync(() -> {
            try {
                return tracker.await("late", Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        register("late", "l", 0);
        assertEquals("l", call(later.get(30, TimeUnit.SECONDS)));
        InterfaceNotFoundException e = assertThrows(InterfaceNotFoundException.class,
                () -> tracker.await("missing", Duration.ofMillis(50)));
        assertTrue(e.getMessage().startsWith("no interface named 'missing' was registered within 50 ms"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("registered interfaces: [late, present]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tracker.await("x", Duration.ofSeconds(-1)));
    }
}
