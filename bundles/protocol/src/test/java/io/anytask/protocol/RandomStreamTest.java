package io.anytask.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property-style test: random message sequences are encoded, concatenated (with random whitespace between some of
 * them), cut at random points, and decoded back equal. Seeds are fixed; a failure names its seed.
 */
class RandomStreamTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] PIECES = {"a", "λ", "\uD834\uDDDA", "\"", "\\", "\n", "\u0001", "/", "é", "中", " "};

    @Test
    void randomStreamsCutAtRandomPointsDecodeEqual() {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            List<Message> messages = new ArrayList<>();
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            int count = 1 + random.nextInt(8);
            for (int i = 0; i < count; i++) {
                Message m = randomMessage(random);
                messages.add(m);
                stream.writeBytes(MessageEncoder.instance().encode(m));
                if (random.nextInt(4) == 0) {
                    stream.writeBytes(" \n\t\r".substring(0, 1 + random.nextInt(4)).getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] bytes = stream.toByteArray();
            MessageDecoder decoder = new MessageDecoder();
            List<Message> got = new ArrayList<>();
            int pos = 0;
            while (pos < bytes.length) {
                int n = Math.min(bytes.length - pos, 1 + random.nextInt(random.nextBoolean() ? 4 : 200));
                decoder.feed(bytes, pos, n, got::add);
                pos += n;
            }
            decoder.endOfInput(got::add);
            assertEquals(messages, got, "seed " + seed);
        }
    }

    private static Message randomMessage(Random r) {
        switch (r.nextInt(4)) {
            case 0:
                List<JsonNode> args = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    args.add(randomValue(r, 0));
                }
                return r.nextBoolean() ? Message.Do.call(randomString(r), args) : Message.Do.function(args);
            case 1:
                return new Message.Ok(randomMeta(r), randomValue(r, 0));
            case 2:
                return new Message.Er(randomMeta(r), randomString(r));
            default:
                return new Message.Dn(randomMeta(r));
        }
    }

    private static Meta randomMeta(Random r) {
        ObjectNode o = NODES.objectNode();
        if (r.nextInt(3) == 0) {
            o.set(randomString(r), randomValue(r, 2));
        }
        return Meta.of(o);
    }

    private static JsonNode randomValue(Random r, int depth) {
        int kind = r.nextInt(depth > 3 ? 6 : 8);
        switch (kind) {
            case 0:
                return NODES.nullNode();
            case 1:
                return NODES.booleanNode(r.nextBoolean());
            case 2:
                return NODES.numberNode(r.nextInt());
            case 3:
                return NODES.numberNode(r.nextLong());
            case 4:
                return NODES.numberNode(r.nextInt(2_000_000) / 1000.0);
            case 5:
                return NODES.textNode(randomString(r));
            case 6:
                ArrayNode a = NODES.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(randomValue(r, depth + 1));
                }
                return a;
            default:
                ObjectNode o = NODES.objectNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    o.set(randomString(r), randomValue(r, depth + 1));
                }
                return o;
        }
    }

    private static String randomString(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            b.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return b.toString();
    }
}
