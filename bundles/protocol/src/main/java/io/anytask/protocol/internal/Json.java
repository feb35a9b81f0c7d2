package io.anytask.protocol.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper of the protocol bundle, shared because mappers are thread-safe and costly to make. */
public final class Json {
    /** Shared mapper; configure nothing on it after class initialisation. */
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            // characters outside the BMP as UTF-8, as the original writes them, not as escaped surrogate pairs
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build());

    private Json() {
    }

    /** A short, single-line rendering of {@code node} for error messages. */
    public static String abbreviate(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
