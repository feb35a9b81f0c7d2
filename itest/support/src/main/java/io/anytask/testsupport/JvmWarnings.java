package io.anytask.testsupport;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the warnings a JVM writes to its output in what a worker, server or CLI process wrote: the JDK's
 * {@code WARNING:} lines (restricted methods, {@code sun.misc.Unsafe}, agents), HotSpot's {@code VM warning} lines and
 * unified-logging warnings and errors ({@code [warning][cds]}, as workers log JVM warnings with {@code -Xlog}). A
 * worker's lines come prefixed with its name ({@code [name#1] }), which is allowed for. anytask's own log lines
 * ({@code 2026-11-30 12:00:00.000 WARN ...}) are not JVM warnings and do not match.
 */
public final class JvmWarnings {
    private static final Pattern WARNING = Pattern.compile("^(\\[[^\\]]+#\\d+\\] )?(WARNING: "
            + "|(OpenJDK|Java HotSpot\\(TM\\)) [\\w-]+ (Server|Client) VM warning"
            + "|\\[[\\d.]+s\\]\\[(warning|error) *\\])");

    private JvmWarnings() {
    }

    /**
     * @param output what one or more processes wrote, lines in any order
     * @return the lines that are JVM warnings, in order; empty when there is none
     */
    public static List<String> in(String output) {
        return output.lines().filter(line -> WARNING.matcher(line).find()).toList();
    }
}
