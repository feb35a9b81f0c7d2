package io.anytask.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The deferred-log model, checked against the record the original produced in the log-defer scenario. */
class DeferredLogTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The caller's record the Perl client printed (wire/perl-capture-client-output.txt, LOGDEFER line). */
    private static final String CAPTURED_CALLER = "{\"end\":0.003587,\"start\":1795890023.10175,\"data\":{\"k\":\"v\"},"
            + "\"timers\":[[\"log\",0.000374,0.003344],[\"inner\",0.00295411318969727,0.00303011318969727]],"
            + "\"logs\":[[0.00292011318969727,30,\"worker says\",\"hello\"],[0.00294011318969727,20,\"careful\"]]}";
    /** The worker's record, as it travelled in META "ld" (wire/perl-capture.jsonl, connection 11). */
    private static final String CAPTURED_WORKER = "{\"timers\":[[\"inner\",0.000167,0.000243]],\"start\":1795890023.10454,"
            + "\"logs\":[[0.000133,30,\"worker says\",\"hello\"],[0.000153,20,\"careful\"]],\"data\":{\"k\":\"v\"}}";

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private DeferredLog logAt(double start) {
        return new DeferredLog(start, nanos::get);
    }

    private void at(long micros) {
        nanos.set(1_000_000_000L + micros * 1000);
    }

    @Test
    void mergeReproducesTheCapturedLogDeferScenario() throws IOException {
        DeferredLog caller = logAt(1795890023.10175);
        at(374);
        DeferredLog.Timer timer = caller.timer("log");
        at(3344);
        caller.merge(MAPPER.readTree(CAPTURED_WORKER));
        timer.close();
        at(3587);
        ObjectNode got = caller.finish();
        // Perl printed both start times rounded to 10 microseconds, so the offset it applied is known to that.
        assertJsonClose(MAPPER.readTree(CAPTURED_CALLER), got, 1e-5);
    }

    @Test
    void theWorkerSideRecordHasTheCapturedShape() throws IOException {
        DeferredLog worker = logAt(1795890023.10454);
        at(133);
        worker.info("worker says", "hello");
        at(153);
        worker.warn("careful");
        at(167);
        try (DeferredLog.Timer t = worker.timer("inner")) {
            at(243);
        }
        worker.data("k", "v");
        assertJsonClose(MAPPER.readTree(CAPTURED_WORKER), worker.toJson(), 1e-9);
        assertFalse(worker.toJson().has("end"), "a record in flight has no end");
    }

    @Test
    void mergedLinesAreSortedByTimeAmongTheCallersOwn() throws IOException {
        DeferredLog caller = logAt(100.0);
        at(1000);
        caller.info("caller first");
        at(9000);
        caller.error("caller last");
        caller.merge(MAPPER.readTree("{\"start\":100.002,\"logs\":[[0.001,40,\"worker middle\"]]}"));
        JsonNode logs = caller.toJson().get("logs");
        assertEquals("caller first", logs.get(0).get(2).asText());
        assertEquals("worker middle", logs.get(1).get(2).asText());
        assertEquals(0.003, logs.get(1).get(0).asDouble(), 1e-9);
        assertEquals(DeferredLog.DEBUG, logs.get(1).get(1).asInt());
        assertEquals("caller last", logs.get(2).get(2).asText());
        assertEquals(DeferredLog.ERROR, logs.get(2).get(1).asInt());
    }

    @Test
    void openTimersAreWrittenWithoutEndAndClosedByFinish() {
        DeferredLog log = logAt(5.0);
        at(10);
        log.timer("running");
        assertEquals(2, log.toJson().get("timers").get(0).size());
        at(50);
        ObjectNode done = log.finish();
        assertEquals(0.00005, done.get("timers").get(0).get(2).asDouble(), 1e-12);
        assertEquals(0.00005, done.get("end").asDouble(), 1e-12);
        at(80);
        assertEquals(done, log.finish(), "finishing again changes nothing");
        assertTrue(log.isFinished());
    }

    @Test
    void emptyPartsAreLeftOut() {
        DeferredLog log = logAt(7.5);
        assertTrue(log.isEmpty());
        assertEquals("{\"start\":7.5}", log.toJson().toString());
        log.data("n", 1);
        assertFalse(log.isEmpty());
        assertEquals("{\"start\":7.5,\"data\":{\"n\":1}}", log.toJson().toString());
    }

    @Test
    void aRecordThatIsNotOneIsRejectedAndNothingMerged() throws IOException {
        DeferredLog log = logAt(1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> log.merge(MAPPER.readTree("{\"logs\":[]}")));
        assertEquals("not a deferred-log record (no numeric start): {\"logs\":[]}", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> log.merge(MAPPER.readTree("{\"start\":1,\"logs\":[[0.1,30,\"ok\"],\"bad\"]}")));
        assertTrue(log.isEmpty());
    }

    @Test
    void startIsNowWithMicrosecondResolution() {
        double before = System.currentTimeMillis() / 1000.0;
        DeferredLog log = new DeferredLog();
        double after = System.currentTimeMillis() / 1000.0;
        assertTrue(log.start() >= before - 0.001 && log.start() <= after + 0.001);
    }

    /** Equal structure and strings; numbers equal to within {@code tolerance}. */
    private static void assertJsonClose(JsonNode expected, JsonNode actual, double tolerance) {
        if (expected.isNumber()) {
            assertTrue(actual.isNumber(), "number expected, got " + actual);
            assertEquals(expected.asDouble(), actual.asDouble(), tolerance, "number");
        } else if (expected.isArray()) {
            assertEquals(expected.size(), actual.size(), "array size of " + actual);
            for (int i = 0; i < expected.size(); i++) {
                assertJsonClose(expected.get(i), actual.get(i), tolerance);
            }
        } else if (expected.isObject()) {
            assertEquals(expected.size(), actual.size(), "keys of " + actual);
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                assertTrue(actual.has(e.getKey()), "key " + e.getKey() + " in " + actual);
                assertJsonClose(e.getValue(), actual.get(e.getKey()), tolerance);
            }
        } else {
            assertEquals(expected, actual);
        }
    }
}
