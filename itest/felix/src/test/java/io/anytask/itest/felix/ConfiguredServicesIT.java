package io.anytask.itest.felix;

import static io.anytask.itest.felix.Await.failure;
import static io.anytask.itest.felix.Await.result;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anytask.client.Checkout;
import io.anytask.client.ClientClosedException;
import io.anytask.client.InterfaceFailedException;
import io.anytask.client.TaskClient;
import io.anytask.server.TaskServer;
import io.anytask.server.WorkerInfo;
import io.anytask.server.WorkerState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Servers and clients configured through Configuration Admin in a native Felix, with real worker JVMs: calls end to
 * end, a consumer bundle's {@code @Reference}, and what updating and deleting configurations do (issue 9, sections 1
 * and 2). Each test makes its own server (interface {@code conformance}, from the bundle installed here, named by
 * symbolic name) and clients; after each, every configuration is deleted and no worker process may be left.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfiguredServicesIT {
    private static final String CONFORMANCE_BUNDLE = "io.anytask.examples.conformance";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin admin;

    private Configurations configurations;
    private String endpoint;

    /** The container; see {@link FelixContainer}. */
    @Configuration
    public Option[] config() {
        return FelixContainer.options();
    }

    /** Configures this test's server, named {@code conf}, on a fresh Unix socket, with one ready worker. */
    @Before
    public void configureServer() throws Exception {
        configurations = new Configurations(admin, context);
        Path socket = Configurations.socket();
        endpoint = "unix:" + socket;
        configurations.server("conf", Map.of("endpoint", endpoint, "interface", "conformance",
                "bundles", new String[] {CONFORMANCE_BUNDLE}, "readyWorkers", 1, "gracePeriod", "5"));
    }

    /** Deletes every configuration; then no worker JVM may be alive. */
    @After
    public void deleteConfigurations() throws Exception {
        try {
            Bundle osgi = bundle("io.anytask.osgi");
            if (osgi.getState() != Bundle.ACTIVE) {
                configurations.deleteAll();
                osgi.start();
            }
            configurations.deleteAll();
            WorkerProcesses.awaitAllEnded();
        } finally {
            Configurations.removeSocketFolders();
        }
    }

    /**
     * A configured server and client run calls end to end: the services appear with their properties, arguments
     * round-trip, setup ran in the worker, the server lists the serving worker (a live process of its own), and a
     * failing call fails with the worker's message.
     */
    @Test
    public void configuredServerAndClientRunCalls() throws Exception {
        TaskServer server = server();
        ServiceReference<TaskServer> serverReference = Await.service(context, TaskServer.class, "(name=conf)");
        assertEquals(endpoint, serverReference.getProperty("endpoint"));
        assertEquals("conformance", serverReference.getProperty("interface"));

        configurations.client("conf", Map.of("endpoint", endpoint));
        ServiceReference<TaskClient> reference = Await.service(context, TaskClient.class, "(name=conf)");
        assertEquals("conf", reference.getProperty("name"));
        assertEquals(endpoint, reference.getProperty("endpoint"));
        TaskClient client = context.getService(reference);
        try (Checkout checkout = client.checkout()) {
            JsonNode echoed = result(checkout.call("echo", 1, "two", List.of(3, "\ud834\uddda")));
            assertEquals(JSON.valueToTree(List.of(1, "two", List.of(3, "\ud834\uddda"))), echoed);
            assertEquals(Integer.valueOf(101), result(checkout.call("count", Integer.class)));

            long pid = result(checkout.call("pid", Long.class));
            List<WorkerInfo> workers = WorkerProcesses.list(server);
            assertTrue("the server lists the worker serving this checkout, pid " + pid + ": " + workers,
                    workers.stream().anyMatch(worker -> worker.pid() == pid && worker.state() == WorkerState.SERVING));
            assertTrue("the serving worker is a live process", WorkerProcesses.alive(pid));
            assertNotEquals("the worker is a process of its own", ProcessHandle.current().pid(), pid);

            InterfaceFailedException failed = failure(checkout.call("fail", "on purpose"),
                    InterfaceFailedException.class);
            assertTrue(failed.getMessage(), failed.reason().startsWith("failure: on purpose"));
        } finally {
            context.ungetService(reference);
        }
    }

    /** A consumer bundle's component gets the client named {@code conf} by {@code @Reference} and calls through it. */
    @Test
    @SuppressWarnings("rawtypes")
    public void consumerBundleGetsTheClientByReference() throws Exception {
        String consumerFilter = "(anytask.itest.consumer=echo)";
        assertEquals("without a client named conf the consumer is not satisfied", 0,
                Await.references(context, Function.class, consumerFilter));
        server();
        configurations.client("conf", Map.of("endpoint", endpoint));
        ServiceReference<Function> first = Await.service(context, Function.class, consumerFilter);
        assertEquals(List.of("through a consumer"), consumerEcho(first, "through a consumer"));

        // The reference is static: a replaced client means a new consumer component, which uses the new client.
        configurations.client("conf", Map.of("endpoint", endpoint, "maxWorkers", 1));
        ServiceReference<Function> second = Await.service(context, Function.class, "(&" + consumerFilter
                + "(!(service.id=" + first.getProperty("service.id") + ")))");
        assertEquals(List.of("after the update"), consumerEcho(second, "after the update"));

        configurations.deleteAll();
        Await.noService(context, Function.class, consumerFilter);
    }

    /**
     * Updating a client configuration replaces the client: the old service is unregistered before the new one is
     * registered, the old client's running and queued calls fail with ClientClosedException saying that the
     * configuration changed, and the new client works.
     */
    @Test
    public void updatedClientConfigurationReplacesTheClient() throws Exception {
        server();
        configurations.client("upd", Map.of("endpoint", endpoint, "maxWorkers", 1, "minWorkers", 1));
        ServiceReference<TaskClient> oldReference = Await.service(context, TaskClient.class, "(name=upd)");
        long oldId = (Long) oldReference.getProperty("service.id");
        TaskClient oldClient = context.getService(oldReference);
        Checkout running = oldClient.checkout();
        assertEquals(JSON.valueToTree(List.of("busy")), result(running.call("echo", "busy")));
        CompletableFuture<JsonNode> sleeping = running.call("sleep", 60);
        Checkout queued = oldClient.checkout(); // waits: the only worker is the running checkout's
        CompletableFuture<JsonNode> waiting = queued.call("count");

        List<String> events = new CopyOnWriteArrayList<>();
        ServiceListener listener = event -> events.add(type(event) + " "
                + event.getServiceReference().getProperty("service.id"));
        context.addServiceListener(listener, "(&(objectClass=" + TaskClient.class.getName() + ")(name=upd))");
        try {
            configurations.client("upd", Map.of("endpoint", endpoint, "maxWorkers", 2, "minWorkers", 1));
            ServiceReference<TaskClient> newReference = Await.service(context, TaskClient.class,
                    "(&(name=upd)(!(service.id=" + oldId + ")))");
            long newId = (Long) newReference.getProperty("service.id");
            assertNotEquals(oldId, newId);
            Await.until("both service events", () -> events.size() >= 2);
            assertEquals(List.of("UNREGISTERING " + oldId, "REGISTERED " + newId), events);

            String reason = "client closed: configuration io.anytask.client~upd changed";
            assertEquals(reason, failure(sleeping, ClientClosedException.class).reason());
            assertEquals(reason, failure(waiting, ClientClosedException.class).reason());
            assertThrows(ClientClosedException.class, oldClient::checkout);

            TaskClient newClient = context.getService(newReference);
            try (Checkout checkout = newClient.checkout()) {
                assertEquals(Integer.valueOf(101), result(checkout.call("count", Integer.class)));
            } finally {
                context.ungetService(newReference);
            }
        } finally {
            context.removeServiceListener(listener);
            running.close();
            queued.close();
            context.ungetService(oldReference);
        }
    }

    /** Deleting a client configuration unregisters its service and closes the client; its threads end. */
    @Test
    public void deletedClientConfigurationClosesTheClient() throws Exception {
        server();
        org.osgi.service.cm.Configuration configuration = configurations.client("del", Map.of("endpoint", endpoint));
        ServiceReference<TaskClient> reference = Await.service(context, TaskClient.class, "(name=del)");
        TaskClient client = context.getService(reference);
        try (Checkout checkout = client.checkout()) {
            assertEquals(Integer.valueOf(101), result(checkout.call("count", Integer.class)));
        }
        assertFalse("the client's threads (event loop, callbacks)", clientThreads("del").isEmpty());
        configuration.delete();
        Await.noService(context, TaskClient.class, "(name=del)");
        Await.until("the deleted client to close", () -> closed(client));
        ClientClosedException closed = assertThrows(ClientClosedException.class, client::checkout);
        assertEquals("client closed: configuration io.anytask.client~del deleted", closed.reason());
        Await.until("the end of the client's threads " + clientThreads("del"), () -> clientThreads("del").isEmpty());
        context.ungetService(reference);
    }

    /**
     * Deleting the server configuration stops the server gracefully: its service goes away, a call in progress
     * still completes, and every worker JVM the server started ends.
     */
    @Test
    public void deletedServerConfigurationEndsEveryWorker() throws Exception {
        TaskServer server = server();
        configurations.client("conf", Map.of("endpoint", endpoint, "minWorkers", 1, "maxWorkers", 1,
                "maxCheckouts", 1));
        ServiceReference<TaskClient> reference = Await.service(context, TaskClient.class, "(name=conf)");
        TaskClient client = context.getService(reference);
        List<Long> pids = new ArrayList<>();
        try (Checkout checkout = client.checkout()) {
            assertEquals(Integer.valueOf(101), result(checkout.call("count", Integer.class)));
            CompletableFuture<Double> sleeping = checkout.call("sleep", Double.class, 0.5);
            WorkerProcesses.list(server).forEach(worker -> pids.add(worker.pid()));
            assertTrue("the server's threads: " + serverThreads("conf"),
                    serverThreads("conf").containsAll(List.of("anytask-acceptor-conf", "anytask-dispatcher-conf")));
            admin.getFactoryConfiguration(Configurations.SERVER, "conf", "?").delete();
            Await.noService(context, TaskServer.class, "(name=conf)");
            assertEquals("the call in progress completes", Double.valueOf(0.5), result(sleeping));
        } finally {
            context.ungetService(reference);
        }
        assertFalse(pids.isEmpty());
        WorkerProcesses.awaitEnded(pids);
        Await.until("the end of the server's threads " + serverThreads("conf"), () -> serverThreads("conf").isEmpty());
    }

    /** Stopping the io.anytask.osgi bundle closes its clients (pending calls fail) and stops its servers. */
    @Test
    public void stoppingTheBundleClosesClientsAndStopsServers() throws Exception {
        TaskServer server = server();
        configurations.client("conf", Map.of("endpoint", endpoint, "minWorkers", 1, "maxWorkers", 1));
        ServiceReference<TaskClient> reference = Await.service(context, TaskClient.class, "(name=conf)");
        TaskClient client = context.getService(reference);
        Checkout holding = client.checkout();
        try {
            assertEquals(Integer.valueOf(101), result(holding.call("count", Integer.class)));
            Checkout queued = client.checkout();
            CompletableFuture<JsonNode> waiting = queued.call("count");
            queued.close();
            List<Long> pids = new ArrayList<>();
            WorkerProcesses.list(server).forEach(worker -> pids.add(worker.pid()));

            bundle("io.anytask.osgi").stop();

            assertEquals(0, Await.references(context, TaskClient.class, "(name=*)"));
            assertEquals(0, Await.references(context, TaskServer.class, "(name=*)"));
            assertEquals("client closed: bundle io.anytask.osgi stopped",
                    failure(waiting, ClientClosedException.class).reason());
            assertThrows(ClientClosedException.class, client::checkout);
            Await.until("the end of the client's threads", () -> clientThreads("conf").isEmpty());
            assertFalse(pids.isEmpty());
            WorkerProcesses.awaitEnded(pids);
        } finally {
            holding.close();
            context.ungetService(reference);
        }
    }

    /** The running server named {@code conf}, once its service is registered (it listens by then). */
    private TaskServer server() throws InterruptedException {
        ServiceReference<TaskServer> reference = Await.service(context, TaskServer.class, "(name=conf)");
        TaskServer server = context.getService(reference);
        Await.until("a worker of server conf", () -> !WorkerProcesses.list(server).isEmpty());
        return server;
    }

    /** Calls echo through the consumer bundle's service. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<String> consumerEcho(ServiceReference<Function> reference, String word) throws Exception {
        Function<Object, CompletableFuture<JsonNode>> consumer = context.getService(reference);
        assertNotNull("the consumer service is still registered", consumer);
        try {
            JsonNode echoed = result(consumer.apply(word));
            List<String> words = new ArrayList<>();
            echoed.forEach(node -> words.add(node.asText()));
            return words;
        } finally {
            context.ungetService(reference);
        }
    }

    /**
     * The live threads of the server named {@code name} (its acceptor, dispatcher, workers' output pumps and the
     * component's starter) and the threads every server has (control acceptor, timer, worker events): only one
     * server runs at a time in these tests.
     */
    private static List<String> serverThreads(String name) {
        List<String> named = List.of("anytask-acceptor-" + name, "anytask-dispatcher-" + name,
                "anytask-control-acceptor");
        List<String> prefixes = List.of("anytask-output-" + name + "#", "anytask-server-start", "anytask-timer",
                "anytask-worker-events");
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(thread -> named.contains(thread) || prefixes.stream().anyMatch(thread::startsWith))
                .toList();
    }

    /** The live threads of the client named {@code name}: its event loop and its callback thread. */
    private static List<String> clientThreads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(thread -> thread.equals("anytask-client-" + name) || thread.equals("anytask-callbacks-" + name))
                .toList();
    }

    private static boolean closed(TaskClient client) {
        try {
            client.checkout().close();
            return false;
        } catch (ClientClosedException e) {
            return true;
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static String type(ServiceEvent event) {
        return switch (event.getType()) {
            case ServiceEvent.REGISTERED -> "REGISTERED";
            case ServiceEvent.UNREGISTERING -> "UNREGISTERING";
            case ServiceEvent.MODIFIED -> "MODIFIED";
            default -> "MODIFIED_ENDMATCH";
        };
    }
}
