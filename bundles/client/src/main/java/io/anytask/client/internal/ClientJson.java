package io.anytask.client.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/** Conversions between Java values and the JSON of calls, with the client bundle's one mapper. */
final class ClientJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JavaType JSON_NODE = MAPPER.constructType(JsonNode.class);

    private ClientJson() {
    }

    /**
     * The arguments as JSON; a {@link JsonNode} is taken as it is.
     *
     * @throws IllegalArgumentException naming the argument that Jackson cannot convert
     */
    static List<JsonNode> arguments(Object[] args) {
        List<JsonNode> out = new ArrayList<>(args == null ? 0 : args.length);
        if (args == null) {
            return out;
        }
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                out.add(JsonNodeFactory.instance.nullNode());
            } else if (a instanceof JsonNode) {
                out.add((JsonNode) a);
            } else if (a instanceof String) {
                out.add(JsonNodeFactory.instance.textNode((String) a));
            } else if (a instanceof Integer) {
                out.add(JsonNodeFactory.instance.numberNode((Integer) a));
            } else if (a instanceof Long) {
                out.add(JsonNodeFactory.instance.numberNode((Long) a));
            } else if (a instanceof Boolean) {
                out.add(JsonNodeFactory.instance.booleanNode((Boolean) a));
            } else {
                try {
                    out.add(MAPPER.valueToTree(a));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("argument " + i + " (" + a.getClass().getName()
                            + ") cannot be converted to JSON: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    /** {@code result} converted to {@code type}. */
    static Object convert(JsonNode result, JavaType type) throws Exception {
        if (type == null || type.getRawClass() == JsonNode.class || type.getRawClass() == Object.class
                && result.isContainerNode()) {
            return result;
        }
        return MAPPER.treeToValue(result, type);
    }
}
