/**
 * The interface {@code bcrypt}: password hashing in worker JVMs, the original AnyEvent::Task's own example. Hashing
 * is slow on purpose (the cost), so it runs in a pool of workers, off the caller's threads. The bcrypt code is
 * the {@code at.favre.lib:bcrypt} bundle, with its {@code at.favre.lib:bytes} bundle: a server is given both as
 * {@code --bundle}s beside this one, and this bundle imports their packages (nothing is embedded).
 */
package io.anytask.examples.bcrypt.internal;
