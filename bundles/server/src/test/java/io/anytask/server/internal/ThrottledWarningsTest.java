package io.anytask.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThrottledWarningsTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aBurstIsLoggedOneByOneAndTheRestSummedUpWhenTheWindowEnds() throws Exception {
        ThrottledWarnings warnings = new ThrottledWarnings("handshakes failed", 3, Duration.ofMillis(300), timer,
                log::add, System::nanoTime);
        for (int i = 1; i <= 10; i++) {
            warnings.warn("failure " + i);
        }
        assertEquals(List.of("failure 1", "failure 2", "failure 3"), log, "the burst, one line each, at once");
        awaitLines(4);
        assertEquals("7 more handshakes failed in the last 300 ms, not logged one by one; the last: failure 10",
                log.get(3));
        warnings.warn("failure 11");
        assertEquals("failure 11", log.get(4), "a new window starts after the summary");
        Thread.sleep(600);
        assertEquals(5, log.size(), "no summary when nothing was held back: " + log);
    }

    @Test
    void fewFailuresAreAllLoggedAndNeedNoSummary() throws Exception {
        ThrottledWarnings warnings = new ThrottledWarnings("handshakes failed", 3, Duration.ofMillis(100), timer,
                log::add, System::nanoTime);
        warnings.warn("a");
        warnings.warn("b");
        Thread.sleep(300);
        warnings.warn("c");
        assertEquals(List.of("a", "b", "c"), log);
        assertEquals(0, timer.getQueue().size(), "nothing scheduled");
    }

    private void awaitLines(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (log.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(log.size() >= n, "lines: " + log);
    }
}
