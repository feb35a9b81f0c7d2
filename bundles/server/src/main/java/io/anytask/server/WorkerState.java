package io.anytask.server;

/**
 * Where a worker JVM is in its life, as its server sees it.
 */
public enum WorkerState {
    /** Started, not yet reported ready (Felix booting, the interface being looked up). */
    BOOTING,
    /** Booted and idle, waiting for a client; its idle warm-up is still running. */
    READY,
    /** Booted and idle, its idle warm-up over: it serves a first request at full speed and is handed out first. */
    WARM,
    /** Handed a client connection, which it serves until the client closes it. */
    SERVING
}
