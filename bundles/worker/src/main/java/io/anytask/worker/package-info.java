/**
 * The worker process: {@link io.anytask.worker.WorkerMain} boots an embedded Apache Felix, finds the interface by
 * name and serves one connection; with {@code --max-renewals} it then renews itself (fresh interface bundles, same
 * JVM) and serves the next. Its command line and runtime layout are described on that class.
 */
@Export
@Version("1.0.0")
package io.anytask.worker;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
