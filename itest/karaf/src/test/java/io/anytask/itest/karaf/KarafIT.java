package io.anytask.itest.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * anytask in Apache Karaf, one container for every scenario (they run in name order): the feature repository is
 * added and the features installed through the shell, as a user would; a server and a client are configured through
 * Configuration Admin and run real worker JVMs; the {@code task:*} commands run against them; deleting the
 * configurations stops the server and every worker it started. No anytask type appears in this class's signatures
 * (JUnit reads them before the features are installed): {@link Services} holds what uses them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class KarafIT {
    /** Bundles the two features must leave active. */
    private static final Set<String> ANYTASK_BUNDLES = Set.of("io.anytask.protocol", "io.anytask.registry",
            "io.anytask.client", "io.anytask.server", "io.anytask.worker.runtime", "io.anytask.osgi",
            "io.anytask.shell", "io.anytask.examples.conformance");
    private static final String CLIENT = "conformance";
    /** First worker JVMs of a fresh installation wait for the worker home to be made (a training run). */
    private static final Duration SERVER_WAIT = Duration.ofSeconds(180);

    @Inject
    private BundleContext context;

    @Inject
    private SessionFactory sessionFactory;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private FeaturesService featuresService;

    /**
     * The container, made in the test's JVM: the socket path and server name are chosen here and handed to the
     * container as system properties.
     *
     * @return the options
     */
    @Configuration
    public Option[] config() {
        return KarafOptions.container();
    }

    @Test
    public void a1FeaturesInstallFromTheRepositoryAndEveryAnytaskBundleIsActive() throws Exception {
        Fixture.installFeatures(shell());
        assertTrue(featuresService.isInstalled(featuresService.getFeature("anytask")));
        assertTrue(featuresService.isInstalled(featuresService.getFeature("anytask-examples")));
        Set<String> seen = new TreeSet<>();
        List<String> notActive = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name != null && name.startsWith("io.anytask.")) {
                seen.add(name);
                if (bundle.getState() != Bundle.ACTIVE) {
                    notActive.add(name + " " + Fixture.state(bundle.getState()));
                }
            }
        }
        assertEquals(new TreeSet<>(ANYTASK_BUNDLES), seen);
        assertEquals("anytask bundles not active", List.of(), notActive);
        assertEquals("bundles of the features not active", List.of(), Fixture.inactiveFeatureBundles(
                featuresService, context, "anytask", "anytask-examples"));
    }

    @Test
    public void b1TaskClientServiceReferenceCallsEcho() throws Exception {
        configured();
        ServiceReference<?> reference = context.getServiceReferences(Services.CLIENT, "(name=" + CLIENT + ")")[0];
        assertEquals("unix:" + KarafOptions.socket(), reference.getProperty("endpoint"));
        assertEquals("[1,\"x\",[true]]", Services.call(context, CLIENT, "echo", 1, "x", List.of(true)));
    }

    @Test
    public void c1ClientsListsTheClientWithItsCalls() throws Exception {
        configured();
        Services.call(context, CLIENT, "echo", 1);
        String table = shell().run("task:clients");
        // The border is ASCII in a session without a terminal, box-drawing at a console.
        List<String> header = Arrays.stream(table.lines().findFirst().orElse("").split("[│|]"))
                .map(String::strip).collect(Collectors.toList());
        assertEquals(table, List.of("Name", "Endpoint", "Connecting", "Idle", "Busy", "Pending", "Calls", "Errors",
                "Timeouts", "Deaths"), header);
        List<String> row = Fixture.row(shell().run("task:clients --no-format"), CLIENT);
        assertEquals("unix:" + KarafOptions.socket(), row.get(1));
        assertTrue("calls: " + row, Long.parseLong(row.get(6)) >= 1);
    }

    @Test
    public void c2ServersListsTheServerWithItsWorkers() throws Exception {
        configured();
        String table = shell().run("task:servers");
        assertTrue(table, table.contains(KarafOptions.serverName()));
        List<String> row = Fixture.row(shell().run("task:servers --no-format"), KarafOptions.serverName());
        assertEquals(List.of(KarafOptions.serverName(), "unix:" + KarafOptions.socket(), "conformance",
                Services.handOffMode(context, KarafOptions.serverName())), row.subList(0, 4));
        // Booting, Ready (warm ones included), Warm, Busy, Waiting.
        int workers = Integer.parseInt(row.get(4)) + Integer.parseInt(row.get(5)) + Integer.parseInt(row.get(7));
        assertTrue("booting + ready + busy: " + row, workers >= 1);
    }

    @Test
    public void c3WorkersShowsEachWorkerWithItsPid() throws Exception {
        configured();
        String output = shell().run("task:workers --no-format " + KarafOptions.serverName());
        Set<Long> known = Services.workerPids(context, KarafOptions.serverName());
        List<List<String>> rows = output.lines().filter(l -> !l.isBlank()).map(Fixture::cells)
                .collect(Collectors.toList());
        assertFalse("a worker: " + output, rows.isEmpty());
        for (List<String> row : rows) {
            assertEquals(row.toString(), 6, row.size());
            long pid = Long.parseLong(row.get(1));
            assertTrue(row.toString(), Set.of("booting", "ready", "warm", "serving").contains(row.get(2)));
            assertTrue(row.get(3), row.get(3).matches("\\d+[smhd](\\d\\d[smh])?"));
            assertTrue(row.toString(), row.get(4).matches("\\d+"));
            assertTrue(row.toString(), row.get(5).matches("\\d+|-"));
            if (known.contains(pid)) {
                assertTrue("worker " + pid + " is a live process", ProcessHandle.of(pid)
                        .map(ProcessHandle::isAlive).orElse(false));
            }
        }
        assertTrue(output + " vs " + known, rows.stream().anyMatch(r -> known.contains(Long.parseLong(r.get(1)))));

        String all = shell().run("task:workers");
        assertTrue(all, all.lines().findFirst().orElse("").startsWith("Server"));
        assertTrue(all, all.contains(KarafOptions.serverName()));
    }

    @Test
    public void c4CallPrintsTheJsonResult() throws Exception {
        configured();
        assertEquals("[1,\"x\"]", shell().run("task:call conformance echo 1 '\"x\"'").strip());
        assertEquals("[{\"k\":[null]}]", shell().run("task:call --timeout 20 conformance echo '{\"k\":[null]}'")
                .strip());
    }

    @Test
    public void c5CallOfAFailingMethodFailsTheCommandWithTheErrorText() throws Exception {
        configured();
        Exception failure = shell().fails("task:call conformance fail '\"boom\"'");
        assertEquals("failure: boom [" + CLIENT + " -> fail]", failure.getMessage());
    }

    @Test
    public void c6UnknownNamesListTheKnownOnes() throws Exception {
        configured();
        assertEquals("no client named \"nope\"; known clients: " + CLIENT,
                shell().fails("task:call nope echo").getMessage());
        assertEquals("no server named \"nope\"; known servers: " + KarafOptions.serverName(),
                shell().fails("task:workers nope").getMessage());
        String badArgument = shell().fails("task:call conformance echo x").getMessage();
        assertTrue(badArgument, badArgument.startsWith("argument 1 is not one JSON text: x"));
    }

    @Test
    public void z9DeletingTheConfigurationsStopsTheServerAndEveryWorker() throws Exception {
        try {
            configured();
            Services.workerPids(context, KarafOptions.serverName());
        } finally {
            Fixture.deleteConfigurations(configurationAdmin);
        }
        Fixture.awaitTrue("the TaskServer and TaskClient services to go", SERVER_WAIT, () -> Fixture.noService(
                context, Services.SERVER) && Fixture.noService(context, Services.CLIENT));
        Set<Long> seen = Services.seenWorkerPids();
        assertFalse("no worker PID was seen", seen.isEmpty());
        Fixture.awaitTrue("worker processes " + seen + " to end", SERVER_WAIT, () -> seen.stream()
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        List<String> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(KarafOptions.serverName()))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .collect(Collectors.toList());
        assertEquals("processes of server " + KarafOptions.serverName(), List.of(), left);
        assertFalse("the server removed its socket", Files.exists(KarafOptions.socket()));
        Files.deleteIfExists(KarafOptions.socket().getParent());
    }

    /**
     * Installs the features and creates the configurations once per container, then waits for the server to have a
     * booted worker and for the client service.
     */
    private void configured() throws Exception {
        Fixture.installFeatures(shell());
        Fixture.configure(configurationAdmin);
        Services.awaitConfigured(context, KarafOptions.serverName(), CLIENT, SERVER_WAIT);
    }

    private Shell shell() {
        return new Shell(sessionFactory);
    }
}
