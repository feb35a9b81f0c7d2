package io.anytask.server;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * A snapshot of one worker JVM of a server, for operators (the Karaf command {@code task:workers}) and monitoring.
 *
 * @param number           the worker's number within its server, from 1, as in its name {@code SERVER#N}
 * @param pid              the worker's process id
 * @param state            where it is in its life
 * @param started          when its JVM was started
 * @param checkoutsServed  how many checkouts its client has released on it so far ({@code dn} messages): zero
 *                         before it serves; empty when the server cannot tell (a relayed connection, or a worker
 *                         that did not answer in time)
 * @param renewals         how many times this JVM has been renewed for a next client (its interface bundles
 *                         replaced by fresh ones); 0 for a JVM on its first client
 * @since package version 2.0
 */
public record WorkerInfo(int number, long pid, WorkerState state, Instant started, OptionalLong checkoutsServed,
        int renewals) {

    /**
     * @param now the instant to measure to
     * @return how long the worker has existed at {@code now}
     */
    public Duration age(Instant now) {
        Duration age = Duration.between(started, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
