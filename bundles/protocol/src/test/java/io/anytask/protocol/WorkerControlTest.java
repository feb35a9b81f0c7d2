package io.anytask.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WorkerControlTest {
    @Test
    void linesReadBackAsWritten() {
        assertEquals("ready 4242\n", new String(WorkerControl.readyLine(4242), StandardCharsets.US_ASCII));
        assertEquals(Optional.of(new WorkerControl.Announcement(4242, OptionalLong.empty())),
                WorkerControl.parseAnnouncement("ready 4242"));
        assertEquals("renewed 4242 7\n", new String(WorkerControl.renewedLine(4242, 7), StandardCharsets.US_ASCII));
        WorkerControl.Announcement renewed = WorkerControl.parseAnnouncement("renewed 4242 7").orElseThrow();
        assertEquals(4242, renewed.pid());
        assertEquals(OptionalLong.of(7), renewed.renewalMillis());
        assertEquals(true, renewed.renewed());
        assertEquals(OptionalLong.of(7), WorkerControl.parseServed("served 7"));
        assertEquals("served 7\n", new String(WorkerControl.servedLine(7), StandardCharsets.US_ASCII));
    }

    @Test
    void anythingElseIsNotALine() {
        for (String bad : new String[] {"ready", "ready ", "ready -1", "ready 12x", "served 1 2", "warm", "",
                "renewed", "renewed 1", "renewed 1 2 3", "renewed 1 -2", "renewed  1 2"}) {
            assertEquals(Optional.empty(), WorkerControl.parseAnnouncement(bad), bad);
            assertEquals(OptionalLong.empty(), WorkerControl.parseServed(bad), bad);
        }
    }

    @Test
    void everyLineFitsTheLimit() {
        assertEquals(true, WorkerControl.readyLine(Long.MAX_VALUE).length <= WorkerControl.MAX_LINE);
        assertEquals(true, WorkerControl.servedLine(Long.MAX_VALUE).length <= WorkerControl.MAX_LINE);
        assertEquals(true, WorkerControl.renewedLine(Long.MAX_VALUE, Long.MAX_VALUE).length
                <= WorkerControl.MAX_LINE);
    }

    @Test
    void decoderLimitsComeFromTheWorkersSystemProperties() {
        assertEquals(MessageDecoder.Limits.defaults(), WorkerControl.decoderLimits(name -> null));
        java.util.Map<String, String> props = java.util.Map.of(WorkerControl.MAX_FRAME_BYTES_PROPERTY, "4096",
                WorkerControl.MAX_NESTING_PROPERTY, " 50 ");
        assertEquals(new MessageDecoder.Limits(4096, 50), WorkerControl.decoderLimits(props::get));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> WorkerControl.decoderLimits(java.util.Map.of(WorkerControl.MAX_FRAME_BYTES_PROPERTY, "64k")::get));
        assertEquals("anytask.worker.maxFrameBytes: 64k (expected: 16 to 2147483647)", e.getMessage());
    }
}
