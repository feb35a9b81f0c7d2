/**
 * The server's command line: {@link io.anytask.server.cli.ServerArguments} (the options of {@code anytask server},
 * also how {@link io.anytask.server.TaskServer#fork} hands a configuration to its process) and
 * {@link io.anytask.server.cli.TaskServerMain}, the server process's main. Exported for the {@code anytask} command
 * line, which uses it from the class path or the module path; applications use {@link io.anytask.server}.
 */
@Export
@Version("1.0.0")
package io.anytask.server.cli;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
