package io.anytask.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonArgumentsTest {

    @Test
    void eachArgumentIsOneJsonValue() {
        List<JsonNode> values = JsonArguments.parse(List.of("1", "\"x\"", "[1,2]", "{\"k\":\"\uD834\uDDDA\"}",
                "null", "true", "-2.5"));
        ArrayNode all = JsonNodeFactory.instance.arrayNode().addAll(values);
        assertEquals("[1,\"x\",[1,2],{\"k\":\"\uD834\uDDDA\"},null,true,-2.5]", JsonArguments.render(all));
        assertEquals(7, values.size());
        assertTrue(values.get(4).isNull());
    }

    @Test
    void noArgumentsIsAnEmptyList() {
        assertEquals(List.of(), JsonArguments.parse(null));
        assertEquals(List.of(), JsonArguments.parse(List.of()));
    }

    @Test
    void aBareWordIsRefusedWithItsPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonArguments.parse(List.of("1", "x")));
        assertTrue(e.getMessage().startsWith("argument 2 is not one JSON text: x ("), e.getMessage());
        assertTrue(e.getMessage().contains("quote strings as '\"x\"'"), e.getMessage());
    }

    @Test
    void twoValuesInOneArgumentAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonArguments.parse(List.of("1 2")));
        assertTrue(e.getMessage().startsWith("argument 1 is not one JSON text: 1 2"), e.getMessage());
    }

    @Test
    void emptyAndTruncatedArgumentsAreRefused() {
        for (String text : Arrays.asList("", "  ", "[1,", "{\"k\":")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JsonArguments.parse(List.of(text)), text);
            assertTrue(e.getMessage().startsWith("argument 1 is not one JSON text"), e.getMessage());
        }
    }
}
