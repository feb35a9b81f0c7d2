package io.anytask.client.internal;

import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The client's default callback executor: one daemon thread completing futures in the order the loop handed them
 * over, so that callbacks never run on the event loop. A lock-free queue and a parked flag keep the hand-off to one
 * unpark when the thread sleeps and none when it is busy.
 */
final class CallbackThread implements Executor {
    private static final System.Logger LOG = System.getLogger(CallbackThread.class.getName());

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean parked = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean stopping;

    CallbackThread(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (parked.get() && parked.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    /** Runs what was handed over so far, then ends the thread; waits at most {@code millis} for it. */
    void stop(long millis) throws InterruptedException {
        stopping = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread) {
            thread.join(millis);
        }
    }

    private void run() {
        while (true) {
            Runnable task = tasks.poll();
            if (task != null) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(Level.WARNING, "anytask client callback failed", e);
                }
                continue;
            }
            if (stopping) {
                return;
            }
            parked.set(true);
            if (tasks.isEmpty() && !stopping) {
                LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
            }
            parked.set(false);
        }
    }
}
