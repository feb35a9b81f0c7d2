package io.anytask.server;

/**
 * How an accepted client connection reaches its worker.
 */
public enum HandOffMode {
    /** The connection's file descriptor is passed to the worker, which then talks to the client directly. */
    DIRECT,
    /** The worker serves its control connection and the server copies bytes between it and the client. */
    RELAY
}
