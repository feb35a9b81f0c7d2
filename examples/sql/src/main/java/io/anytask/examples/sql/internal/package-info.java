/**
 * The interface {@code sql}: JDBC in worker JVMs, one connection per worker, one transaction per checkout, over an
 * H2 database that every worker of a server shares.
 *
 * <h2>Why H2 runs in server mode, outside the workers</h2>
 *
 * <p>Every worker is a JVM of its own, and a renewed worker (docs/worker.md, "Renewal") must leave nothing of its
 * interface behind. An embedded H2 database fits neither:
 * <ul>
 *   <li>its file is locked by the one process that opens it, so the other workers of the server could not open it;
 *   <li>it runs threads of its own in the JVM that opens it (the store's background writer, and a shutdown hook
 *       that closes the database), which the renewal's isolation gates refuse ({@code thread "T" started by the
 *       interface's code is still alive}, {@code a class loader of a discarded bundle is still reachable}): every
 *       client would then cost a new JVM, and the database would be opened and closed with every worker life.
 * </ul>
 * So one other process, the application that uses the pool or a process of its own, opens the database file
 * embedded and runs H2's TCP server on the loopback address; the workers connect as clients with
 * {@code jdbc:h2:tcp://127.0.0.1:PORT/PATH}, given in the worker system property
 * {@value io.anytask.examples.sql.internal.SqlInterface#URL_PROPERTY} (the server's
 * {@code --worker-jvm-option -D...}). A client connection is a socket and no thread; it is closed when the
 * component is deactivated, before the renewal's file-descriptor gate looks. H2's automatic mixed mode
 * ({@code AUTO_SERVER=TRUE}) is not used: its first connection starts the server inside the JVM that made it,
 * which would be a worker. Setup refuses any URL that is not an H2 server URL.
 *
 * <h2>The driver</h2>
 *
 * <p>The interface makes its connection with {@code org.h2.Driver} directly, not through {@code DriverManager},
 * which hands a driver only to code whose class loader can load the driver's class (a lookup that depends on
 * class loaders is not what bundles should rely on). H2's bundle activator registers the driver with
 * {@code DriverManager} when H2's bundle starts and deregisters it when it stops, so a renewed worker's old H2
 * classes can be collected and renewal goes on: the integration test checks that a worker keeps its process and
 * counts its renewals.
 */
package io.anytask.examples.sql.internal;
