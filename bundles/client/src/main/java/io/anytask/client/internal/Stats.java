package io.anytask.client.internal;

import io.anytask.client.ClientStats;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The figures of {@link ClientStats}: written by the loop only, read by any thread, hence atomics. The pending
 * count is also reserved by callers of {@code checkout()}, so that the bound holds without a hop to the loop.
 */
final class Stats {
    final AtomicInteger connecting = new AtomicInteger();
    final AtomicInteger idle = new AtomicInteger();
    final AtomicInteger busy = new AtomicInteger();
    final AtomicInteger pending = new AtomicInteger();
    final AtomicLong calls = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    final AtomicLong deaths = new AtomicLong();
    final AtomicLong retirements = new AtomicLong();

    ClientStats snapshot() {
        return new ClientStats(connecting.get(), idle.get(), busy.get(), pending.get(), calls.get(), errors.get(),
                timeouts.get(), deaths.get(), retirements.get());
    }
}
