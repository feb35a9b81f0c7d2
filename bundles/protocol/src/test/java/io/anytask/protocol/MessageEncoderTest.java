package io.anytask.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoder writes exactly the bytes the original writes for the same messages. */
class MessageEncoderTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static String encode(Message m) {
        return new String(MessageEncoder.instance().encode(m), StandardCharsets.UTF_8);
    }

    @Test
    void writesTheCapturedBytes() {
        assertEquals("[\"do\",{},\"count\"]", encode(Message.Do.call("count", List.of())));
        assertEquals("[\"do\",{},\"echo\",1]", encode(Message.Do.call("echo", List.of(NODES.numberNode(1)))));
        assertEquals("[\"dn\",{}]", encode(Message.Dn.empty()));
        assertEquals("[\"ok\",{},101]", encode(new Message.Ok(NODES.numberNode(101))));
        assertEquals("[\"ok\",{},null]", encode(new Message.Ok(null)));
        assertEquals("[\"er\",{},\"failure: bad\\n\"]", encode(new Message.Er("failure: bad\n")));
        assertEquals("[\"do\",{},1,\"x\"]",
                encode(Message.Do.function(List.of(NODES.numberNode(1), NODES.textNode("x")))));
    }

    @Test
    void writesNonAsciiAsUtf8WithoutNewline() {
        byte[] bytes = MessageEncoder.instance().encode(new Message.Ok(NODES.textNode("λ\uD834\uDDDA")));
        byte[] expected = "[\"ok\",{},\"λ\uD834\uDDDA\"]".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, bytes);
    }

    @Test
    void aValueThatIsNotPlainDataFailsWithATypedError() {
        JsonNode pojo = NODES.pojoNode(new Object());
        MessageEncodingException e = assertThrows(MessageEncodingException.class,
                () -> MessageEncoder.instance().encode(new Message.Ok(pojo)));
        assertEquals(true, e.getMessage().startsWith("cannot encode a value of the ok message: "), e.getMessage());
    }
}
