package io.anytask.client.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.protocol.DeferredLog;
import io.anytask.protocol.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One call queued on a checkout: what to send, and the future that the caller holds. */
final class PendingCall {
    /** The timer name of a call as a function (SPEC.md section 7). */
    static final String FUNCTION_TIMER = "->()";

    final String method;
    final List<JsonNode> args;
    final JavaType resultType;
    final CompletableFuture<Object> future = new CompletableFuture<>();
    final String context;
    /** Loop-owned: when the call was sent, and its deferred-log timer if the checkout has a log. */
    long sentAt;
    DeferredLog.Timer timer;

    PendingCall(String clientName, String method, List<JsonNode> args, JavaType resultType) {
        this.method = method;
        this.args = args;
        this.resultType = resultType;
        this.context = (clientName == null ? "ANONYMOUS CLIENT" : clientName) + " -> "
                + (method == null ? "NO METHOD" : method);
    }

    Message.Do message() {
        return method == null ? Message.Do.function(args) : Message.Do.call(method, args);
    }

    String timerName() {
        return method == null ? FUNCTION_TIMER : method;
    }

    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> typedFuture() {
        return (CompletableFuture<T>) (CompletableFuture<?>) future;
    }
}
