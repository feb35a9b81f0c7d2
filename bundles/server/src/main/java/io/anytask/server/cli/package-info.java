/**
 * The server process: {@link io.anytask.server.cli.ServerArguments} (the option names of {@code anytask server},
 * and how {@link io.anytask.server.TaskServer#fork} hands a configuration to its process) and
 * {@link io.anytask.server.cli.TaskServerMain}, the server process's main. Exported for the {@code anytask} command
 * line, which parses the options with picocli and runs {@link io.anytask.server.cli.TaskServerMain#serve}, from the
 * class path or the module path; applications use {@link io.anytask.server}.
 */
@Export
@Version("2.1.0")
package io.anytask.server.cli;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
