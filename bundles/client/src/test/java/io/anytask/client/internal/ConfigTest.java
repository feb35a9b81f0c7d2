package io.anytask.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.anytask.client.CheckoutOptions;
import io.anytask.client.TaskClientConfig;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private static String error(String connect, UnaryOperator<TaskClientConfig.Builder> settings) {
        return assertThrows(IllegalArgumentException.class,
                () -> settings.apply(TaskClientConfig.builder(connect)).build()).getMessage();
    }

    @Test
    void badValuesFailAtBuildTimeNamingTheValueAndTheRange() {
        String ok = "unix:/tmp/x.sock";
        assertEquals("maxWorkers: 0 (expected: >= 1)", error(ok, b -> b.maxWorkers(0)));
        assertEquals("minWorkers: 5 (expected: >= 0 and <= maxWorkers 2)",
                error(ok, b -> b.maxWorkers(2).minWorkers(5)));
        assertEquals("timeout: PT0S (expected: > 0, or noTimeout())", error(ok, b -> b.timeout(Duration.ZERO)));
        assertEquals("maxCheckouts: 0 (expected: >= 1)", error(ok, b -> b.maxCheckouts(0)));
        assertEquals("maxPendingCheckouts: 0 (expected: >= 1)", error(ok, b -> b.maxPendingCheckouts(0)));
        assertEquals("name: \" \" (expected: a non-blank name)", error(ok, b -> b.name(" ")));
        assertEquals("connect: \"tcp:localhost\" (expected: unix:/absolute/path or tcp:host:port with port 1..65535)",
                error("tcp:localhost", b -> b));
        error("tcp:localhost:70000", b -> b);
        error("unix:relative", b -> b);
        assertThrows(IllegalArgumentException.class,
                () -> CheckoutOptions.defaults().withTimeout(Duration.ofSeconds(-1)));
    }

    @Test
    void defaultsAreTheOriginals() {
        TaskClientConfig c = TaskClientConfig.builder("tcp:127.0.0.1:5555").build();
        assertEquals(2, c.minWorkers());
        assertEquals(20, c.maxWorkers());
        assertEquals(Duration.ofSeconds(30), c.timeout().orElseThrow());
        assertEquals(10_000, c.maxPendingCheckouts());
        assertEquals(false, c.keepWorkerAfterError());
        assertEquals(true, c.maxCheckouts().isEmpty());
        assertEquals(1, TaskClientConfig.builder("tcp:[::1]:1").maxWorkers(1).build().minWorkers(),
                "an unset min follows a smaller max");
    }

    @Test
    void timeoutsPrintAsTheOriginalDoes() {
        assertEquals("0.2", CheckoutState.seconds(Duration.ofMillis(200)));
        assertEquals("30", CheckoutState.seconds(Duration.ofSeconds(30)));
    }
}
