package io.anytask.server;

/**
 * A snapshot of a server's workers, and of the clients waiting for one.
 *
 * @param booting        started, not yet ready
 * @param ready          booted and idle, waiting for a client
 * @param busy           handed out, serving their client
 * @param warm           of the ready workers, those whose idle warm-up is over: they serve a first request at full
 *                       speed, and the server hands them out first (since package version 1.1)
 * @param waitingClients client connections accepted and waiting for a worker: one is booting for each, within the
 *                       cap on workers (since package version 2.0)
 */
public record WorkerCounts(int booting, int ready, int busy, int warm, int waitingClients) {
}
