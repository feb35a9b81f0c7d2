package io.anytask.client.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/** A {@link Loop} driven by the test: tasks run when the test says so, and time moves only when it is advanced. */
final class ManualLoop implements Loop {
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final TimerQueue timers = new TimerQueue();
    private long now = 1_000_000_000L;

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    @Override
    public Scheduled schedule(long delayNanos, Runnable task) {
        return timers.add(now + delayNanos, task);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean inLoop() {
        return true;
    }

    /** Runs submitted tasks and due timers until there are none; bounded. */
    void run() {
        for (int i = 0; i < 1_000_000; i++) {
            Runnable task = tasks.poll();
            if (task != null) {
                task.run();
                continue;
            }
            if (timers.nanosUntilNext(now) == 0) {
                timers.runDue(now);
                continue;
            }
            return;
        }
        throw new AssertionError("loop did not settle");
    }

    /** Moves the clock forward by {@code millis}, running every timer at its own deadline on the way. */
    void advanceMillis(long millis) {
        long end = now + TimeUnit.MILLISECONDS.toNanos(millis);
        run();
        while (true) {
            long next = timers.nanosUntilNext(now);
            if (next == Long.MAX_VALUE || now + next > end) {
                break;
            }
            now += next;
            run();
        }
        now = end;
        run();
    }

    int liveTimers() {
        return timers.size();
    }
}
