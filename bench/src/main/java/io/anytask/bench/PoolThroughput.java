package io.anytask.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One-call checkouts made all at once on a pool of worker connections (checkout, {@code echo i}, release), every
 * result checked: the client benchmark's throughput and queued figures and the renewal benchmark's fresh-pool figure.
 */
final class PoolThroughput {
    /** One-call checkouts per worker run on a fresh pool to warm it: worker JVMs start cold (interpreted). */
    static final int WARMUP_PER_WORKER = 10_000;
    /** The bound on one round's wait for its results. */
    private static final long ROUND_SECONDS = 600;

    private PoolThroughput() {
    }

    /** A client of {@code workers} connections (all opened at start) with room to queue {@code n} checkouts. */
    static TaskClientConfig config(String endpoint, String name, int workers, int n) {
        return TaskClientConfig.builder(endpoint).name(name).minWorkers(workers).maxWorkers(workers)
                .maxPendingCheckouts(Math.max(n, WARMUP_PER_WORKER * workers) + 1).noTimeout().build();
    }

    /** Makes {@code n} one-call checkouts at once, checks every result; returns the rate in checkouts per second. */
    static double round(TaskClient client, int n) throws Exception {
        List<CompletableFuture<JsonNode>> results = new ArrayList<>(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try (Checkout co = client.checkout()) {
                results.add(co.call("echo", i));
            }
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(ROUND_SECONDS, TimeUnit.SECONDS);
        long nanos = System.nanoTime() - t0;
        for (int i = 0; i < n; i++) {
            if (results.get(i).get().get(0).asInt() != i) {
                throw new IllegalStateException("wrong result for checkout " + i);
            }
        }
        return n / (nanos / 1e9);
    }

    /** Connects all {@code workers} (each gets a call at the same time), without warming them. */
    static void connect(TaskClient client, int workers) throws Exception {
        List<Checkout> held = new ArrayList<>();
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Checkout co = client.checkout();
            held.add(co);
            calls.add(co.call("echo", i));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
        held.forEach(Checkout::close);
    }

    /**
     * Connects all workers, runs {@value #WARMUP_PER_WORKER} one-call checkouts per worker, then sleeps
     * {@code settleMillis} so the server finishes what it started (replacement ready workers).
     */
    static void warm(TaskClient client, int workers, long settleMillis) throws Exception {
        connect(client, workers);
        round(client, WARMUP_PER_WORKER * workers);
        Thread.sleep(settleMillis);
    }
}
