package io.anytask.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Endpoint;
import io.anytask.protocol.WorkerJdk;
import io.anytask.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker command line of the hand-off contract. */
class WorkerLauncherTest {
    @TempDir
    Path dir;

    @Test
    void commandFollowsTheHandOffContract() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("jvm.args"), "-cp lib/x.jar\n");
        Path bundle = Files.writeString(dir.resolve("b.jar"), "x");
        ServerConfig config = ServerConfig.builder().endpoint(new Endpoint.Unix(dir.resolve("s.sock")))
                .interfaceName("conformance").bundle(bundle).workerHome(home).name("pw").workerJvmOption("-Xmx64m")
                .hungWorkerTimeout(Duration.ofSeconds(7)).maxRenewals(5).build();
        WorkerJdk jdk = new WorkerJdk(25, "25.0.3+9-LTS", "Eclipse Adoptium");
        Path archive = jdk.archive(home);
        Files.createDirectories(archive.getParent());
        Files.writeString(archive, "made before"); // so that no maker is started
        WorkerLauncher launcher = new WorkerLauncher(config, dir.resolve("control.sock"),
                new PrintStream(OutputStream.nullOutputStream()), jdk,
                new StartupArchive(home, config.workerJava(), jdk, "pw"));

        List<String> command = launcher.command(3);
        int java = command.indexOf(config.workerJava().toString());
        assertTrue(java == 0 || command.get(0).endsWith("/setsid"), command.toString());
        assertEquals(home.resolve("archives/Eclipse_Adoptium-25.0.3+9-LTS.aot"), archive);
        assertEquals(List.of(config.workerJava().toString(), "@jvm.args", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-XX:AOTCache=" + archive, "-Xmx64m", "-Danytask.worker=pw#3",
                "io.anytask.worker.WorkerMain", "--interface", "conformance", "--bundle", bundle.toString(),
                "--name", "pw", "--number", "3", "--hung-worker-timeout", "7", "--max-renewals", "5",
                "--control", dir.resolve("control.sock").toString()), command.subList(java, command.size()));
        assertEquals("pw#3", launcher.label(3));
    }
}
