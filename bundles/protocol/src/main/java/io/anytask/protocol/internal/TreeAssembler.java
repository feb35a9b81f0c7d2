package io.anytask.protocol.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anytask.protocol.MalformedFrameException;
import io.anytask.protocol.NestingTooDeepException;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Builds JSON trees from a stream of parser tokens, one token at a time, so that it works with a non-blocking
 * parser that hands out tokens as bytes arrive. It keeps an explicit stack of open containers, never recursing,
 * so that deep nesting cannot overflow the thread's stack; the depth is bounded by {@code maxDepth}.
 */
public final class TreeAssembler {
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final ArrayDeque<ContainerNode<?>> open = new ArrayDeque<>();
    private final int maxDepth;
    private String pendingName;

    public TreeAssembler(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** Number of containers opened and not yet closed. */
    public int depth() {
        return open.size();
    }

    /**
     * Takes the parser's current token. Returns the finished root value when this token completes it, or
     * {@code null} while the root value is still open.
     */
    public JsonNode accept(JsonToken token, JsonParser parser) throws IOException {
        switch (token) {
            case START_ARRAY:
                return push(nodes.arrayNode());
            case START_OBJECT:
                return push(nodes.objectNode());
            case END_ARRAY:
            case END_OBJECT:
                ContainerNode<?> closed = open.pop();
                return open.isEmpty() ? closed : null;
            case FIELD_NAME:
                pendingName = parser.currentName();
                return null;
            case VALUE_STRING:
                return attach(nodes.textNode(parser.getText()));
            case VALUE_NUMBER_INT:
                return attach(integer(parser));
            case VALUE_NUMBER_FLOAT:
                return attach(floatingPoint(parser));
            case VALUE_TRUE:
                return attach(nodes.booleanNode(true));
            case VALUE_FALSE:
                return attach(nodes.booleanNode(false));
            case VALUE_NULL:
                return attach(nodes.nullNode());
            default:
                throw new IllegalStateException("unexpected token from a JSON text parser: " + token);
        }
    }

    /**
     * The non-blocking parser hands out a number cut at the end of input after its exponent sign ({@code 2.5E-}) as
     * a token, and converting it then throws a {@link NumberFormatException}: that is bad input, not a bug.
     */
    private JsonNode floatingPoint(JsonParser parser) throws IOException {
        try {
            return nodes.numberNode(parser.getDoubleValue());
        } catch (NumberFormatException e) {
            throw new MalformedFrameException("not JSON: malformed number " + parser.getText(), e);
        }
    }

    private JsonNode integer(JsonParser parser) throws IOException {
        switch (parser.getNumberType()) {
            case INT:
                return nodes.numberNode(parser.getIntValue());
            case LONG:
                return nodes.numberNode(parser.getLongValue());
            default:
                return nodes.numberNode(parser.getBigIntegerValue());
        }
    }

    private JsonNode push(ContainerNode<?> container) {
        if (open.size() >= maxDepth) {
            throw new NestingTooDeepException(maxDepth);
        }
        attach(container);
        open.push(container);
        return null;
    }

    private JsonNode attach(JsonNode value) {
        ContainerNode<?> parent = open.peek();
        if (parent == null) {
            return value;
        }
        if (parent instanceof ArrayNode) {
            ((ArrayNode) parent).add(value);
        } else {
            ((ObjectNode) parent).set(pendingName, value);
        }
        return null;
    }
}
