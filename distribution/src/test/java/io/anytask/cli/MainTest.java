package io.anytask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code anytask} itself: the commands, help, version, and how bad arguments are reported. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheCommandsAndTheCompletionScript() {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("Usage: anytask [-hV] COMMAND"), out());
        assertTrue(out().contains("  server  Listen for clients"), out());
        assertTrue(out().contains("  call    Make one call"), out());
        assertTrue(out().contains("  demo    Show what anytask is for"), out());
        assertTrue(out().contains("Bash completion: . ANYTASK_HOME/completion/anytask"), out());
        assertEquals("", err());
    }

    /** From target/classes there is no manifest (bnd writes it into the jar): DistributionIT checks the number. */
    @Test
    void versionIsTheManifestsBundleVersion() {
        assertEquals(0, run("--version"));
        assertTrue(out().startsWith("anytask " + ManifestVersion.version() + System.lineSeparator() + "Java "), out());
        out.reset();
        assertEquals(0, run("call", "-V"));
        assertTrue(out().startsWith("anytask " + ManifestVersion.version()), out());
    }

    @Test
    void helpIsAlsoACommand() {
        assertEquals(0, run("help"));
        assertTrue(out().startsWith("Usage: anytask [-hV] COMMAND"), out());
        out.reset();
        assertEquals(0, run("help", "call"));
        assertTrue(out().startsWith("Usage: anytask call "), out());
    }

    @Test
    void noCommandIsAnErrorWithExitCode2() {
        assertEquals(2, run());
        assertEquals(List.of("anytask: missing command (expected: server, call, demo, help)",
                "Run 'anytask --help' for the commands."), err().lines().toList());
    }

    @Test
    void anUnknownCommandIsNamedWithASuggestion() {
        assertEquals(2, run("serve"));
        assertTrue(err().startsWith("anytask: Unmatched argument at index 0: 'serve'"), err());
        assertTrue(err().contains("server"), err());
        assertTrue(err().endsWith("Run 'anytask --help' for the commands." + System.lineSeparator()), err());
    }

    @Test
    void eachCommandHasItsHelp() {
        for (String command : List.of("server", "call", "demo")) {
            out.reset();
            assertEquals(0, run(command, "--help"), command);
            assertTrue(out().startsWith("Usage: anytask " + command + " "), out());
            assertTrue(out().lines().skip(1).anyMatch(line -> line.startsWith(command.equals("call") ? "Make one"
                    : command.equals("demo") ? "Show what anytask is for" : "Listen for clients")), out());
            assertTrue(out().contains("-h, --help"), out());
        }
        out.reset();
        assertEquals(0, run("server", "-h"));
        assertTrue(out().contains("--worker-jvm-option=OPT..."), out());
    }

    @Test
    void badOptionsNameTheCommandAndTheWayToHelp() {
        assertEquals(2, run("server", "--listen", "udp:x", "--interface", "i", "--bundle", "/b.jar"));
        assertEquals(List.of("anytask server: Invalid value for option '--listen': endpoint: udp:x (expected: "
                        + "unix:/path/to/socket or tcp:host:port)", "Run 'anytask server --help' for the options."),
                err().lines().toList());
        err.reset();
        assertEquals(2, run("demo", "--colour"));
        assertTrue(err().startsWith("anytask demo: Unknown option: '--colour'"), err());
        assertTrue(err().endsWith("Run 'anytask demo --help' for the options." + System.lineSeparator()), err());
    }
}
