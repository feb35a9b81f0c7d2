package io.anytask.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anytask.protocol.FrameTooLongException;
import io.anytask.protocol.InvalidMessageException;
import io.anytask.protocol.MalformedFrameException;
import io.anytask.protocol.Message;
import io.anytask.protocol.MessageDecoder;
import io.anytask.protocol.MessageEncoder;
import io.anytask.protocol.NestingTooDeepException;
import io.anytask.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A longer randomised run of the codec than the unit tests' fixed-seed properties (CodecPropertiesTest): for a
 * bounded time ({@code -Dbench.fuzz.seconds}, default 60) and case count ({@code -Dbench.fuzz.cases}, default 10
 * million), it round-trips random message streams fed in random chunks, and feeds random, corrupt, truncated and
 * deep bytes to decoders with small and default limits, checking that only the documented ProtocolException types
 * come out. It prints its seed ({@code -Dbench.fuzz.seed} repeats a run) and case count, writes them to the results
 * file (the argument), and exits 1 on the first failing case, printing it in Base64.
 */
public final class FuzzBench {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<Class<?>> DOCUMENTED = Set.of(MalformedFrameException.class,
            InvalidMessageException.class, FrameTooLongException.class, NestingTooDeepException.class);
    private static final String[] PIECES = {"a", "λ", "\uD834\uDDDA", "\"", "\\", "\n", "\u0001", "/", "é", " "};

    private final Random random;
    private final Map<String, Long> outcomes = new TreeMap<>();

    private FuzzBench(long seed) {
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args.length > 0 ? args[0] : "bench/results/fuzz.txt");
        long seed = Long.getLong("bench.fuzz.seed", System.nanoTime());
        long seconds = Long.getLong("bench.fuzz.seconds", 60);
        long maxCases = Long.getLong("bench.fuzz.cases", 10_000_000);
        System.out.println("FuzzBench: seed " + seed + ", at most " + seconds + " s and " + maxCases + " cases");
        FuzzBench fuzz = new FuzzBench(seed);
        Instant started = Instant.now();
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        long cases = 0;
        String failure = null;
        while (cases < maxCases && System.nanoTime() < deadline && failure == null) {
            failure = fuzz.oneCase();
            cases++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        StringBuilder report = new StringBuilder();
        report.append("# FuzzBench (codec fuzzing), ").append(Instant.now()).append('\n');
        report.append("seed: ").append(seed).append('\n');
        report.append("cases: ").append(cases).append(String.format(" in %.1f s%n", elapsed));
        fuzz.outcomes.forEach((k, v) -> report.append("  ").append(k).append(": ").append(v).append('\n'));
        report.append("result: ").append(failure == null ? "no failure" : "FAILED: " + failure).append('\n');
        report.append(Figure.runLine("fuzz", started, elapsed)).append('\n');
        report.append(new Figure("fuzz.cases", "random, mutated and truncated frames through the decoder; each must"
                + " round-trip or end in a documented ProtocolException", cases + " cases, " + (failure == null
                ? "no failure" : "a failure"), String.format(Locale.ROOT, "%.0f s", elapsed), "seed " + seed, "none",
                "no failure", failure == null ? "met" : "missed").line()).append('\n');
        System.out.print(report);
        if (results.getParent() != null) {
            Files.createDirectories(results.getParent());
        }
        Files.writeString(results, report.toString(), StandardCharsets.UTF_8);
        if (failure != null) {
            System.exit(1);
        }
    }

    /** @return null, or what went wrong */
    private String oneCase() {
        int kind = random.nextInt(10);
        if (kind < 3) {
            return roundTrip();
        }
        byte[] bytes = switch (kind) {
            case 3, 4 -> randomBytes();
            case 5 -> deep();
            default -> mutated();
        };
        String small = survives(bytes, new MessageDecoder.Limits(1024, 8));
        return small != null ? small : survives(bytes, MessageDecoder.Limits.defaults());
    }

    private String roundTrip() {
        List<Message> messages = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 1 + random.nextInt(6); i > 0; i--) {
            Message m = message();
            messages.add(m);
            stream.writeBytes(MessageEncoder.instance().encode(m));
        }
        byte[] bytes = stream.toByteArray();
        List<Message> got = new ArrayList<>();
        try {
            MessageDecoder decoder = new MessageDecoder();
            feed(decoder, bytes, got);
            decoder.endOfInput(got::add);
        } catch (RuntimeException e) {
            return "round trip threw " + e + " on " + base64(bytes);
        }
        count("round trip");
        return messages.equals(got) ? null : "round trip changed " + messages + " into " + got;
    }

    private String survives(byte[] bytes, MessageDecoder.Limits limits) {
        MessageDecoder decoder = new MessageDecoder(limits);
        try {
            feed(decoder, bytes, new ArrayList<>());
            decoder.endOfInput(m -> { });
            count("accepted");
        } catch (ProtocolException e) {
            if (!DOCUMENTED.contains(e.getClass()) || e.getMessage() == null || !decoder.hasFailed()) {
                return "undocumented " + e + " on " + base64(bytes);
            }
            count(e.getClass().getSimpleName());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return "crash " + e + " on " + base64(bytes);
        }
        return null;
    }

    private void count(String outcome) {
        outcomes.merge(outcome, 1L, Long::sum);
    }

    private void feed(MessageDecoder decoder, byte[] bytes, List<Message> out) {
        int pos = 0;
        while (pos < bytes.length) {
            int n = Math.min(bytes.length - pos, 1 + random.nextInt(random.nextBoolean() ? 3 : 500));
            decoder.feed(bytes, pos, n, out::add);
            pos += n;
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[random.nextInt(1000)];
        random.nextBytes(b);
        if (b.length > 0 && random.nextBoolean()) {
            b[0] = '[';
        }
        return b;
    }

    private byte[] deep() {
        String open = random.nextBoolean() ? "[" : "[{\"k\":";
        return ("[\"do\",{}," + open.repeat(1 + random.nextInt(1500))).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] mutated() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            stream.writeBytes(MessageEncoder.instance().encode(message()));
        }
        byte[] b = stream.toByteArray();
        for (int i = 1 + random.nextInt(6); i > 0 && b.length > 1; i--) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b = splice(b, at, at + 1, new byte[0]);
                case 2 -> b = splice(b, at, at, new byte[] {b[random.nextInt(b.length)]});
                default -> b = java.util.Arrays.copyOf(b, at);
            }
        }
        return b;
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, from);
        out.writeBytes(insert);
        out.write(bytes, to, bytes.length - to);
        return out.toByteArray();
    }

    private Message message() {
        List<JsonNode> args = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            args.add(value(0));
        }
        return switch (random.nextInt(5)) {
            case 0 -> Message.Do.call(text(), args);
            case 1 -> Message.Do.function(args);
            case 2 -> new Message.Ok(value(0));
            case 3 -> new Message.Er(io.anytask.protocol.Meta.empty(), text());
            default -> Message.Dn.empty();
        };
    }

    private JsonNode value(int depth) {
        int pick = random.nextInt(depth > 3 ? 6 : 8);
        switch (pick) {
            case 0:
                return NODES.textNode(text());
            case 1:
                return NODES.numberNode(random.nextInt());
            case 2:
                long l = random.nextLong();
                return l == (int) l ? NODES.numberNode((int) l) : NODES.numberNode(l);
            case 3:
                double d = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                return NODES.numberNode(d);
            case 4:
                return NODES.booleanNode(random.nextBoolean());
            case 5:
                return NODES.nullNode();
            case 6:
                ArrayNode a = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(value(depth + 1));
                }
                return a;
            default:
                ObjectNode o = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    o.set(text(), value(depth + 1));
                }
                return o;
        }
    }

    private String text() {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            s.append(random.nextInt(3) == 0 ? (char) (0x20 + random.nextInt(0x5f)) : PIECES[random.nextInt(
                    PIECES.length)]);
        }
        return s.toString();
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
