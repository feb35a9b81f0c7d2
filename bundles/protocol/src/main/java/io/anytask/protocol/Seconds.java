package io.anytask.protocol;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The text form of a duration on anytask's command lines: a plain decimal number of seconds, such as {@code 30},
 * {@code 0.5} or {@code .25}, from 0 to {@value #MAX} with at most nine decimals (nanoseconds). No sign, exponent or
 * unit. The {@code anytask} command line (every seconds option of {@code server} and {@code call}), the server
 * process's own arguments ({@code io.anytask.server.cli.ServerArguments}) and the worker's options all read
 * durations with {@link #parse}, so a value that one accepts, each accepts the same way.
 */
public final class Seconds {
    /** The largest number of seconds accepted: 100,000,000 s, a little over three years. */
    public static final long MAX = 100_000_000L;

    private static final Pattern PLAIN = Pattern.compile("[0-9]+(\\.[0-9]*)?|\\.[0-9]+");
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(MAX);

    private Seconds() {
    }

    /**
     * Reads a number of seconds.
     *
     * @param text the text, such as {@code 30} or {@code 0.5}
     * @return the duration
     * @throws IllegalArgumentException naming the text and what was expected: {@code soon (expected: ...)}; callers
     *     put the option's name in front
     */
    public static Duration parse(String text) {
        if (text != null && PLAIN.matcher(text).matches()) {
            BigDecimal seconds = new BigDecimal(text);
            if (seconds.compareTo(MAX_SECONDS) <= 0 && seconds.stripTrailingZeros().scale() <= 9) {
                return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
            }
        }
        throw new IllegalArgumentException(text + " (expected: seconds from 0 to " + MAX
                + " with at most 9 decimals, such as 30 or 0.5)");
    }

    /**
     * Writes a duration as {@link #parse} reads it back: {@code 30}, {@code 2.5}.
     *
     * @param duration a duration from 0 to {@value #MAX} seconds
     * @return the number of seconds, without trailing zeros
     */
    public static String format(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
    }
}
