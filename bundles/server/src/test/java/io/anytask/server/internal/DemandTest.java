package io.anytask.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemandTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void thePeakIsRememberedForTheWindowThenForgotten() {
        Demand demand = new Demand(Duration.ofSeconds(30));
        long start = -7 * SECOND; // nanoTime readings may be negative
        assertEquals(0, demand.peak(start));
        demand.record(8, start);
        demand.record(3, start + SECOND / 2);
        demand.record(2, start + 10 * SECOND);
        assertEquals(8, demand.peak(start + 10 * SECOND));
        assertEquals(8, demand.peak(start + 29 * SECOND));
        assertEquals(2, demand.peak(start + 30 * SECOND), "the burst left the window; the later count did not");
        assertEquals(0, demand.peak(start + 40 * SECOND));
    }

    @Test
    void aSlotReusedAfterAFullTurnStartsAfresh() {
        Demand demand = new Demand(Duration.ofSeconds(3));
        demand.record(9, 0);
        demand.record(1, 3 * SECOND); // the same slot, one turn later
        assertEquals(1, demand.peak(3 * SECOND));
    }
}
