package io.anytask.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of {@code anytask} ({@code anytask NAME ARGS...}). Implementations are listed in
 * {@link Main#COMMANDS}.
 */
public interface Command {

    /** @return the word that selects this command, such as {@code server} */
    String name();

    /** @return one line for {@code anytask --help} */
    String summary();

    /**
     * Runs the command. It prints its own {@code --help}, and reports bad arguments on {@code err} naming the
     * argument and what was expected.
     *
     * @param args the arguments after the command's name
     * @param out  standard output
     * @param err  standard error
     * @return the process exit code: 0 for success, 2 for bad arguments, another non-zero code for failures
     */
    int run(List<String> args, PrintStream out, PrintStream err);
}
