/**
 * The anytask client (SPEC.md sections 6 and 7): a {@link io.anytask.client.TaskClient} keeps a pool of worker
 * connections and lends one worker at a time to a {@link io.anytask.client.Checkout}, whose calls return
 * {@link java.util.concurrent.CompletableFuture}s. Configuration is an immutable
 * {@link io.anytask.client.TaskClientConfig}; errors are subtypes of {@link io.anytask.client.TaskException}.
 */
@Export
@Version("2.1.0")
package io.anytask.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
