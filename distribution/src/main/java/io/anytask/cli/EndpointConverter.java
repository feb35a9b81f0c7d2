package io.anytask.cli;

import io.anytask.protocol.Endpoint;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An endpoint option ({@code unix:/path} or {@code tcp:host:port}), read by {@link Endpoint#parse}. */
final class EndpointConverter implements ITypeConverter<Endpoint> {

    @Override
    public Endpoint convert(String text) {
        try {
            return Endpoint.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
