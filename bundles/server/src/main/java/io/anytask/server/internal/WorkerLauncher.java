package io.anytask.server.internal;

import io.anytask.protocol.WorkerControl;
import io.anytask.protocol.WorkerJdk;
import io.anytask.server.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts worker JVMs as the hand-off contract with the worker says: in the worker home, with its {@code @jvm.args},
 * the options of the workers' JDK ({@link WorkerJdk#options()} and its start-up archive, if made), the user's JVM
 * options, and {@code --control} naming the server's private control socket.
 */
final class WorkerLauncher {
    /**
     * Workers run in a session of their own where util-linux's {@code setsid} exists (it execs in place, so the pid
     * stays the worker's): a Ctrl-C at the server's terminal then reaches the server alone, whose graceful stop lets
     * serving workers finish, instead of every worker in its process group.
     */
    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of)
            .filter(Files::isExecutable).findFirst();

    private final ServerConfig config;
    private final Path controlSocket;
    private final PrintStream outputSink;
    private final WorkerJdk jdk;
    private final StartupArchive archive;

    WorkerLauncher(ServerConfig config, Path controlSocket, PrintStream outputSink, WorkerJdk jdk,
            StartupArchive archive) {
        this.config = config;
        this.controlSocket = controlSocket;
        this.outputSink = outputSink;
        this.jdk = jdk;
        this.archive = archive;
    }

    /** @return the command line that starts worker number {@code number} */
    List<String> command(int number) {
        List<String> command = new ArrayList<>();
        SETSID.ifPresent(setsid -> command.add(setsid.toString()));
        command.add(config.workerJava().toString());
        command.add("@jvm.args");
        command.addAll(jdk.options());
        command.addAll(archive.options());
        command.addAll(config.workerJvmOptions());
        command.add("-Danytask.worker=" + label(number));
        command.add(WorkerControl.MAIN_CLASS);
        command.add(WorkerControl.INTERFACE);
        command.add(config.interfaceName());
        for (Path bundle : config.bundles()) {
            command.add(WorkerControl.BUNDLE);
            command.add(bundle.toString());
        }
        command.addAll(List.of(WorkerControl.NAME, config.name(), WorkerControl.NUMBER, Integer.toString(number),
                WorkerControl.HUNG_WORKER_TIMEOUT, Long.toString(config.hungWorkerTimeout().toSeconds()),
                WorkerControl.MAX_RENEWALS, Integer.toString(config.maxRenewals()),
                WorkerControl.CONTROL, controlSocket.toString()));
        return command;
    }

    String label(int number) {
        return config.name() + "#" + number;
    }

    /**
     * Starts worker number {@code number}. Its output is copied to the server's stderr; its standard input is
     * closed at once (workers read nothing from it).
     *
     * @throws IOException if the process cannot be started (java missing, no memory)
     */
    Worker launch(int number) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(number))
                .directory(config.workerHome().toFile())
                .redirectErrorStream(true);
        Process process = builder.start();
        process.getOutputStream().close();
        String label = label(number);
        return new Worker(number, label, process, OutputTail.start(process.getInputStream(), label, outputSink));
    }
}
