package io.anytask.shell.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON texts of {@code task:call}: each command-line argument is exactly one JSON text ({@code 1},
 * {@code "x"}, {@code [1,2]}, {@code {"k":"v"}}, {@code null}), and results are printed as compact JSON.
 */
public final class JsonArguments {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader READER = MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonArguments() {
    }

    /**
     * Parses each argument as one JSON text.
     *
     * @param arguments the command-line arguments after the method; null means none
     * @return the JSON values, in order
     * @throws IllegalArgumentException naming the first argument (counted from 1) that is not one JSON text, its
     *                                  text and the parser's complaint
     */
    public static List<JsonNode> parse(List<String> arguments) {
        List<JsonNode> values = new ArrayList<>();
        if (arguments == null) {
            return values;
        }
        for (int i = 0; i < arguments.size(); i++) {
            String text = arguments.get(i);
            try {
                JsonNode value = text.isBlank() ? null : READER.readValue(text);
                if (value == null || value.isMissingNode()) {
                    throw new IllegalArgumentException(bad(i, text, "empty"));
                }
                values.add(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(bad(i, text, e.getOriginalMessage()), e);
            }
        }
        return values;
    }

    /**
     * @param value a JSON value
     * @return its compact text, such as {@code [1,"x"]}
     */
    public static String render(JsonNode value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree cannot fail to be written", e);
        }
    }

    private static String bad(int index, String text, String why) {
        return "argument " + (index + 1) + " is not one JSON text: " + text + " (" + why
                + "; quote strings as '\"x\"', lists as '[1,2]' and objects as '{\"k\":1}')";
    }
}
