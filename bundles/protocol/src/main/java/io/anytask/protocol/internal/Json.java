package io.anytask.protocol.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper of the protocol bundle, shared because mappers are thread-safe and costly to make. */
public final class Json {
    /** Shared mapper; configure nothing on it after class initialisation. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** A short, single-line rendering of {@code node} for error messages. */
    public static String abbreviate(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
