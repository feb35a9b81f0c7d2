package io.anytask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("Usage: anytask COMMAND [ARGS...]"), out());
        assertTrue(out().contains("  server     listen for clients"), out());
    }

    @Test
    void noCommandIsAnErrorWithTheUsage() {
        assertEquals(2, run());
        assertTrue(err().startsWith("Usage: anytask COMMAND"), err());
    }

    @Test
    void anUnknownCommandIsNamed() {
        assertEquals(2, run("serve"));
        assertTrue(err().startsWith("anytask: unknown command: serve (expected: server"), err());
    }

    @Test
    void serverHelpShowsItsOptions() {
        assertEquals(0, run("server", "--help"));
        assertTrue(out().startsWith("Usage: anytask server --listen unix:/path|tcp:host:port --interface NAME"),
                out());
        assertTrue(out().contains("--worker-jvm-option OPT..."), out());
    }

    @Test
    void badServerOptionsAreReportedWithExitCode2() {
        assertEquals(2, run("server", "--listen", "udp:x", "--interface", "i"));
        assertTrue(err().startsWith(
                "anytask server: endpoint: udp:x (expected: unix:/path/to/socket or tcp:host:port)"), err());
        assertTrue(err().contains("Run 'anytask server --help' for the options."), err());
    }
}
