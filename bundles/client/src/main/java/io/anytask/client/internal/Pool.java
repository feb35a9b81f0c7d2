package io.anytask.client.internal;

import io.anytask.client.CheckoutLeakedException;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.InvalidMessageException;
import io.anytask.protocol.Message;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The pool: worker connections and the FIFO queue of pending checkouts (SPEC.md section 6). Every field and
 * method is owned by the {@link Loop}; public entry points are reached through {@code loop.execute}.
 *
 * <p>Invariants between loop tasks: {@code connecting + idle.size() + busy.size() <= maxWorkers}; a checkout in
 * {@code pending} has no worker; an idle worker has no checkout; if {@code pending} is not empty then no worker is
 * idle. Every operation on {@code pending} is O(1) (a linked hash set: append, take first, remove any).
 */
final class Pool {
    static final long RECONNECT_DELAY_NANOS = 200_000_000L;
    private static final System.Logger LOG = System.getLogger(Pool.class.getName());

    final TaskClientConfig config;
    final Loop loop;
    final Stats stats;
    final ListenerDispatch listener;
    private final Transport transport;
    private final Executor callbacks;
    private final LinkedHashSet<CheckoutState> pending = new LinkedHashSet<>();
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final Set<Worker> busy = new HashSet<>();
    private final Set<Worker> connecting = new HashSet<>();
    private Loop.Scheduled reconnect;
    private boolean closed;
    /** The reason of the ClientClosedExceptions after close: set by the closing thread before {@code closing}. */
    volatile String closeReason = "client closed";
    /** True while {@link #populate()} runs: a connection completing inside it must not start a second one. */
    private boolean populating;
    /** Set by the thread that closes the client, before the loop hears of it: new calls fail at once. */
    volatile boolean closing;

    Pool(TaskClientConfig config, Loop loop, Transport transport, Executor callbacks, Stats stats,
         ListenerDispatch listener) {
        this.config = config;
        this.loop = loop;
        this.transport = transport;
        this.callbacks = callbacks;
        this.stats = stats;
        this.listener = listener;
    }

    Executor callbacks() {
        return callbacks;
    }

    boolean isClosed() {
        return closed;
    }

    void start() {
        populate();
    }

    // ---- checkouts

    /** A new checkout joins the end of the queue; its pending slot was reserved by the caller. */
    void enqueue(CheckoutState checkout) {
        if (closed) {
            stats.pending.decrementAndGet();
            checkout.clientClosed();
            return;
        }
        checkout.queuedAt = loop.nanoTime();
        pending.add(checkout);
        fill();
    }

    /** Takes a checkout that timed out or was aborted out of the queue; true if it was there. */
    boolean dequeue(CheckoutState checkout) {
        if (pending.remove(checkout)) {
            stats.pending.decrementAndGet();
            return true;
        }
        return false;
    }

    /** Gives idle workers to pending checkouts, first come first served, and opens connections for the rest. */
    private void fill() {
        while (!pending.isEmpty() && !idle.isEmpty()) {
            var it = pending.iterator();
            CheckoutState checkout = it.next();
            it.remove();
            stats.pending.decrementAndGet();
            Worker worker = idle.pollFirst();
            stats.idle.decrementAndGet();
            worker.state = Worker.State.BUSY;
            worker.checkout = checkout;
            worker.checkouts++;
            busy.add(worker);
            stats.busy.incrementAndGet();
            long waited = loop.nanoTime() - checkout.queuedAt;
            listener.fire(l -> l.checkoutStarted(waited));
            checkout.assigned(worker);
        }
        populate();
    }

    /**
     * The checkout ended (released with nothing left to run, or failed for good and released): its worker goes
     * back to the pool, or is retired.
     */
    void checkoutEnded(CheckoutState checkout, Worker worker, boolean retire, String why) {
        if (worker == null || worker.state == Worker.State.CLOSED) {
            return;
        }
        busy.remove(worker);
        stats.busy.decrementAndGet();
        worker.checkout = null;
        if (retire) {
            retire(worker, why);
            fill();
            return;
        }
        worker.send(Message.Dn.empty());
        if (config.maxCheckouts().isPresent() && worker.checkouts >= config.maxCheckouts().getAsInt()) {
            retire(worker, "served max checkouts (" + worker.checkouts + ")");
            fill();
            return;
        }
        worker.state = Worker.State.IDLE;
        idle.addFirst(worker);
        stats.idle.incrementAndGet();
        fill();
    }

    /** Closes a busy worker at once (timeout, abort); the checkout has already detached itself from it. */
    void kill(Worker worker, String why) {
        if (worker.state != Worker.State.BUSY) {
            return;
        }
        busy.remove(worker);
        stats.busy.decrementAndGet();
        worker.checkout = null;
        retire(worker, why);
        fill();
    }

    void leaked(CheckoutState checkout, CheckoutLeakedException leak) {
        LOG.log(Level.WARNING, leak.getMessage(), leak);
        listener.fire(l -> l.checkoutLeaked(leak));
        checkout.release();
    }

    // ---- workers

    /**
     * Opens connections up to min workers, and more while checkouts wait, up to max workers. A connection may
     * complete (or fail) inside {@code transport.connect}, calling back into the pool, which may call this again:
     * such a nested call does nothing, and the loop counts again after each connection it opens.
     */
    private void populate() {
        if (populating) {
            return;
        }
        populating = true;
        try {
            while (!closed && reconnect == null) {
                int total = connecting.size() + idle.size() + busy.size();
                int wanted = Math.max(config.minWorkers() - total, pending.size() - connecting.size() - idle.size());
                if (Math.min(wanted, config.maxWorkers() - total) <= 0) {
                    return;
                }
                Worker worker = new Worker(this);
                connecting.add(worker);
                stats.connecting.incrementAndGet();
                transport.connect(worker);
            }
        } finally {
            populating = false;
        }
    }

    void workerConnected(Worker worker) {
        connecting.remove(worker);
        stats.connecting.decrementAndGet();
        if (closed) {
            worker.state = Worker.State.CLOSED;
            worker.connection.close();
            return;
        }
        listener.fire(l -> l.workerConnected());
        worker.state = Worker.State.IDLE;
        idle.addFirst(worker);
        stats.idle.incrementAndGet();
        fill();
    }

    void workerConnectFailed(Worker worker, Exception cause) {
        connecting.remove(worker);
        stats.connecting.decrementAndGet();
        worker.state = Worker.State.CLOSED;
        listener.fire(l -> l.workerConnectFailed(cause));
        if (cause instanceof TlsHandshakeFailure tls) {
            failPending(tls);
        }
        if (!closed && reconnect == null) {
            // The server is down or refuses: try again in 200 ms; checkouts wait until their own timeouts.
            reconnect = loop.schedule(RECONNECT_DELAY_NANOS, () -> {
                reconnect = null;
                populate();
            });
        }
    }

    void workerReplied(Worker worker, Message message) {
        CheckoutState checkout = worker.checkout;
        if (worker.state != Worker.State.BUSY || checkout == null || !checkout.replied(message)) {
            Exception why = new InvalidMessageException("unexpected " + message.command().wireName()
                    + " message from a worker with no call in flight");
            LOG.log(Level.WARNING, why.getMessage());
            worker.connection.close();
            workerDied(worker, why);
        }
    }

    void workerDied(Worker worker, Exception cause) {
        Worker.State was = worker.state;
        worker.state = Worker.State.CLOSED;
        stats.deaths.incrementAndGet();
        listener.fire(l -> l.workerDied(cause));
        if (was == Worker.State.IDLE) {
            idle.remove(worker);
            stats.idle.decrementAndGet();
        } else if (was == Worker.State.BUSY) {
            busy.remove(worker);
            stats.busy.decrementAndGet();
            CheckoutState checkout = worker.checkout;
            worker.checkout = null;
            if (checkout != null) {
                checkout.workerDied(cause);
            }
        }
        if (cause instanceof TlsHandshakeFailure tls) {
            failPending(tls);
        }
        fill();
    }

    /** Fails every pending checkout at once: another connection would fail its TLS handshake the same way. */
    private void failPending(TlsHandshakeFailure failure) {
        for (CheckoutState checkout : new ArrayList<>(pending)) {
            checkout.tlsHandshakeFailed(failure);
        }
    }

    private void retire(Worker worker, String why) {
        worker.state = Worker.State.CLOSED;
        worker.connection.close();
        stats.retirements.incrementAndGet();
        listener.fire(l -> l.workerRetired(why));
    }

    // ---- closing

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (reconnect != null) {
            reconnect.cancel();
            reconnect = null;
        }
        for (CheckoutState checkout : new ArrayList<>(pending)) {
            dequeue(checkout);
            checkout.clientClosed();
        }
        for (Worker worker : new ArrayList<>(busy)) {
            CheckoutState checkout = worker.checkout;
            if (checkout != null) {
                checkout.clientClosed();
            }
        }
        for (Worker worker : new ArrayList<>(idle)) {
            worker.state = Worker.State.CLOSED;
            worker.connection.close();
        }
        idle.clear();
        stats.idle.set(0);
        for (Worker worker : new ArrayList<>(busy)) {
            worker.state = Worker.State.CLOSED;
            worker.connection.close();
        }
        busy.clear();
        stats.busy.set(0);
    }
}
