package io.anytask.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.protocol.DeferredLog;
import io.anytask.registry.TaskLifecycle;
import io.anytask.registry.TaskLog;
import java.util.List;
import java.util.Map;

/**
 * The interface that a {@code --warm-up} run calls, so that the classes of a request's path (argument binding,
 * results, the deferred log, errors) are in the class-data-sharing archive made from that run.
 */
public final class WarmUpInterface implements TaskLifecycle {
    /** A record argument and result. */
    public record Point(int x, int y, String label) {
    }

    @Override
    public void setup() {
        TaskLog.debug("warm-up setup");
    }

    @Override
    public void checkoutDone() {
        // nothing to roll back
    }

    /** Returns its arguments. */
    public List<JsonNode> echo(JsonNode... args) {
        return List.of(args);
    }

    /** Binds every kind of argument and returns a record. */
    public Point bind(Point p, List<Integer> numbers, Map<String, Object> map, long n, double d, boolean b) {
        return new Point(p.x() + numbers.size(), p.y() + map.size(), p.label() + n + d + b);
    }

    /** Writes to the deferred log. */
    public String log(String word) {
        TaskLog.info("warm-up", word);
        TaskLog.warn("warm-up");
        try (DeferredLog.Timer timer = TaskLog.timer("warm-up")) {
            TaskLog.data("k", Map.of("v", 1));
        }
        return word;
    }

    /** Fails. */
    public Object fail(String message) {
        throw new IllegalStateException(message);
    }

    /** Returns an object that is not data. */
    public Object object() {
        return new Object();
    }
}
