package io.anytask.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The standard streams a command reads and writes: the process's own, or a test's.
 *
 * @param in  standard input ({@code anytask call ... -} reads its arguments from it)
 * @param out standard output
 * @param err standard error
 */
record Streams(InputStream in, PrintStream out, PrintStream err) {

    /** @return this process's standard streams */
    static Streams system() {
        return new Streams(System.in, System.out, System.err);
    }
}
