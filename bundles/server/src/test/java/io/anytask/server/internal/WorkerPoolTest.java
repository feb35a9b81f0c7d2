package io.anytask.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import io.anytask.protocol.WorkerControl.Announcement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;

/** The pool's bookkeeping, with fake worker processes that the test boots and ends by hand. */
@Timeout(30)
class WorkerPoolTest {
    private final List<Worker> launched = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final ExecutorService events = Executors.newCachedThreadPool();
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private WorkerPool pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.stop(Duration.ZERO);
        }
        timer.shutdownNow();
        events.shutdownNow();
        clients.shutdownNow();
    }

    private WorkerPool pool(int ready, int max, Duration backOff) {
        return pool(ready, max, backOff, Duration.ZERO);
    }

    private WorkerPool pool(int ready, int max, Duration backOff, Duration replacementDelay) {
        return pool(ready, max, backOff, replacementDelay, WorkerPool.DEMAND_WINDOW);
    }

    private WorkerPool pool(int ready, int max, Duration backOff, Duration replacementDelay, Duration demandWindow) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        pool = new WorkerPool(number -> {
            Worker worker = new Worker(number, "t#" + number, new FakeProcess(1000 + number),
                    OutputTail.start(InputStream.nullInputStream(), "t#" + number, nowhere));
            launched.add(worker);
            return worker;
        }, ready, max, Duration.ofMinutes(5), replacementDelay, timer, events,
                new BackOff(backOff, backOff.multipliedBy(4)), demandWindow, false);
        pool.start();
        return pool;
    }

    private void boot(Worker worker) {
        pool.workerReady(ready(worker.pid()), null);
    }

    private static void exit(Worker worker, int code) {
        ((FakeProcess) worker.process()).exit(code);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    private CompletableFuture<Worker> takeLater() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return pool.takeReady();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, clients);
    }

    @Test
    void startsTheReadyWorkersAheadOfDemandAndReplacesTheOnesHandedOut() throws Exception {
        pool(2, 10, Duration.ofMillis(100));
        assertEquals(2, launched.size());
        launched.forEach(this::boot);

        Worker first = pool.takeReady();
        assertSame(launched.get(0), first, "the longest-ready worker goes first");
        assertEquals(3, launched.size(), "a replacement starts as soon as one is handed out");
        assertEquals(List.of(1, 1, 1), List.of(pool.counts().booting(), pool.counts().ready(), pool.counts().busy()));
    }

    @Test
    void eachQueuedClientIsOwedAWorker() {
        pool(0, 10, Duration.ofMillis(100));
        assertEquals(0, launched.size());
        for (int i = 1; i <= 3; i++) {
            assertNull(pool.takeReadyNow(), "no worker is ready: the client queues");
            assertEquals(i, launched.size(), "a worker starts for every queued client");
        }
    }

    @Test
    void aClientAcceptedWhileAnEarlierOneIsQueuedDoesNotPassIt() throws Exception {
        pool(0, 10, Duration.ofMillis(100));
        assertNull(pool.takeReadyNow(), "client A queues");
        boot(launched.get(0));
        assertNull(pool.takeReadyNow(), "client B queues behind A although a worker is ready");
        assertSame(launched.get(0), pool.takeReadyForQueued(), "A gets the worker that was ready");
        CompletableFuture<Worker> b = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.takeReadyForQueued();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, clients);
        await("a worker was started for B", () -> launched.size() >= 2);
        boot(launched.get(1));
        assertSame(launched.get(1), b.get(10, TimeUnit.SECONDS));
        assertEquals(4, launched.size(), "one worker for each client, and two ahead: two clients found none ready");
    }

    @Test
    void withNobodyQueuedTheAcceptorTakesAReadyWorkerAtOnce() {
        pool(1, 10, Duration.ofMillis(100));
        boot(launched.get(0));
        assertSame(launched.get(0), pool.takeReadyNow());
        assertEquals(2, launched.size(), "its replacement starts");
    }

    @Test
    void aWarmWorkerGoesBeforeLongerReadyOnesThatAreStillWarmingUp() throws Exception {
        pool(3, 10, Duration.ofMillis(100), Duration.ofHours(1));
        List<AFUNIXSocketPair<AFUNIXSocketChannel>> pairs = new ArrayList<>();
        try {
            for (Worker worker : launched) {
                AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
                pairs.add(pair);
                pool.workerReady(ready(worker.pid()), (AFUNIXSocket) pair.getSocket1().socket());
            }
            assertEquals(0, pool.counts().warm(), "none said warm yet");
            // the last one to become ready is the first to be warm
            pairs.get(2).getSocket2().socket().getOutputStream().write("warm\n".getBytes(StandardCharsets.US_ASCII));
            await("the warm line is seen", () -> pool.counts().warm() == 1);
            assertSame(launched.get(2), pool.takeReady(), "the warm worker goes first");
            assertSame(launched.get(0), pool.takeReady(), "then the longest-ready one");
            assertEquals(0, pool.counts().warm());
            exit(launched.get(1), 0); // the idle fake would otherwise be waited for at stop
        } finally {
            for (AFUNIXSocketPair<AFUNIXSocketChannel> pair : pairs) {
                pair.close();
            }
        }
    }

    @Test
    void warmWorkersGoLastInFirstOutSoThatASurplusStaysIdle() throws Exception {
        pool(3, 10, Duration.ofMillis(100), Duration.ofHours(1));
        List<AFUNIXSocketPair<AFUNIXSocketChannel>> pairs = new ArrayList<>();
        try {
            for (Worker worker : launched) {
                AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
                pairs.add(pair);
                pool.workerReady(ready(worker.pid()), (AFUNIXSocket) pair.getSocket1().socket());
            }
            for (AFUNIXSocketPair<AFUNIXSocketChannel> pair : pairs) {
                pair.getSocket2().socket().getOutputStream().write("warm\n".getBytes(StandardCharsets.US_ASCII));
            }
            await("the warm lines are seen", () -> pool.counts().warm() == 3);
            assertSame(launched.get(2), pool.takeReady(), "the most recently ready warm worker goes first");
            assertSame(launched.get(1), pool.takeReady(), "then the one ready before it");
            assertEquals(1, pool.counts().ready(), "the longest-ready one stays idle");
            exit(launched.get(0), 0); // the idle fake would otherwise be waited for at stop
        } finally {
            for (AFUNIXSocketPair<AFUNIXSocketChannel> pair : pairs) {
                pair.close();
            }
        }
    }

    @Test
    void whileOtherWorkersAreReadyTheReplacementStartsLater() throws Exception {
        pool(2, 10, Duration.ofMillis(100), Duration.ofHours(1));
        launched.forEach(this::boot);
        pool.takeReady();
        assertEquals(2, launched.size(), "one worker is still ready: the replacement waits");
        pool.takeReady();
        assertEquals(4, launched.size(), "none is ready any more: both replacements start at once");
    }

    @Test
    void aClientWaitsForAWorkerToBoot() throws Exception {
        pool(0, 10, Duration.ofMillis(100));
        assertEquals(0, launched.size());
        CompletableFuture<Worker> taken = takeLater();
        await("a worker starts for the waiting client", () -> launched.size() == 1);
        assertFalse(taken.isDone());
        boot(launched.get(0));
        assertSame(launched.get(0), taken.get(5, TimeUnit.SECONDS));
    }

    @Test
    void atTheCapAClientWaitsUntilAWorkerEnds() throws Exception {
        pool(1, 2, Duration.ofMillis(100));
        boot(launched.get(0));
        Worker a = pool.takeReady();
        await("second worker starts", () -> launched.size() == 2);
        boot(launched.get(1));
        Worker b = pool.takeReady();

        CompletableFuture<Worker> third = takeLater();
        Thread.sleep(200);
        assertEquals(2, launched.size(), "no worker starts beyond the cap");
        assertFalse(third.isDone());

        exit(a, 0);
        await("a worker starts once a slot is free", () -> launched.size() == 3);
        boot(launched.get(2));
        assertSame(launched.get(2), third.get(5, TimeUnit.SECONDS));
        assertTrue(b.process().isAlive());
    }

    @Test
    void aWorkerThatFailsToBootIsRetriedAfterABackOff() throws Exception {
        pool(1, 10, Duration.ofHours(1));
        exit(launched.get(0), 3);
        await("the failure is recorded", () -> pool.counts().booting() == 0);
        CompletableFuture<Worker> waiting = takeLater();
        Thread.sleep(200);
        assertEquals(1, launched.size(), "no new start during the back-off, even with a client waiting");
        assertFalse(waiting.isDone());
    }

    @Test
    void afterTheBackOffTheNextWorkerStarts() throws Exception {
        pool(1, 10, Duration.ofMillis(50));
        exit(launched.get(0), 3);
        await("a new start after the back-off", () -> launched.size() == 2);
        boot(launched.get(1));
        assertSame(launched.get(1), pool.takeReady());
    }

    @Test
    void anIdleWorkerThatDiesIsReplaced() throws Exception {
        pool(1, 10, Duration.ofMillis(50));
        boot(launched.get(0));
        exit(launched.get(0), 1);
        await("a replacement starts", () -> launched.size() == 2);
        assertEquals(1, pool.counts().booting());
        assertEquals(0, pool.counts().ready());
    }

    @Test
    void aReadyLineFromAStrangerIsIgnored() {
        pool(1, 10, Duration.ofMillis(50));
        pool.workerReady(ready(42), null);
        assertEquals(List.of(1, 0, 0), List.of(pool.counts().booting(), pool.counts().ready(), pool.counts().busy()));
    }

    @Test
    void stopEndsIdleAndBootingWorkersAndReleasesWaitingClients() throws Exception {
        pool(2, 3, Duration.ofMillis(50));
        boot(launched.get(0));
        Worker busy = pool.takeReady();
        Worker stillBooting = launched.get(1);
        CompletableFuture<Worker> waiting = takeLater();
        await("the waiting client is counted", () -> launched.size() == 3);
        boot(launched.get(2));
        Worker got = waiting.get(5, TimeUnit.SECONDS);
        CompletableFuture<Worker> blocked = takeLater();

        pool.stop(Duration.ZERO);
        assertNull(blocked.get(5, TimeUnit.SECONDS), "a waiting client gets no worker once stopped");
        assertFalse(stillBooting.process().isAlive());
        assertFalse(busy.process().isAlive(), "serving workers are killed after a zero grace period");
        assertFalse(got.process().isAlive());
    }

    @Test
    void aRenewedWorkerComesBackAsReadyAndCountsItsRenewals() throws Exception {
        pool(1, 1, Duration.ofMillis(100));
        Worker worker = launched.get(0);
        boot(worker);
        assertSame(worker, pool.takeReady());
        assertEquals(List.of(0, 1), List.of(pool.counts().ready(), pool.counts().busy()));
        pool.workerReady(new Announcement(worker.pid(), OptionalLong.of(7)), null);
        assertEquals(List.of(1, 0), List.of(pool.counts().ready(), pool.counts().busy()));
        assertEquals(1, worker.renewals());
        assertSame(worker, pool.takeReady(), "the renewed worker serves the next client");
        assertEquals(1, launched.size(), "no new JVM was needed");
    }

    @Test
    void aRenewedLineFromAWorkerThatIsNotServingIsRejected() {
        pool(1, 1, Duration.ofMillis(100));
        Worker worker = launched.get(0);
        pool.workerReady(new Announcement(worker.pid(), OptionalLong.of(7)), null);
        assertEquals(List.of(1, 0, 0), List.of(pool.counts().booting(), pool.counts().ready(), pool.counts().busy()),
                "still booting: a renewal needs a worker that served");
    }

    @Test
    void afterABurstAsManyWorkersAreMadeReadyAsItNeeded() throws Exception {
        pool(0, 10, Duration.ofMillis(100));
        for (int i = 0; i < 4; i++) {
            assertNull(pool.takeReadyNow());
        }
        assertEquals(4, launched.size());
        List<Worker> burst = List.copyOf(launched);
        burst.forEach(this::boot);
        for (int i = 0; i < 4; i++) {
            pool.takeReadyForQueued();
        }
        burst.forEach(worker -> exit(worker, 0)); // a new JVM for every client, as with max renewals 0
        await("the burst's size of workers is made ready again, though the ready target is 0",
                () -> launched.size() == 8);
    }

    @Test
    void readyWorkersBeyondWhatRecentDemandNeedsAreRetiredOnceItHasPassed() throws Exception {
        pool(1, 10, Duration.ofMillis(100), Duration.ZERO, Duration.ofSeconds(2));
        for (int i = 0; i < 4; i++) {
            pool.takeReadyNow();
        }
        await("a worker for each queued client", () -> launched.size() >= 4);
        List<Worker> burst = List.copyOf(launched);
        burst.forEach(this::boot);
        List<Worker> served = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            served.add(pool.takeReadyForQueued());
        }
        await("as many ready ahead as the burst found none ready", () -> launched.size() == 8);
        launched.subList(4, 8).forEach(this::boot);
        served.forEach(worker -> pool.workerReady(new Announcement(worker.pid(), OptionalLong.of(3)), null));
        assertTrue(pool.counts().ready() >= 4, "renewed, and at least 4 kept while the burst of 4 is recent");
        await("retired down to the ready target once the burst left the window",
                () -> pool.counts().ready() == 1);
        assertEquals(8, launched.size(), "none started meanwhile");
    }

    @Test
    void whileWorkersAreRenewedAWaitingClientWaitsForARenewalBeforeANewJvmIsStarted() throws Exception {
        pool(0, 10, Duration.ofMillis(100));
        assertNull(pool.takeReadyNow());
        Worker worker = launched.get(0);
        boot(worker);
        assertSame(worker, pool.takeReadyForQueued());
        pool.workerReady(new Announcement(worker.pid(), OptionalLong.of(3)), null);
        assertSame(worker, pool.takeReadyNow(), "renewed, and handed out again");
        int started = launched.size(); // and one ahead, for the one client that found none ready

        assertNull(pool.takeReadyNow(), "the next client waits");
        CompletableFuture<Worker> next = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.takeReadyForQueued();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, clients);
        assertEquals(started, launched.size(), "no new JVM at once: the serving worker is likely to be renewed");
        pool.workerReady(new Announcement(worker.pid(), OptionalLong.of(3)), null);
        assertSame(worker, next.get(10, TimeUnit.SECONDS));

        assertNull(pool.takeReadyNow(), "a client for the worker started ahead");
        assertNull(pool.takeReadyNow(), "and one that no renewal serves");
        await("a new JVM once the grace for renewals has passed", () -> launched.size() > started);
    }

    private static Announcement ready(long pid) {
        return new Announcement(pid, OptionalLong.empty());
    }
}
