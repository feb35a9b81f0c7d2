package io.anytask.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anytask.protocol.DeferredLog;
import io.anytask.registry.ArgumentBindingException;
import io.anytask.registry.InterfaceFailedException;
import io.anytask.registry.ResultEncodingException;
import io.anytask.registry.ResultNotDataException;
import io.anytask.registry.SetupFailedException;
import io.anytask.registry.TaskHandler;
import io.anytask.registry.TaskLifecycle;
import io.anytask.registry.TaskLog;
import io.anytask.registry.UnknownMethodException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceInterfaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Point(int x, int y) {
    }

    /** A method-dispatch interface with overloads, records, collections and hooks. */
    public static class Methods implements TaskLifecycle {
        int setups;
        int dones;

        @Override
        public void setup() {
            setups++;
            if (setups == 1) {
                throw new IllegalStateException("no database yet");
            }
        }

        @Override
        public void checkoutDone() {
            dones++;
        }

        public int add(int a, int b) {
            return a + b;
        }

        public String add(String a) {
            return a + "!";
        }

        public Point move(Point p, int dx) {
            return new Point(p.x() + dx, p.y());
        }

        public int sum(List<Integer> values) {
            return values.stream().mapToInt(Integer::intValue).sum();
        }

        public Map<String, Object> keys(Map<String, Object> map) {
            return Map.of("n", map.size());
        }

        public JsonNode raw(JsonNode node) {
            return node;
        }

        public List<Object> echo(JsonNode... args) {
            return List.of((Object[]) args);
        }

        public String tag(String prefix, int... numbers) {
            return prefix + numbers.length;
        }

        public void fail(String message) {
            throw new IllegalArgumentException(message);
        }

        public void failBare() {
            throw new UnsupportedOperationException();
        }

        public Object object() {
            return new Thread("x");
        }

        public Object nestedObject() {
            return List.of(1, Map.of("k", new Thread("inner")));
        }

        public Object cyclic() {
            List<Object> self = new ArrayList<>();
            self.add(self);
            return self;
        }

        public String log(String word) {
            TaskLog.info("said", word);
            try (DeferredLog.Timer t = TaskLog.timer("inner")) {
                TaskLog.data("k", "v");
            }
            return "logged";
        }
    }

    private final Methods methods = new Methods();
    private final ServiceInterface dispatch = ServiceInterface.of("m", methods);

    private JsonNode call(ServiceInterface iface, String json) throws Exception {
        List<JsonNode> args = new ArrayList<>();
        JSON.readTree(json).forEach(args::add);
        return iface.call(args, new DeferredLog());
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void dispatchesByNameAndArgumentCount() throws Exception {
        assertEquals(json("5"), call(dispatch, "[\"add\", 2, 3]"));
        assertEquals(json("\"a!\""), call(dispatch, "[\"add\", \"a\"]"));
    }

    @Test
    void bindsRecordsListsMapsAndNodes() throws Exception {
        assertEquals(json("{\"x\":3,\"y\":2}"), call(dispatch, "[\"move\", {\"x\":1,\"y\":2}, 2]"));
        assertEquals(json("6"), call(dispatch, "[\"sum\", [1,2,3]]"));
        assertEquals(json("{\"n\":2}"), call(dispatch, "[\"keys\", {\"a\":1,\"b\":[2]}]"));
        String nested = "{\"a\":[null,\"\\uD834\\uDDDA\"]}";
        assertEquals(json(nested), call(dispatch, "[\"raw\", " + nested + "]"));
    }

    @Test
    void varargsTakeAnyCount() throws Exception {
        assertEquals(json("[]"), call(dispatch, "[\"echo\"]"));
        assertEquals(json("[1,\"x\",[2]]"), call(dispatch, "[\"echo\", 1, \"x\", [2]]"));
        assertEquals(json("\"p3\""), call(dispatch, "[\"tag\", \"p\", 1, 2, 3]"));
    }

    @Test
    void unknownMethodNamesMethodAndInterface() {
        var e = assertThrows(UnknownMethodException.class, () -> call(dispatch, "[\"nosuch\", 1]"));
        assertTrue(e.getMessage().startsWith("unknown method 'nosuch' of interface 'm'"), e.getMessage());
        var count = assertThrows(UnknownMethodException.class, () -> call(dispatch, "[\"add\", 1, 2, 3]"));
        assertTrue(count.getMessage().contains("does not take 3 arguments (it takes: 1, 2)"), count.getMessage());
        var noName = assertThrows(UnknownMethodException.class, () -> call(dispatch, "[1, 2]"));
        assertTrue(noName.getMessage().contains("first argument is not a string: 1"), noName.getMessage());
    }

    @Test
    void hooksAreNotDispatched() {
        assertThrows(UnknownMethodException.class, () -> call(dispatch, "[\"setup\"]"));
        assertThrows(UnknownMethodException.class, () -> call(dispatch, "[\"checkoutDone\"]"));
    }

    @Test
    void unbindableArgumentsNameMethodInterfaceAndArgument() {
        var e = assertThrows(ArgumentBindingException.class, () -> call(dispatch, "[\"add\", 2, \"three\"]"));
        assertTrue(e.getMessage().startsWith("method 'add' of interface 'm': argument 1: cannot bind \"three\""),
                e.getMessage());
        assertThrows(ArgumentBindingException.class, () -> call(dispatch, "[\"add\", 2.5, 1]"));
        assertThrows(ArgumentBindingException.class, () -> call(dispatch, "[\"add\", null, 1]"));
        assertThrows(ArgumentBindingException.class, () -> call(dispatch, "[\"move\", {\"x\":1,\"z\":2}, 1]"));
    }

    @Test
    void interfaceExceptionsCarryTheirMessage() {
        var e = assertThrows(InterfaceFailedException.class, () -> call(dispatch, "[\"fail\", \"failure: bad\"]"));
        assertEquals("failure: bad", e.getMessage());
        assertTrue(e.getCause() instanceof IllegalArgumentException);
        var bare = assertThrows(InterfaceFailedException.class, () -> call(dispatch, "[\"failBare\"]"));
        assertEquals(UnsupportedOperationException.class.getName(), bare.getMessage());
    }

    @Test
    void objectsThatAreNotDataAreRefused() {
        var e = assertThrows(ResultNotDataException.class, () -> call(dispatch, "[\"object\"]"));
        assertTrue(e.getMessage().startsWith("interface returned object: java.lang.Thread ("), e.getMessage());
        var nested = assertThrows(ResultNotDataException.class, () -> call(dispatch, "[\"nestedObject\"]"));
        assertTrue(nested.getMessage().startsWith("interface returned object: java.lang.Thread (Thread[inner,"),
                nested.getMessage());
    }

    @Test
    void unencodableResultIsAnEncodingError() {
        var e = assertThrows(ResultEncodingException.class, () -> call(dispatch, "[\"cyclic\"]"));
        assertTrue(e.getMessage().startsWith("error JSON encoding interface output: "), e.getMessage());
    }

    @Test
    void setupFailsThenSucceedsAndCheckoutDoneRuns() {
        var e = assertThrows(SetupFailedException.class, () -> dispatch.setup(new DeferredLog()));
        assertEquals("setup exception: no database yet", e.getMessage());
        dispatch.setup(new DeferredLog());
        assertEquals(2, methods.setups);
        dispatch.checkoutDone();
        assertEquals(1, methods.dones);
    }

    @Test
    void taskLogWritesToTheRequestLog() throws Exception {
        DeferredLog log = new DeferredLog();
        List<JsonNode> args = List.of(json("\"log\""), json("\"hello\""));
        assertEquals(json("\"logged\""), dispatch.call(args, log));
        JsonNode record = log.finish();
        assertEquals("said", record.at("/logs/0/2").asText());
        assertEquals("hello", record.at("/logs/0/3").asText());
        assertEquals("inner", record.at("/timers/0/0").asText());
        assertEquals("v", record.at("/data/k").asText());
        assertThrows(IllegalStateException.class, TaskLog::current);
    }

    @Test
    void handlerReceivesEveryArgument() throws Exception {
        TaskHandler handler = request -> List.of(request.method().orElse("-"), request.size(),
                request.argument(request.size() - 1, Point.class).x());
        ServiceInterface iface = ServiceInterface.of("h", handler);
        assertEquals(json("[\"go\",2,7]"), call(iface, "[\"go\", {\"x\":7,\"y\":0}]"));
        assertEquals(json("[\"-\",1,7]"), call(iface, "[{\"x\":7,\"y\":0}]"));
        assertFalse(iface.toString().isEmpty());
    }
}
