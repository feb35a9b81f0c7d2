package io.anytask.server.it;

import io.anytask.testsupport.BuildPaths;
import io.anytask.testsupport.Processes;
import io.anytask.testsupport.ServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the build put what the end-to-end tests need (set by the module's failsafe configuration). */
final class TestEnvironment {
    /** The options of the server processes' JVMs. */
    private static final List<String> SERVER_JVM = List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private TestEnvironment() {
    }

    static Path workerHome() {
        return BuildPaths.existing("anytask.test.workerHome");
    }

    static Path conformanceBundle() {
        return BuildPaths.existing("anytask.test.conformanceBundle");
    }

    static String java() {
        return Processes.java();
    }

    /** Starts a server process with the conformance interface and the given extra options; does not wait. */
    static ServerProcess startServer(Path dir, String listen, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("--listen", listen, "--interface", "conformance",
                "--bundle", conformanceBundle().toString(),
                "--worker-home", workerHome().toString(), "--name", "it",
                "--worker-jvm-option", "-Xmx64m"));
        args.addAll(List.of(options));
        return startServerRaw(dir, args);
    }

    /** Starts a server process with exactly the arguments {@code args}, on this JVM's class path; does not wait. */
    static ServerProcess startServerRaw(Path dir, List<String> args) throws IOException {
        return ServerProcess.start(dir, java(), SERVER_JVM, System.getProperty("java.class.path"), args);
    }
}
