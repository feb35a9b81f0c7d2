package io.anytask.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers that cannot boot exit with a clear message and a non-zero code, never hang. */
class WorkerBootIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private String run(int expectedExit, List<String> args) throws Exception {
        try (WorkerProcess worker = WorkerProcess.start(dir, args)) {
            assertEquals(expectedExit, worker.awaitExit(WAIT), worker.stderr());
            return worker.stderr();
        }
    }

    @Test
    void badOptionsNameTheOption() throws Exception {
        String sock = dir.resolve("w.sock").toString();
        assertTrue(run(2, List.of("--interface", "x", "--accept-unix", sock, "--hung-worker-timeout", "-1"))
                .contains("--hung-worker-timeout: -1 (expected: seconds from 0 to 100000000 with at most 9 decimals"));
        assertTrue(run(2, List.of("--interface", "x", "--bundle", "relative.jar", "--accept-unix", sock))
                .contains("--bundle: relative.jar (expected: an absolute path)"));
        assertTrue(run(2, List.of("--interface", "x")).contains("missing one of --accept-unix PATH"));
        assertTrue(run(2, List.of("--frobnicate", "1")).contains("unknown option: --frobnicate"));
    }

    @Test
    void missingInterfaceListsTheRegisteredOnes() throws Exception {
        String err = run(1, List.of("--interface", "nosuch", "--bundle", WorkerProcess.conformanceJar().toString(),
                "--interface-wait", "0.2", "--accept-unix", dir.resolve("w.sock").toString()));
        assertTrue(err.contains("no interface named 'nosuch'"), err);
        assertTrue(err.contains("conformance, conformance-setup-fails, conformance-setup-fails-once"), err);
    }

    @Test
    void unresolvableBundleIsNamed() throws Exception {
        Path jar = dir.resolve("broken.jar");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "test.broken");
        main.putValue("Import-Package", "no.such.pkg");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.flush();
        }
        String err = run(1, List.of("--interface", "conformance", "--bundle", jar.toString(),
                "--accept-unix", dir.resolve("w.sock").toString()));
        assertTrue(err.contains("bundle test.broken"), err);
        assertTrue(err.contains("no.such.pkg"), err);
    }

    @Test
    void neverReplacesOrRemovesAnExistingSocketPath() throws Exception {
        Path taken = Files.writeString(dir.resolve("taken.sock"), "someone else's");
        String err = run(1, List.of("--interface", "conformance", "--bundle",
                WorkerProcess.conformanceJar().toString(), "--accept-unix", taken.toString()));
        assertTrue(err.contains("cannot get a connection"), err);
        assertEquals("someone else's", Files.readString(taken));
    }

    @Test
    void warmUpBootsAndExits() throws Exception {
        assertEquals("", run(0, List.of("--warm-up")));
    }

}
