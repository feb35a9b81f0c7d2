package io.anytask.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code anytask} command line: {@code anytask COMMAND [OPTIONS...]}, one picocli command with the subcommands
 * {@link ServerCommand server}, {@link CallCommand call} and {@link DemoCommand demo}, and picocli's
 * {@code help [COMMAND]}. {@code bin/anytask} of the distribution runs it with the installation's jars and worker
 * home. Exit codes: 0 for success, help and version;
 * 2 for bad arguments (the message, then {@code Run 'anytask COMMAND --help'}); another non-zero code for failures.
 */
@Command(name = "anytask", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        subcommands = {ServerCommand.class, CallCommand.class, DemoCommand.class, HelpCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        description = "Runs blocking code in worker JVMs and lends each worker, exclusively, to one client at a time.",
        commandListHeading = "%nCommands:%n", usageHelpWidth = 120,
        footer = {"", "Run 'anytask COMMAND --help' for a command's options.",
            "Bash completion: . ${sys:anytask.home:-ANYTASK_HOME}/completion/anytask"})
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /**
     * Runs one command and exits with its exit code.
     *
     * @param args the command's name, then its arguments
     */
    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.in, System.out, System.err));
    }

    /**
     * Runs one command.
     *
     * @param args the command's name, then its arguments
     * @param in   standard input
     * @param out  standard output
     * @param err  standard error
     * @return the exit code: the command's; 0 for help and version, 2 for bad arguments
     */
    public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        return commandLine(new Streams(in, out, err)).execute(args.toArray(String[]::new));
    }

    /** @return the whole command line, its commands writing to and reading from {@code streams} */
    static CommandLine commandLine(Streams streams) {
        CommandLine cli = new CommandLine(Main.class, new Factory(streams));
        cli.setOut(writer(streams.out()));
        cli.setErr(writer(streams.err()));
        cli.setParameterExceptionHandler(Main::badArguments);
        return cli;
    }

    /** {@code anytask} alone: a command is missing. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command (expected: "
                + String.join(", ", spec.subcommands().keySet()) + ")");
    }

    /** Bad arguments: the message and how to get help, on standard error; exit code 2. */
    private static int badArguments(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        String name = cli.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + name + " --help' for " + (cli.getParent() == null ? "the commands." : "the options."));
        err.flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Help and error texts, in the platform's encoding as picocli's own writers; commands write to the stream. */
    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(stream, true);
    }

    /** Makes the commands with the streams of this run; anything else as picocli would. */
    private record Factory(Streams streams) implements IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(Streams.class).newInstance(streams);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
