package io.anytask.client.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Loop} on one thread around a JDK NIO {@link Selector}: it waits for I/O readiness, the earliest timer
 * or a submitted task, whichever comes first. Channels registered with it are served on the same thread.
 */
final class NioLoop implements Loop {
    private static final System.Logger LOG = System.getLogger(NioLoop.class.getName());

    /** Something that a ready key is handed to; attached to the key. */
    interface IoHandler {
        void ready(SelectionKey key);
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final TimerQueue timers = new TimerQueue();
    /** True while the loop may block in select; a submitter that flips it to false wakes the selector. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    /** Loop-owned: work to do once the current batch of tasks, I/O and timers is done (write coalescing). */
    private final java.util.ArrayDeque<Runnable> endOfBatch = new java.util.ArrayDeque<>();
    private volatile boolean stopping;

    NioLoop(String threadName) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the client's event loop", e);
        }
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (sleeping.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    @Override
    public Scheduled schedule(long delayNanos, Runnable task) {
        assert inLoop();
        return timers.add(nanoTime() + delayNanos, task);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} once the loop has handled what is ready now, before it waits again; loop only. */
    void atEndOfBatch(Runnable task) {
        assert inLoop();
        endOfBatch.add(task);
    }

    SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws IOException {
        assert inLoop();
        return channel.register(selector, ops, handler);
    }

    /** Asks the loop to stop after the tasks submitted so far; then waits at most {@code millis} for it. */
    boolean stop(long millis) throws InterruptedException {
        execute(() -> stopping = true);
        if (inLoop()) {
            return false;
        }
        thread.join(millis);
        return !thread.isAlive();
    }

    private void run() {
        try {
            while (!stopping) {
                runTasks();
                if (stopping) {
                    break;
                }
                runEndOfBatch();
                long wait = timers.nanosUntilNext(nanoTime());
                sleeping.set(true);
                if (!tasks.isEmpty() || wait == 0) {
                    sleeping.set(false);
                    selector.selectNow();
                } else if (wait == Long.MAX_VALUE) {
                    selector.select();
                } else {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
                }
                sleeping.set(false);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid()) {
                        runSafely(() -> ((IoHandler) key.attachment()).ready(key));
                    }
                }
                selector.selectedKeys().clear();
                timers.runDue(nanoTime());
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.log(Level.ERROR, "anytask client event loop failed", e);
        } finally {
            runTasks();
            try {
                selector.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the selector failed", e);
            }
        }
    }

    private void runEndOfBatch() {
        Runnable task;
        while ((task = endOfBatch.poll()) != null) {
            runSafely(task);
        }
    }

    private void runTasks() {
        Runnable task;
        int budget = 4096;
        while (budget-- > 0 && (task = tasks.poll()) != null) {
            runSafely(task);
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | AssertionError e) {
            LOG.log(Level.ERROR, "anytask client event loop task failed", e);
        }
    }
}
