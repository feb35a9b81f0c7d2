package io.anytask.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RenewalsTest {
    private static final long MS = 1_000_000L;

    @Test
    void renewalsUnderWayFollowTheRateAndTheirTime() {
        Renewals renewals = new Renewals();
        assertFalse(renewals.any());
        assertFalse(renewals.recent(0));
        assertEquals(0, renewals.underWay(0));
        for (int i = 0; i < 50; i++) { // 50 in a second, 20 ms each: one under way on average
            renewals.note(20, i * 20 * MS);
        }
        assertTrue(renewals.recent(1000 * MS));
        assertEquals(20 * MS, renewals.averageNanos());
        assertEquals(1.0, renewals.underWay(980 * MS), 0.05);
        assertEquals(0, renewals.underWay(3000 * MS), "none in the last second");
        assertFalse(renewals.recent(3000 * MS));
    }

    @Test
    void theSummaryCoversTheRenewalsSinceTheLastOne() {
        Renewals renewals = new Renewals();
        assertTrue(renewals.note(9, 0), "the first since a summary");
        assertFalse(renewals.note(3, 1));
        renewals.note(41, 2);
        assertEquals(Optional.of("3 worker renewals in the last 10 s (median 9 ms, max 41 ms; 3 in all)"),
                renewals.summary(Duration.ofSeconds(10)));
        assertEquals(Optional.empty(), renewals.summary(Duration.ofSeconds(10)));
        assertTrue(renewals.note(5, 3));
        assertEquals(Optional.of("1 worker renewal in the last 10 s (median 5 ms, max 5 ms; 4 in all)"),
                renewals.summary(Duration.ofSeconds(10)));
    }
}
