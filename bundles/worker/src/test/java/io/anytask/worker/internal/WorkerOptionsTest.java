package io.anytask.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerOptionsTest {
    @TempDir
    Path dir;

    @Test
    void parsesTheFullCommandLine() throws Exception {
        Path jar = Files.createFile(dir.resolve("user.jar"));
        WorkerOptions o = WorkerOptions.parse("--interface", "hasher", "--bundle", jar.toString(), "--name", "srv",
                "--number", "3", "--hung-worker-timeout", "0.5", "--max-renewals", "12", "--control", "/tmp/c.sock");
        assertEquals("hasher", o.interfaceName());
        assertEquals(List.of(jar), o.bundles());
        assertEquals("srv#3", o.label());
        assertEquals(Duration.ofMillis(500), o.hungWorkerTimeout());
        assertEquals(WorkerOptions.DEFAULT_INTERFACE_WAIT, o.interfaceWait());
        assertEquals(12, o.maxRenewals());
        assertEquals(WorkerOptions.Mode.CONTROL, o.mode());
        assertEquals(Optional.of(Path.of("/tmp/c.sock")), o.socket());
    }

    @Test
    void defaultsAndZeroTimeout() {
        WorkerOptions o = WorkerOptions.parse("--interface", "x", "--accept-unix", "/tmp/a.sock");
        assertEquals(Duration.ofSeconds(300), o.hungWorkerTimeout());
        assertEquals("anytask", o.label());
        assertEquals(0, o.maxRenewals(), "without the option a worker serves one client");
        assertEquals(Duration.ZERO,
                WorkerOptions.parse("--interface", "x", "--hung-worker-timeout", "0", "--warm-up").hungWorkerTimeout());
    }

    @Test
    void badOptionsNameOptionValueAndExpectation() {
        assertMessage("--number: -1 (expected: an integer >= 0)", "--interface", "x", "--number", "-1", "--warm-up");
        assertMessage("--hung-worker-timeout: soon (expected: seconds from 0 to 100000000 with at most 9 decimals,"
                + " such as 30 or 0.5)", "--interface", "x", "--hung-worker-timeout", "soon", "--warm-up");
        assertMessage("--interface-wait: -1 (expected: seconds from 0 to 100000000 with at most 9 decimals,"
                + " such as 30 or 0.5)", "--interface", "x", "--interface-wait", "-1", "--warm-up");
        assertMessage("--accept-unix: only one of --accept-unix, --control, --warm-up may be given",
                "--interface", "x", "--control", "/a", "--accept-unix", "/b");
        assertMessage("--control: rel.sock (expected: an absolute path)", "--interface", "x", "--control", "rel.sock");
        assertMessage("--bundle: /no/such.jar (expected: a readable bundle jar file)",
                "--interface", "x", "--bundle", "/no/such.jar", "--warm-up");
        assertMessage("--interface: missing value", "--warm-up", "--interface");
        assertMessage("--max-renewals: -1 (expected: an integer >= 0)", "--interface", "x", "--max-renewals", "-1",
                "--warm-up");
        assertMessage("missing --interface NAME", "--accept-unix", "/a");
        assertMessage("--interface: ' ' (expected: a non-blank name)", "--interface", " ", "--warm-up");
    }

    private static void assertMessage(String message, String... args) {
        assertEquals(message, assertThrows(WorkerOptions.OptionException.class,
                () -> WorkerOptions.parse(args)).getMessage());
    }
}
