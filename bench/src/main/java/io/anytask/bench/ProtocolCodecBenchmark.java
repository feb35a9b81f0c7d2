package io.anytask.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import io.anytask.protocol.Message;
import io.anytask.protocol.MessageDecoder;
import io.anytask.protocol.MessageEncoder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode and encode throughput of the wire codec: a small {@code do} message and an {@code ok} carrying a 1 MiB
 * string. Decoding feeds one long-lived decoder, as a connection's reader does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProtocolCodecBenchmark {
    static final Message SMALL_DO = Message.Do.call("hash",
            List.of(JsonNodeFactory.instance.textNode("correct horse battery staple"),
                    JsonNodeFactory.instance.numberNode(12)));
    static final Message BIG_OK = new Message.Ok(JsonNodeFactory.instance.textNode("x".repeat(1 << 20)));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private byte[] smallDoBytes;
    private byte[] bigOkBytes;
    private MessageDecoder decoder;

    @Setup
    public void setUp() {
        smallDoBytes = MessageEncoder.instance().encode(SMALL_DO);
        bigOkBytes = MessageEncoder.instance().encode(BIG_OK);
        decoder = new MessageDecoder();
    }

    @Benchmark
    public void decodeSmallDo(Blackhole bh) {
        decoder.feed(smallDoBytes, 0, smallDoBytes.length, bh::consume);
    }

    @Benchmark
    public byte[] encodeSmallDo() {
        return MessageEncoder.instance().encode(SMALL_DO);
    }

    @Benchmark
    public void decodeOk1MiB(Blackhole bh) {
        decoder.feed(bigOkBytes, 0, bigOkBytes.length, bh::consume);
    }

    @Benchmark
    public byte[] encodeOk1MiB() {
        return MessageEncoder.instance().encode(BIG_OK);
    }

    /** Baseline: Jackson's blocking tree reader on the same bytes (no framing, no validation). */
    @Benchmark
    public JsonNode baselineJacksonReadTreeSmallDo() throws IOException {
        return MAPPER.readTree(smallDoBytes);
    }

    /** Baseline: Jackson's blocking tree reader on the 1 MiB reply. */
    @Benchmark
    public JsonNode baselineJacksonReadTreeOk1MiB() throws IOException {
        return MAPPER.readTree(bigOkBytes);
    }

    /** Encoded sizes, for turning messages/s into MB/s. */
    static int encodedSize(Message m) {
        return MessageEncoder.instance().encode(m).length;
    }
}
