package io.anytask.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Test helper: runs or only parses {@code anytask ARGS...} with in-memory standard streams. */
final class Parsed {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final InputStream in;

    Parsed() {
        this("");
    }

    /** @param input the text of standard input */
    Parsed(String input) {
        in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
    }

    private Streams streams() {
        return new Streams(in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** @return the subcommand object with the options of {@code args} set, nothing run */
    <T> T command(Class<T> type, String... args) {
        CommandLine cli = Main.commandLine(streams());
        ParseResult result = cli.parseArgs(args);
        return type.cast(result.subcommand().commandSpec().userObject());
    }

    /** @return the exit code of {@code anytask ARGS...} */
    int run(String... args) {
        return Main.commandLine(streams()).execute(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    List<String> errLines() {
        return err().lines().toList();
    }
}
