package io.anytask.client;

/**
 * A snapshot of a {@link TaskClient}'s pool and its totals since start. The figures are read one by one while the
 * pool runs, so they are each exact but not necessarily taken at the same instant.
 *
 * @param workersConnecting worker connections being opened
 * @param workersIdle worker connections open and waiting for a checkout
 * @param workersBusy worker connections lent to a checkout
 * @param pendingCheckouts checkouts waiting for a worker
 * @param calls calls answered with {@code ok}
 * @param errors calls answered with {@code er}
 * @param timeouts checkouts that timed out
 * @param workerDeaths worker connections that closed or failed while open, not by the client's choice
 * @param retirements workers the client closed on purpose (after an error, a fatal error or max checkouts)
 */
public record ClientStats(int workersConnecting, int workersIdle, int workersBusy, int pendingCheckouts,
                          long calls, long errors, long timeouts, long workerDeaths, long retirements) {
}
