package io.anytask.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerQueueTest {
    @Test
    void runsDueTimersInDeadlineThenCreationOrderAndSkipsCancelledOnes() {
        TimerQueue q = new TimerQueue();
        List<String> ran = new ArrayList<>();
        q.add(20, () -> ran.add("b"));
        q.add(10, () -> ran.add("a"));
        Loop.Scheduled c = q.add(10, () -> ran.add("cancelled"));
        q.add(20, () -> ran.add("c"));
        c.cancel();
        c.cancel();
        assertEquals(10, q.nanosUntilNext(0));
        q.runDue(15);
        assertEquals(List.of("a"), ran);
        q.runDue(20);
        assertEquals(List.of("a", "b", "c"), ran);
        assertEquals(Long.MAX_VALUE, q.nanosUntilNext(20));
    }

    @Test
    void manyCancelledTimersArePurged() {
        TimerQueue q = new TimerQueue();
        List<Loop.Scheduled> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            all.add(q.add(1_000 + i, () -> { }));
        }
        for (int i = 0; i < 9_999; i++) {
            all.get(i).cancel();
        }
        assertEquals(1, q.size());
        assertEquals(10_999, q.nanosUntilNext(0));
    }
}
