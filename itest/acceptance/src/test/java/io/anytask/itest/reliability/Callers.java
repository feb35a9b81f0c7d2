package io.anytask.itest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Concurrent callers for the load tests: each of {@code callers} threads takes the next request id, checks out,
 * calls {@code echo(id)}, releases and waits (bounded) for the result, until {@code checkouts} ids are used. Every
 * result must be its own id; each id's result is counted, so a lost or duplicated call fails the run.
 */
final class Callers {
    private Callers() {
    }

    /**
     * Runs the round and checks it: every id answered once with itself, within {@code seconds} in all.
     *
     * @return the time the round took, in milliseconds
     */
    static long run(TaskClient client, int callers, int checkouts, long seconds) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicIntegerArray answered = new AtomicIntegerArray(checkouts);
        long start = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                running.add(threads.submit(() -> {
                    for (int id = next.getAndIncrement(); id < checkouts; id = next.getAndIncrement()) {
                        JsonNode result;
                        try (Checkout co = client.checkout()) {
                            result = co.call("echo", id).get(seconds, TimeUnit.SECONDS);
                        }
                        assertEquals(id, result.get(0).asInt(), "the result of request " + id);
                        answered.incrementAndGet(id);
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            for (Future<?> f : running) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS); // a deadlock fails here
            }
        } finally {
            threads.shutdownNow();
            assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "the callers ended");
        }
        for (int id = 0; id < checkouts; id++) {
            assertEquals(1, answered.get(id), "request " + id + " was answered once");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
