package io.anytask.client.internal;

import java.util.PriorityQueue;

/**
 * The timers of a {@link Loop}: a binary heap ordered by deadline, then by creation. Adding, taking the earliest
 * and cancelling are O(log n) or O(1); cancelled timers stay in the heap until they are due or until they are more
 * than half of it, when it is rebuilt. Loop-owned, not thread-safe.
 */
final class TimerQueue {
    private static final int PURGE_FLOOR = 1024;

    private PriorityQueue<Entry> heap = new PriorityQueue<>();
    private long sequence;
    private int cancelled;

    Loop.Scheduled add(long deadline, Runnable task) {
        Entry e = new Entry(deadline, sequence++, task);
        heap.add(e);
        return e;
    }

    /** Nanoseconds until the earliest live timer, {@code Long.MAX_VALUE} when there is none; 0 if one is due. */
    long nanosUntilNext(long now) {
        dropCancelledHead();
        Entry head = heap.peek();
        return head == null ? Long.MAX_VALUE : Math.max(0, head.deadline - now);
    }

    /** Runs every timer due at {@code now}, earliest first. */
    void runDue(long now) {
        Entry e;
        while ((e = heap.peek()) != null && e.deadline - now <= 0) {
            heap.poll();
            if (e.task != null) {
                Runnable task = e.task;
                e.task = null;
                task.run();
            } else {
                cancelled--;
            }
        }
    }

    int size() {
        return heap.size() - cancelled;
    }

    private void dropCancelledHead() {
        Entry e;
        while ((e = heap.peek()) != null && e.task == null) {
            heap.poll();
            cancelled--;
        }
    }

    private void cancelled() {
        cancelled++;
        if (cancelled > PURGE_FLOOR && cancelled > heap.size() / 2) {
            PriorityQueue<Entry> live = new PriorityQueue<>(Math.max(16, heap.size() - cancelled));
            for (Entry e : heap) {
                if (e.task != null) {
                    live.add(e);
                }
            }
            heap = live;
            cancelled = 0;
        }
    }

    private final class Entry implements Loop.Scheduled, Comparable<Entry> {
        final long deadline;
        final long seq;
        Runnable task;

        Entry(long deadline, long seq, Runnable task) {
            this.deadline = deadline;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public void cancel() {
            if (task != null) {
                task = null;
                cancelled();
            }
        }

        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(deadline - o.deadline, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
