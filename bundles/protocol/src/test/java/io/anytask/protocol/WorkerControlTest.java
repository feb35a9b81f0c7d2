package io.anytask.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WorkerControlTest {
    @Test
    void linesReadBackAsWritten() {
        assertEquals("ready 4242\n", new String(WorkerControl.readyLine(4242), StandardCharsets.US_ASCII));
        assertEquals(OptionalLong.of(4242), WorkerControl.parseReady("ready 4242"));
        assertEquals(OptionalLong.of(7), WorkerControl.parseServed("served 7"));
        assertEquals("served 7\n", new String(WorkerControl.servedLine(7), StandardCharsets.US_ASCII));
    }

    @Test
    void anythingElseIsNotALine() {
        for (String bad : new String[] {"ready", "ready ", "ready -1", "ready 12x", "served 1 2", "warm", ""}) {
            assertEquals(OptionalLong.empty(), WorkerControl.parseReady(bad), bad);
            assertEquals(OptionalLong.empty(), WorkerControl.parseServed(bad), bad);
        }
    }

    @Test
    void everyLineFitsTheLimit() {
        assertEquals(true, WorkerControl.readyLine(Long.MAX_VALUE).length <= WorkerControl.MAX_LINE);
        assertEquals(true, WorkerControl.servedLine(Long.MAX_VALUE).length <= WorkerControl.MAX_LINE);
    }
}
