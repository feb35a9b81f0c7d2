package io.anytask.itest.karaf;

import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.server.TaskServer;
import io.anytask.server.WorkerInfo;
import io.anytask.server.WorkerState;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * What {@link KarafIT} does with the anytask services themselves. The anytask types appear only here, never in
 * {@link KarafIT}'s signatures: JUnit reads those before the first scenario has installed the features.
 */
final class Services {
    /** Service class name of the servers. */
    static final String SERVER = "io.anytask.server.TaskServer";
    /** Service class name of the clients. */
    static final String CLIENT = "io.anytask.client.TaskClient";

    /** Worker PIDs seen during the run; the last scenario checks that each has ended. */
    private static final Set<Long> WORKER_PIDS = new TreeSet<>();

    private Services() {
    }

    /**
     * Waits for the configured server to have a booted worker, and for the client service {@code client}; records
     * the server's worker PIDs.
     */
    static void awaitConfigured(BundleContext context, String server, String client, Duration limit)
            throws InterruptedException {
        TaskServer running = Fixture.await("the TaskServer " + server + " with a booted worker", limit,
                () -> service(context, TaskServer.class, server)
                        .filter(s -> s.listWorkers().stream().anyMatch(w -> w.state() != WorkerState.BOOTING)));
        running.listWorkers().forEach(w -> WORKER_PIDS.add(w.pid()));
        Fixture.await("the TaskClient " + client, limit, () -> service(context, TaskClient.class, client));
    }

    /** @return the hand-off mode of server {@code server}, in lower case as the shell shows it */
    static String handOffMode(BundleContext context, String server) {
        return service(context, TaskServer.class, server).orElseThrow().handOffMode().name().toLowerCase();
    }

    /** @return the PIDs of the workers server {@code server} has now */
    static Set<Long> workerPids(BundleContext context, String server) {
        Set<Long> pids = service(context, TaskServer.class, server).orElseThrow().listWorkers().stream()
                .map(WorkerInfo::pid).collect(Collectors.toCollection(TreeSet::new));
        WORKER_PIDS.addAll(pids);
        return pids;
    }

    /** @return the worker PIDs seen so far */
    static Set<Long> seenWorkerPids() {
        return new TreeSet<>(WORKER_PIDS);
    }

    /**
     * Calls {@code method} with {@code args} on a fresh checkout of the client found by a service reference with the
     * filter {@code (name=CLIENT)}.
     *
     * @return the result as JSON text
     */
    static String call(BundleContext context, String client, String method, Object... args) throws Exception {
        Collection<ServiceReference<TaskClient>> references = context.getServiceReferences(TaskClient.class,
                "(name=" + client + ")");
        if (references.size() != 1) {
            throw new AssertionError("TaskClient services named " + client + ": " + references.size());
        }
        ServiceReference<TaskClient> reference = references.iterator().next();
        TaskClient taskClient = context.getService(reference);
        try (Checkout checkout = taskClient.checkout()) {
            return checkout.call(method, args).get(60, TimeUnit.SECONDS).toString();
        } finally {
            context.ungetService(reference);
        }
    }

    private static <S> Optional<S> service(BundleContext context, Class<S> type, String name) {
        try {
            for (ServiceReference<S> reference : context.getServiceReferences(type, "(name=" + name + ")")) {
                S service = context.getService(reference);
                context.ungetService(reference);
                if (service != null) {
                    return Optional.of(service);
                }
            }
            return Optional.empty();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
