package io.anytask.server.internal;

import io.anytask.protocol.WorkerControl.Announcement;
import io.anytask.server.WorkerCounts;
import io.anytask.server.WorkerState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * The server's workers: booting (started, not yet reported ready), ready (idle, waiting for a client) and busy
 * (handed out, serving their client, or renewing themselves after it). Keeps workers booting or ready ahead of
 * demand: one for every client queued or waiting, plus as many as recent demand says a burst may need (the peak
 * of clients that found no ready worker over the last {@link #DEMAND_WINDOW}), at least {@code readyTarget},
 * never more than {@code maxWorkers} in all; a client that finds the cap reached waits until
 * a worker is free. Ready workers beyond that are retired once recent demand no longer needs them and they have
 * been idle a while (warm workers are handed out last in, first out, so the surplus is what stays idle). A busy
 * worker that renews itself comes back as ready (see {@link #workerReady}). Workers that fail to boot delay the
 * next start by a growing back-off.
 *
 * <p>All state is guarded by {@code lock}; callers come from the acceptor thread, the control channel's thread,
 * process-exit callbacks and the timer.
 */
final class WorkerPool {
    private static final Duration IDLE_EXIT_WAIT = Duration.ofSeconds(5);
    private static final long CAP_REPORT_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
    private static final long OUTPUT_DRAIN_MILLIS = 1000;
    /** How often a ready worker that is not yet warm is looked at. */
    private static final Duration WARM_POLL = Duration.ofMillis(25);
    /** How long after it is ready a worker is looked at for its warm line (a warm-up ends within 3 s). */
    private static final Duration WARM_WATCH = Duration.ofSeconds(10);
    /** How far back demand is remembered when deciding how many workers to keep ready. */
    static final Duration DEMAND_WINDOW = Duration.ofSeconds(30);
    /** A ready worker is retired only after a third of the demand window idle (10 s by default). */
    private static final int RETIRE_IDLE_PARTS = 3;
    /** How often ready workers beyond what demand needs are looked for, while there are any. */
    private static final Duration TRIM_INTERVAL = Duration.ofSeconds(1);
    private static final Duration RENEWAL_GRACE_MIN = Duration.ofMillis(20);
    private static final Duration RENEWAL_GRACE_MAX = Duration.ofMillis(250);
    /** The grace before any renewal was measured: a JVM's first renewal runs cold code and a GC. */
    private static final Duration RENEWAL_GRACE_FIRST = Duration.ofMillis(250);
    /** Renewals are logged as one summary line per interval, not one line each. */
    private static final Duration RENEWAL_LOG_INTERVAL = Duration.ofSeconds(10);

    /** Starts worker number {@code n}; the real one is {@link WorkerLauncher#launch}. */
    @FunctionalInterface
    interface Launcher {
        Worker launch(int number) throws IOException;
    }

    private final Launcher launcher;
    private final int readyTarget;
    private final int maxWorkers;
    private final Duration bootTimeout;
    private final Duration replacementDelay;
    private final ScheduledExecutorService timer;
    private final Executor events;
    private final BackOff backOff;

    private final Object lock = new Object();
    private final Map<Long, Worker> booting = new HashMap<>();
    private final ArrayDeque<Worker> ready = new ArrayDeque<>();
    private final Set<Worker> busy = new HashSet<>();
    /** Ready workers retired for want of demand, until their exit is seen: neither ready nor serving a client. */
    private final Set<Worker> retiring = new HashSet<>();
    private long spawnNotBefore;
    private boolean retryScheduled;
    private boolean replacementScheduled;
    /** Clients blocked in a take, each owed a worker. */
    private int waitingClients;
    /** When {@link #reportCapReached} last spoke; 0 before it ever did. */
    private long capReportedNanos;
    /** Clients accepted and queued for a take (see {@link #takeReadyNow()}), each owed a worker too. */
    private int queuedClients;
    private int nextNumber = 1;
    private boolean closed;
    private final Demand demand;
    /** How long a ready worker beyond demand must have been idle before it is retired. */
    private final Duration retireIdle;
    private boolean trimScheduled;
    private final Renewals renewals = new Renewals();
    /** Until when starting a missing worker is put off for renewals to come back, once one was. */
    private long deferredUntilNanos;
    private boolean deferredBefore;
    /** When a worker was last handed out; whether workers renew themselves (max renewals above 0). */
    private long lastHandOutNanos;
    private final boolean renewing;

    /**
     * A pool remembering demand for {@code demandWindow} ({@link #DEMAND_WINDOW}; shorter in tests), of workers
     * that renew themselves after a client or not ({@code renewing}).
     */
    WorkerPool(Launcher launcher, int readyTarget, int maxWorkers, Duration bootTimeout, Duration replacementDelay,
            ScheduledExecutorService timer, Executor events, BackOff backOff, Duration demandWindow,
            boolean renewing) {
        this.demand = new Demand(demandWindow);
        this.retireIdle = demandWindow.dividedBy(RETIRE_IDLE_PARTS);
        this.renewing = renewing;
        this.launcher = launcher;
        this.readyTarget = readyTarget;
        this.maxWorkers = maxWorkers;
        this.bootTimeout = bootTimeout;
        this.replacementDelay = replacementDelay;
        this.timer = timer;
        this.events = events;
        this.backOff = backOff;
    }

    /** Starts the first workers. */
    void start() {
        synchronized (lock) {
            replenish();
        }
    }

    /**
     * Takes a ready worker for one client, waiting as long as it takes (a new worker to boot, or one to end when
     * the cap is reached). The worker counts as busy from here on.
     *
     * @return the worker, or null once the pool is stopped
     */
    Worker takeReady() throws InterruptedException {
        synchronized (lock) {
            return awaitReady();
        }
    }

    /**
     * For the acceptor: a ready worker for a client just accepted, if one is ready and no earlier client is queued
     * or waiting (so clients are served in the order they came). Otherwise the client counts as queued, each queued
     * client being owed a worker, and null is returned: the caller queues it for {@link #takeReadyForQueued()}.
     */
    Worker takeReadyNow() {
        synchronized (lock) {
            if (!closed && queuedClients == 0 && waitingClients == 0) {
                Worker worker = pickReady();
                if (worker != null) {
                    handOut(worker);
                    return worker;
                }
            }
            queuedClients++;
            recordDemand();
            replenish();
            return null;
        }
    }

    /**
     * {@link #takeReady()} for a client that {@link #takeReadyNow()} counted as queued: it stops counting as queued
     * and starts counting as waiting in one step, so no client accepted meanwhile can pass it.
     */
    Worker takeReadyForQueued() throws InterruptedException {
        synchronized (lock) {
            queuedClients--;
            return awaitReady();
        }
    }

    /** Counts one more client as queued for {@link #takeReadyForQueued()}. */
    void clientQueued() {
        synchronized (lock) {
            queuedClients++;
            recordDemand();
            replenish();
        }
    }

    /** A client counted as queued was dropped before it reached {@link #takeReadyForQueued()}. */
    void queuedClientGone() {
        synchronized (lock) {
            queuedClients--;
        }
    }

    /** Holds the lock. */
    private Worker awaitReady() throws InterruptedException {
        while (!closed) {
            Worker worker = pickReady();
            if (worker != null) {
                handOut(worker);
                return worker;
            }
            waitingClients++; // counted only while it waits: each waiting client is owed a worker
            recordDemand();
            reportCapReached();
            try {
                replenish();
                lock.wait(1000);
            } finally {
                waitingClients--;
            }
        }
        return null;
    }

    /**
     * Says, at most once a minute, that a client waits because the cap on workers is reached, naming the cap.
     * Holds the lock.
     */
    private void reportCapReached() {
        long now = System.nanoTime();
        int workers = booting.size() + ready.size() + busy.size() + retiring.size();
        if (workers >= maxWorkers && (capReportedNanos == 0 || now - capReportedNanos > CAP_REPORT_EVERY_NANOS)) {
            capReportedNanos = now;
            ServerLog.warn("a client waits for a worker: " + workers + " workers run, the most allowed (maxWorkers: "
                    + maxWorkers + ")");
        }
    }

    /** A picked ready worker goes to a client: busy from now on, and replaced ahead of demand. Holds the lock. */
    private void handOut(Worker worker) {
        busy.add(worker);
        lastHandOutNanos = System.nanoTime();
        replaceLater();
    }

    /**
     * The ready worker to hand out next: the most recently ready one that has said {@code warm}, else the
     * longest-waiting one (the likeliest to be warm soon). Warm workers are taken last in, first out, so that
     * workers beyond what the load needs stay idle and are retired by {@link #trim()}, rather than each being
     * used now and then and kept. Holds the lock.
     */
    private Worker pickReady() {
        List<Worker> candidates = List.copyOf(ready);
        for (int i = candidates.size() - 1; i >= 0; i--) {
            Worker worker = candidates.get(i);
            if (noticeWarm(worker) && ready.remove(worker)) {
                return worker;
            }
        }
        return ready.pollFirst();
    }

    /**
     * Whether a ready worker is warm, reading its {@code warm} line if it has come (and logging it then). One whose
     * control connection carries anything else is killed; its exit is handled as usual. Holds the lock.
     */
    private boolean noticeWarm(Worker worker) {
        try {
            if (worker.pollWarm()) {
                if (worker.renewals() == 0) {
                    ServerLog.info("worker " + worker.label() + " warm (" + worker.millisSinceStart()
                            + " ms after it started)");
                } else {
                    ServerLog.debug(() -> "worker " + worker.label() + " warm again after renewal "
                            + worker.renewals());
                }
            }
            return worker.isWarm();
        } catch (IOException e) {
            ServerLog.warn(e.getMessage() + "; killing it");
            ready.remove(worker);
            busy.add(worker);
            discard(worker);
            return false;
        }
    }

    /**
     * Looks at a ready worker every {@link #WARM_POLL} until it is warm, handed out, gone, or {@link #WARM_WATCH}
     * has passed: so the log says when it became warm, and counts are current, even while no client comes.
     */
    private void watchWarmUp(Worker worker, long deadlineNanos) {
        schedule(WARM_POLL.toNanos(), () -> {
            synchronized (lock) {
                if (closed || !ready.contains(worker) || noticeWarm(worker)) {
                    return;
                }
                if (System.nanoTime() - deadlineNanos < 0) {
                    watchWarmUp(worker, deadlineNanos);
                }
            }
        });
    }

    /** A worker could not take its client: it is killed (it counts as busy until its process ends). */
    void discard(Worker worker) {
        worker.closeControl();
        worker.process().destroyForcibly();
    }

    /**
     * Called when a worker connected to the control socket and announced itself: a booted worker that said
     * {@code ready PID}, or a busy one that said {@code renewed PID MILLIS} after its client and is ready again.
     */
    void workerReady(Announcement announcement, AFUNIXSocket control) {
        long pid = announcement.pid();
        synchronized (lock) {
            Worker worker = announcement.renewed() ? busyWorker(pid) : booting.remove(pid);
            if (worker == null) {
                ServerLog.warn("control connection from pid " + pid + ", which is not a "
                        + (announcement.renewed() ? "serving" : "booting") + " worker of this server; closed it");
                ControlChannel.closeQuietly(control);
                return;
            }
            if (announcement.renewed()) {
                busy.remove(worker);
                worker.renewed(control);
                noteRenewal(announcement.renewalMillis().getAsLong());
            } else {
                worker.control(control);
            }
            if (closed) {
                worker.closeControl();
                busy.add(worker);
                return;
            }
            ready.addLast(worker);
            worker.readySince(System.nanoTime());
            if (!announcement.renewed()) {
                backOff.succeeded();
                ServerLog.info("worker " + worker.label() + " ready (pid " + pid + ", booted in "
                        + worker.millisSinceStart() + " ms)");
            }
            watchWarmUp(worker, System.nanoTime() + WARM_WATCH.toNanos());
            scheduleTrim();
            lock.notifyAll();
        }
    }

    /** The busy worker with process id {@code pid}, or null. Holds the lock. */
    private Worker busyWorker(long pid) {
        for (Worker worker : busy) {
            if (worker.pid() == pid) {
                return worker;
            }
        }
        return null;
    }

    /**
     * Counts a renewal and logs a summary of the renewals of the last {@link #RENEWAL_LOG_INTERVAL} once it has
     * passed: at a hundred renewals a second, a line each would drown the log. Holds the lock.
     */
    private void noteRenewal(long millis) {
        if (renewals.note(millis, System.nanoTime())) {
            schedule(RENEWAL_LOG_INTERVAL.toNanos(), () -> {
                synchronized (lock) {
                    logRenewals();
                }
            });
        }
    }

    /** Holds the lock. */
    private void logRenewals() {
        renewals.summary(RENEWAL_LOG_INTERVAL).ifPresent(ServerLog::info);
    }

    /**
     * Notes how many clients wait for a worker now (none was ready for them), for the ready workers that recent
     * demand asks for. Busy workers are not counted: they may be renewing themselves for the next client rather
     * than serving one, which the server cannot tell apart.
     */
    private void recordDemand() {
        demand.record(waitingClients + queuedClients, System.nanoTime());
    }

    /**
     * How many workers should be booting or ready now: one for every client queued or waiting, plus as many ahead
     * as the most clients that recently found no ready worker (so that a burst like it meets ready ones), at least
     * {@code readyTarget}. Holds the lock.
     */
    private int wantedIdle() {
        int owed = waitingClients + queuedClients;
        int peak = Math.min(demand.peak(System.nanoTime()), maxWorkers);
        return owed + Math.max(readyTarget, peak - owed);
    }

    /**
     * Looks for ready workers beyond what demand needs every {@link #TRIM_INTERVAL}, while more than
     * {@code readyTarget} are booting or ready (as the demand window slides, more of them may become extra).
     */
    private void scheduleTrim() {
        if (trimScheduled || closed || ready.size() + booting.size() <= readyTarget) {
            return;
        }
        trimScheduled = true;
        schedule(TRIM_INTERVAL.toNanos(), () -> {
            synchronized (lock) {
                trimScheduled = false;
                trim();
                scheduleTrim();
            }
        });
    }

    /**
     * Retires ready workers beyond what demand needs that have been idle for at least {@code retireIdle}, the
     * longest idle first: their control connection closes and they exit. A worker that came back from serving a
     * client moments ago is not surplus, however many are ready at this instant: under a steady load of
     * renewals, each comes back and is taken again within milliseconds. Not while workers boot: those are what
     * demand asked for, and the surplus is looked at again once they are ready. Holds the lock.
     */
    private void trim() {
        if (!booting.isEmpty()) {
            return;
        }
        int wanted = wantedIdle();
        int extra = ready.size() - wanted;
        long now = System.nanoTime();
        for (Worker worker : List.copyOf(ready)) {
            if (extra <= 0) {
                break;
            }
            if (now - worker.readySince() < retireIdle.toNanos()) {
                continue;
            }
            ready.remove(worker);
            extra--;
            ServerLog.info("worker " + worker.label() + " retired: idle " + (now - worker.readySince()) / 1_000_000
                    + " ms, " + (ready.size() + 1) + " ready where recent demand needs " + wanted);
            retiring.add(worker); // until its exit is seen
            worker.closeControl();
        }
    }

    /** One worker and its state, in a {@link #snapshot()}. */
    record Entry(Worker worker, WorkerState state) {
    }

    /** @return every worker with its state, ordered by worker number (oldest first) */
    List<Entry> snapshot() {
        List<Entry> entries = new ArrayList<>();
        synchronized (lock) {
            booting.values().forEach(worker -> entries.add(new Entry(worker, WorkerState.BOOTING)));
            for (Worker worker : List.copyOf(ready)) {
                boolean warm = noticeWarm(worker);
                if (ready.contains(worker)) { // not discarded for a bad control line
                    entries.add(new Entry(worker, warm ? WorkerState.WARM : WorkerState.READY));
                }
            }
            busy.forEach(worker -> entries.add(new Entry(worker, WorkerState.SERVING)));
        }
        entries.sort(Comparator.comparingInt(entry -> entry.worker().number()));
        return entries;
    }

    /**
     * @return counts of booting, ready, busy and warm (of the ready) workers, and of clients waiting for one, for
     *     logs, tests and {@code TaskServer.workers()}
     */
    WorkerCounts counts() {
        synchronized (lock) {
            int warm = 0;
            for (Worker worker : List.copyOf(ready)) {
                warm += noticeWarm(worker) ? 1 : 0;
            }
            return new WorkerCounts(booting.size(), ready.size(), busy.size(), warm, waitingClients + queuedClients);
        }
    }

    /**
     * After a hand-off: a booting JVM competes for the CPU with the worker that just got its client and is running
     * its first, still cold, request. While other workers are ready and no other client waits, the replacement
     * starts a moment later; otherwise at once. Holds the lock.
     */
    private void replaceLater() {
        if (ready.isEmpty() || waitingClients + queuedClients > 0 || replacementDelay.isZero()) {
            replenish();
        } else if (!replacementScheduled) {
            replacementScheduled = true;
            schedule(replacementDelay.toNanos(), () -> {
                synchronized (lock) {
                    replacementScheduled = false;
                    replenish();
                }
            });
        }
    }

    /** Starts workers until enough are booting or ready, within the cap and the back-off. Holds the lock. */
    private void replenish() {
        if (closed) {
            return;
        }
        int missing = wantedIdle() - ready.size() - booting.size() - renewingEstimate();
        if (missing > 0 && deferForRenewals()) {
            return;
        }
        while (missing > 0 && booting.size() + ready.size() + busy.size() + retiring.size() < maxWorkers) {
            long wait = spawnNotBefore - System.nanoTime();
            if (backOff.failuresInARow() > 0 && wait > 0) {
                scheduleRetry(wait);
                return;
            }
            if (!spawn()) {
                return;
            }
            missing--;
        }
    }

    /**
     * How many busy workers are likely renewing themselves right now, on their way back to ready: renewals per
     * second over the last second times the recent renewal time (Little's law), at most the busy workers. They
     * count as workers ahead of demand. Holds the lock.
     */
    private int renewingEstimate() {
        return (int) Math.min(busy.size(), Math.round(renewals.underWay(System.nanoTime())));
    }

    /**
     * While workers are being renewed (one was, within the last second; before any was, while workers that may
     * renew were handed out within the last second), a worker that is missing now is likely to come back renewed
     * within milliseconds: a new JVM would cost a boot's worth of CPU (competing with those
     * renewals) and be ready later than they are. So a start is put off once, for about twice the recent renewal
     * time (bounded), then made if still missing. Holds the lock.
     *
     * @return true if starting is put off now (a look again is scheduled)
     */
    private boolean deferForRenewals() {
        long now = System.nanoTime();
        boolean comingBack = renewals.any() ? renewals.recent(now)
                : renewing && now - lastHandOutNanos <= Renewals.RECENT.toNanos(); // none measured yet
        if (busy.isEmpty() || !comingBack) {
            return false;
        }
        long grace = !renewals.any() ? RENEWAL_GRACE_FIRST.toNanos() : Math.max(RENEWAL_GRACE_MIN.toNanos(),
                Math.min(RENEWAL_GRACE_MAX.toNanos(), 2 * renewals.averageNanos()));
        if (deferredBefore && now - deferredUntilNanos < 0) {
            return true; // a look again is scheduled for then
        }
        if (deferredBefore && now - deferredUntilNanos <= grace) {
            return false; // a deferral just ended: start what is still missing
        }
        deferredBefore = true;
        deferredUntilNanos = now + grace;
        schedule(grace, () -> {
            synchronized (lock) {
                replenish();
            }
        });
        return true;
    }

    private boolean spawn() {
        int number = nextNumber++;
        Worker worker;
        try {
            worker = launcher.launch(number);
        } catch (IOException | RuntimeException e) {
            Duration delay = backOff.failed();
            spawnNotBefore = System.nanoTime() + delay.toNanos();
            ServerLog.error("could not start worker #" + number + ": " + e.getMessage()
                    + "; next start in " + delay.toMillis() + " ms");
            scheduleRetry(delay.toNanos());
            return false;
        }
        booting.put(worker.pid(), worker);
        ServerLog.info("worker " + worker.label() + " started (pid " + worker.pid() + ")");
        worker.process().onExit().thenRunAsync(() -> exited(worker), events);
        schedule(bootTimeout.toNanos(), () -> bootTimedOut(worker));
        return true;
    }

    private void bootTimedOut(Worker worker) {
        synchronized (lock) {
            if (booting.get(worker.pid()) == worker) {
                ServerLog.warn("worker " + worker.label() + " (pid " + worker.pid()
                        + ") did not report ready within " + bootTimeout.toMillis() + " ms; killing it");
                worker.process().destroyForcibly();
            }
        }
    }

    private void exited(Worker worker) {
        boolean wasBooting;
        synchronized (lock) {
            wasBooting = booting.get(worker.pid()) == worker;
        }
        List<String> lastOutput = wasBooting ? worker.output().lastLines(OUTPUT_DRAIN_MILLIS) : List.of();
        int exitCode = worker.process().exitValue();
        String what = "worker " + worker.label();
        String detail = " (pid " + worker.pid() + ", exit code " + exitCode + ")";
        synchronized (lock) {
            worker.closeControl();
            if (booting.remove(worker.pid(), worker)) {
                if (closed) {
                    ServerLog.info(what + " ended while booting, at stop" + detail);
                } else {
                    Duration delay = backOff.failed();
                    spawnNotBefore = System.nanoTime() + delay.toNanos();
                    ServerLog.warn(what + " failed to boot" + detail + ";"
                            + " next start in " + delay.toMillis() + " ms; its last output:"
                            + (lastOutput.isEmpty() ? " (none)" : "\n    " + String.join("\n    ", lastOutput)));
                }
            } else if (ready.remove(worker)) {
                if (closed) {
                    ServerLog.info(what + " ended while idle" + detail);
                } else {
                    ServerLog.warn(what + " ended while idle" + detail);
                }
            } else if (busy.remove(worker)) {
                ServerLog.info(what + " ended" + detail);
            } else if (retiring.remove(worker)) {
                ServerLog.info(what + " ended after it was retired" + detail);
            }
            replenish();
            lock.notifyAll();
        }
    }

    private void scheduleRetry(long delayNanos) {
        if (retryScheduled) {
            return;
        }
        retryScheduled = true;
        schedule(delayNanos, () -> {
            synchronized (lock) {
                retryScheduled = false;
                replenish();
            }
        });
    }

    private void schedule(long delayNanos, Runnable task) {
        try {
            timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The server has stopped: nothing is scheduled any more.
        }
    }

    /**
     * Graceful stop: no more workers start; booting workers are killed; idle workers are told to exit (their
     * control connection closes) and killed if they have not after a few seconds; busy workers get {@code grace}
     * to finish their clients, then are killed. Returns once every worker process has ended (bounded).
     */
    void stop(Duration grace) {
        List<Worker> bootingNow;
        List<Worker> idleNow;
        List<Worker> busyNow;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            bootingNow = new ArrayList<>(booting.values());
            idleNow = new ArrayList<>(ready);
            idleNow.addAll(retiring);
            busyNow = new ArrayList<>(busy);
            logRenewals();
            lock.notifyAll();
        }
        bootingNow.forEach(worker -> worker.process().destroyForcibly());
        idleNow.forEach(Worker::closeControl);
        List<Worker> unused = new ArrayList<>(bootingNow);
        unused.addAll(idleNow);
        killAfter(unused, IDLE_EXIT_WAIT, "did not exit when its control connection closed");
        killAfter(busyNow, grace, "was still serving when the grace period of " + grace.toMillis() + " ms ended");
        awaitForgotten(IDLE_EXIT_WAIT);
    }

    /** Waits (bounded) until the exit of every worker has been handled, so each one's end is logged. */
    private void awaitForgotten(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (lock) {
            while (booting.size() + ready.size() + busy.size() + retiring.size() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void killAfter(List<Worker> workers, Duration wait, String reason) {
        awaitExit(workers, wait);
        for (Worker worker : workers) {
            if (worker.process().isAlive()) {
                ServerLog.warn("killing " + worker + ": it " + reason);
                worker.process().destroyForcibly();
            }
        }
    }

    private static void awaitExit(List<Worker> workers, Duration wait) {
        CompletableFuture<?>[] exits = workers.stream().map(w -> w.process().onExit())
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The caller kills whatever is still alive.
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for a process cannot fail", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
