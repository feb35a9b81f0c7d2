package io.anytask.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecondsTest {

    @Test
    void readsPlainDecimalSeconds() {
        assertEquals(Duration.ofSeconds(30), Seconds.parse("30"));
        assertEquals(Duration.ofMillis(500), Seconds.parse("0.5"));
        assertEquals(Duration.ofMillis(250), Seconds.parse(".25"));
        assertEquals(Duration.ofSeconds(2), Seconds.parse("2."));
        assertEquals(Duration.ZERO, Seconds.parse("0"));
        assertEquals(Duration.ofNanos(1), Seconds.parse("0.000000001"));
        assertEquals(Duration.ofNanos(1), Seconds.parse("0.0000000010"));
        assertEquals(Duration.ofSeconds(Seconds.MAX), Seconds.parse("100000000"));
    }

    @Test
    void refusesAnythingElseNamingTheTextAndTheForm() {
        for (String bad : new String[] {"", " 1", "-1", "+1", "1e3", "30s", "500ms", "NaN", "Infinity", "0x10",
                "1,5", ".", "100000000.5", "0.0000000001"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Seconds.parse(bad), bad);
            assertEquals(bad + " (expected: seconds from 0 to 100000000 with at most 9 decimals, such as 30 or 0.5)",
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Seconds.parse(null));
    }

    @Test
    void formatReadsBack() {
        assertEquals("30", Seconds.format(Duration.ofSeconds(30)));
        assertEquals("2.5", Seconds.format(Duration.ofMillis(2500)));
        assertEquals("0", Seconds.format(Duration.ZERO));
        assertEquals("0.000000001", Seconds.format(Duration.ofNanos(1)));
        for (String text : new String[] {"300", "0.2", "1.000000001"}) {
            assertEquals(text, Seconds.format(Seconds.parse(text)));
        }
    }
}
