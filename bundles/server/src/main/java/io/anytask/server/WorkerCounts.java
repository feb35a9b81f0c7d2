package io.anytask.server;

/**
 * A snapshot of a server's workers.
 *
 * @param booting started, not yet ready
 * @param ready   booted and idle, waiting for a client
 * @param busy    handed out, serving their client
 */
public record WorkerCounts(int booting, int ready, int busy) {
}
