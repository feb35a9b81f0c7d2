package io.anytask.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackOffTest {

    @Test
    void doublesUpToTheMaximumAndStartsOverAfterASuccess() {
        BackOff backOff = new BackOff(Duration.ofMillis(500), Duration.ofSeconds(3));
        assertEquals(Duration.ofMillis(500), backOff.failed());
        assertEquals(Duration.ofSeconds(1), backOff.failed());
        assertEquals(Duration.ofSeconds(2), backOff.failed());
        assertEquals(Duration.ofSeconds(3), backOff.failed());
        assertEquals(Duration.ofSeconds(3), backOff.failed());
        assertEquals(5, backOff.failuresInARow());
        backOff.succeeded();
        assertEquals(0, backOff.failuresInARow());
        assertEquals(Duration.ofMillis(500), backOff.failed());
    }

    @Test
    void rejectsBadBounds() {
        assertEquals("initial: PT0S (expected: > 0)", assertThrows(IllegalArgumentException.class,
                () -> new BackOff(Duration.ZERO, Duration.ofSeconds(1))).getMessage());
        assertEquals("max: PT1S (expected: >= initial, which is PT2S)", assertThrows(IllegalArgumentException.class,
                () -> new BackOff(Duration.ofSeconds(2), Duration.ofSeconds(1))).getMessage());
    }
}
