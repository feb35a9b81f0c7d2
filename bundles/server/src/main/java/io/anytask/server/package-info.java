/**
 * The anytask server (SPEC.md section 4): {@link io.anytask.server.TaskServer} listens on an
 * {@link io.anytask.protocol.Endpoint}, keeps worker JVMs ready ahead of demand and hands each accepted connection
 * to a worker of its own, which renews itself for a next client afterwards where that is safe
 * ({@link io.anytask.server.ServerConfig.Builder#maxRenewals}); {@link io.anytask.server.TaskServer#fork} starts a
 * dedicated server process tied to its caller.
 */
@Export
@Version("2.1.0")
package io.anytask.server;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
