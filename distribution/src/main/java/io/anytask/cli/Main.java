package io.anytask.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code anytask} command line: {@code anytask COMMAND [ARGS...]}, dispatching to one {@link Command}.
 * {@code bin/anytask} of the distribution runs it with the installation's jars and worker home.
 */
public final class Main {
    /** Every command, in the order the help lists them. A new command is a {@link Command} class plus one line. */
    static final List<Command> COMMANDS = List.of(
            new ServerCommand(),
            new CallCommand(),
            new DemoCommand());

    private Main() {
    }

    /**
     * Runs one command and exits with its exit code.
     *
     * @param args the command's name, then its arguments
     */
    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /**
     * Runs one command.
     *
     * @param args the command's name, then its arguments
     * @param out  standard output
     * @param err  standard error
     * @return the exit code: the command's, 0 for help, 2 for a missing or unknown command
     */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.print(usage());
            return 2;
        }
        String name = args.get(0);
        if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
            out.print(usage());
            return 0;
        }
        Optional<Command> command = COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
        if (command.isEmpty()) {
            err.println("anytask: unknown command: " + name + " (expected: " + names() + ")");
            err.println("Run 'anytask --help' for the commands.");
            return 2;
        }
        return command.get().run(args.subList(1, args.size()), out, err);
    }

    static String usage() {
        StringBuilder text = new StringBuilder("Usage: anytask COMMAND [ARGS...]\n\nCommands:\n");
        for (Command command : COMMANDS) {
            text.append(String.format("  %-10s %s%n", command.name(), command.summary()));
        }
        text.append("\nRun 'anytask COMMAND --help' for a command's options.\n");
        return text.toString();
    }

    private static String names() {
        return COMMANDS.stream().map(Command::name).collect(Collectors.joining(", "));
    }
}
