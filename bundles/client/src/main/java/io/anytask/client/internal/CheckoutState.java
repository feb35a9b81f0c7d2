package io.anytask.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.CallSkippedException;
import io.anytask.client.CheckoutAbortedException;
import io.anytask.client.CheckoutReleasedException;
import io.anytask.client.ClientClosedException;
import io.anytask.client.InterfaceFailedException;
import io.anytask.client.ResultConversionException;
import io.anytask.client.SetupFailedException;
import io.anytask.client.TaskException;
import io.anytask.client.TaskTimeoutException;
import io.anytask.client.TlsHandshakeException;
import io.anytask.client.WorkerDiedException;
import io.anytask.protocol.DeferredLog;
import io.anytask.protocol.Message;
import io.anytask.protocol.ProtocolException;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The loop-owned side of one checkout: its queue of calls (one in flight at a time), its worker, its timeout
 * timer, its deferred log and its error state (SPEC.md sections 6 and 7).
 *
 * <p>Rules: the timeout timer runs while a call is queued or in flight and restarts for each call sent; a call
 * answered {@code er} skips the calls queued behind it; a fatal error fails every later call with the same error
 * and the worker is never reused; the checkout ends when it is released and has nothing left to run, and then
 * forgets its deferred log.
 */
final class CheckoutState {
    private static final System.Logger LOG = System.getLogger(CheckoutState.class.getName());

    private final Pool pool;
    private final long timeoutNanos;
    private final String timeoutText;
    private DeferredLog log;
    private final ArrayDeque<PendingCall> calls = new ArrayDeque<>();
    private PendingCall inFlight;
    private Worker worker;
    private Loop.Scheduled timer;
    private boolean errorOccurred;
    private boolean releaseRequested;
    private boolean ended;
    /** Written on the loop, read by callers of {@code Checkout.fatalError()}. */
    volatile TaskException fatal;
    /** Loop-owned: when the checkout joined the queue. */
    long queuedAt;

    CheckoutState(Pool pool, Duration timeout, DeferredLog log) {
        this.pool = pool;
        this.timeoutNanos = timeout == null ? -1 : timeout.toNanos();
        this.timeoutText = timeout == null ? null : seconds(timeout);
        this.log = log;
    }

    // ---- from the checkout handle

    void enqueue(PendingCall call) {
        if (fatal != null) {
            fail(call, fatal);
            return;
        }
        if (ended) {
            fail(call, new CheckoutReleasedException("checkout already released", call.context, null));
            return;
        }
        if (pool.isClosed()) {
            fail(call, new ClientClosedException(pool.closeReason, call.context, null));
            return;
        }
        calls.add(call);
        armTimer();
        sendNext();
    }

    void release() {
        if (releaseRequested) {
            return;
        }
        releaseRequested = true;
        endIfDone();
    }

    void abort(String message) {
        if (fatal == null && !ended) {
            fatal(new CheckoutAbortedException(message, currentContext(), null));
        }
    }

    // ---- from the pool

    void assigned(Worker w) {
        this.worker = w;
        sendNext();
        endIfDone();
    }

    /** A reply from the worker; false if none was expected. */
    boolean replied(Message message) {
        PendingCall call = inFlight;
        if (call == null || !(message instanceof Message.Ok || message instanceof Message.Er)) {
            return false;
        }
        inFlight = null;
        cancelTimer();
        long nanos = pool.loop.nanoTime() - call.sentAt;
        closeTimer(call);
        message.meta().deferredLog().ifPresent(this::mergeLog);
        if (message instanceof Message.Ok ok) {
            pool.stats.calls.incrementAndGet();
            pool.listener.fire(l -> l.callCompleted(call.timerName(), nanos, null));
            succeed(call, ok.result());
        } else {
            String text = ((Message.Er) message).message();
            errorOccurred = true;
            pool.stats.errors.incrementAndGet();
            InterfaceFailedException error = text.startsWith(SetupFailedException.PREFIX)
                    ? new SetupFailedException(text, call.context, null)
                    : new InterfaceFailedException(text, call.context, null);
            pool.listener.fire(l -> l.callCompleted(call.timerName(), nanos, error));
            fail(call, error);
            skipQueued(error);
        }
        armTimer();
        sendNext();
        endIfDone();
        return true;
    }

    void workerDied(Exception cause) {
        worker = null;
        if (cause instanceof TlsHandshakeFailure tls) {
            tlsHandshakeFailed(tls);
            return;
        }
        // a protocol error names what the worker sent wrong; the reason keeps SPEC.md's words first
        String reason = cause instanceof ProtocolException
                ? "worker connection suddenly died: " + cause.getMessage()
                : "worker connection suddenly died";
        fatal(new WorkerDiedException(reason, currentContext(), cause));
    }

    /** No worker connection could be secured: the checkout fails (it is taken out of the queue if pending). */
    void tlsHandshakeFailed(TlsHandshakeFailure failure) {
        fatal(new TlsHandshakeException(failure.getMessage(), currentContext(), failure.getCause()));
    }

    void clientClosed() {
        fatal(new ClientClosedException(pool.closeReason, currentContext(), null));
    }

    /** Fails the checkout for good: current and queued calls fail, the worker is closed, the log forgotten. */
    void fatal(TaskException error) {
        if (fatal != null) {
            return;
        }
        fatal = error;
        cancelTimer();
        pool.dequeue(this);
        PendingCall current = inFlight != null ? inFlight : calls.poll();
        inFlight = null;
        if (current != null) {
            closeTimer(current);
            fail(current, error);
        }
        skipQueued(error);
        log = null;
        if (worker != null) {
            Worker w = worker;
            worker = null;
            pool.kill(w, error.reason());
        }
        endIfDone();
    }

    // ---- internals

    private void sendNext() {
        if (worker == null || inFlight != null || fatal != null) {
            return;
        }
        PendingCall call = calls.poll();
        if (call == null) {
            return;
        }
        inFlight = call;
        armTimer();
        call.sentAt = pool.loop.nanoTime();
        if (log != null) {
            call.timer = log.timer(call.timerName());
        }
        worker.send(call.message());
    }

    private void endIfDone() {
        if (ended || !releaseRequested || inFlight != null || !calls.isEmpty()) {
            return;
        }
        ended = true;
        cancelTimer();
        log = null;
        if (!pool.dequeue(this) && worker != null) {
            Worker w = worker;
            worker = null;
            boolean retire = fatal != null || errorOccurred && !pool.config.keepWorkerAfterError();
            pool.checkoutEnded(this, w, retire, fatal != null ? fatal.reason() : "an error occurred on its checkout");
        }
    }

    private void armTimer() {
        if (timeoutNanos < 0 || timer != null || inFlight == null && calls.isEmpty()) {
            return;
        }
        timer = pool.loop.schedule(timeoutNanos, this::timedOut);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void timedOut() {
        timer = null;
        TaskTimeoutException error = new TaskTimeoutException("timed out after " + timeoutText + " seconds",
                currentContext(), null);
        pool.stats.timeouts.incrementAndGet();
        pool.listener.fire(l -> l.checkoutTimedOut(error));
        fatal(error);
    }

    /** The context of the call in flight, or else of the first queued; null when there is none. */
    private String currentContext() {
        PendingCall current = inFlight != null ? inFlight : calls.peek();
        return current == null ? null : current.context;
    }

    private void skipQueued(TaskException cause) {
        PendingCall call;
        while ((call = calls.poll()) != null) {
            fail(call, new CallSkippedException("call not sent: an earlier call on this checkout failed",
                    call.context, cause));
        }
    }

    private void closeTimer(PendingCall call) {
        if (call.timer != null) {
            call.timer.close();
            call.timer = null;
        }
    }

    private void mergeLog(JsonNode record) {
        if (log == null) {
            return;
        }
        try {
            log.merge(record);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "ignoring a malformed deferred-log record from a worker: " + e.getMessage());
        }
    }

    private void succeed(PendingCall call, JsonNode result) {
        pool.callbacks().execute(() -> {
            Object value;
            try {
                value = ClientJson.convert(result, call.resultType);
            } catch (Exception e) {
                call.future.completeExceptionally(new ResultConversionException("cannot convert the result to "
                        + call.resultType + ": " + e.getMessage(), call.context, e));
                return;
            }
            call.future.complete(value);
        });
    }

    private void fail(PendingCall call, TaskException error) {
        pool.callbacks().execute(() -> call.future.completeExceptionally(error));
    }

    /** {@code 0.2} for 200 ms, {@code 30} for 30 s: the seconds as the original prints them. */
    static String seconds(Duration d) {
        return new BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
    }
}
