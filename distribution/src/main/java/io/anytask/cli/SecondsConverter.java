package io.anytask.cli;

import io.anytask.protocol.Seconds;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every seconds option of the command line ({@code 30}, {@code 0.5}): {@link Seconds#parse}, the same rules as the
 * server process's and the workers' own arguments.
 */
final class SecondsConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        try {
            return Seconds.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
