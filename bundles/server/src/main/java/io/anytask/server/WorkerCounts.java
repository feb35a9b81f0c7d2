package io.anytask.server;

/**
 * A snapshot of a server's workers.
 *
 * @param booting started, not yet ready
 * @param ready   booted and idle, waiting for a client
 * @param busy    handed out, serving their client
 * @param warm    of the ready workers, those whose idle warm-up is over: they serve a first request at full speed,
 *                and the server hands them out first (since package version 1.1)
 */
public record WorkerCounts(int booting, int ready, int busy, int warm) {
}
