package io.anytask.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anytask.protocol.Message;
import io.anytask.testsupport.WireConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real worker JVMs running the conformance interfaces, spoken to in the wire protocol over Unix sockets. */
class WorkerConformanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private WorkerProcess worker;
    private WireConnection connection;
    private Path socket;

    private WireConnection open(String iface, String... extra) throws Exception {
        socket = dir.resolve("w.sock");
        worker = WorkerProcess.acceptUnix(dir, socket, iface, extra);
        connection = worker.connect(socket);
        return connection;
    }

    @AfterEach
    void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static JsonNode ok(Message reply) {
        Message.Ok ok = assertInstanceOf(Message.Ok.class, reply, () -> "expected ok, got " + reply);
        return ok.result();
    }

    private static String er(Message reply) {
        Message.Er er = assertInstanceOf(Message.Er.class, reply, () -> "expected er, got " + reply);
        return er.message();
    }

    @Test
    void echoesNumbersNestedDataAndNonBmpText() throws Exception {
        WireConnection c = open("conformance");
        String args = "1,-2,2.5,1e+20,\"str\",\"\u03bb\ud834\uddda\",\"\",[1,[2]],{\"a\":null,\"c\":false,\"b\":true}";
        c.send("[\"do\",{},\"echo\"," + args + "]");
        Message reply = c.next();
        assertEquals(json("[" + args + "]"), ok(reply));
        assertTrue(reply.meta().isEmpty(), "no ld when nothing was logged: " + reply.meta());
    }

    @Test
    void setupRunsOnceBeforeTheFirstRequestAndCheckoutDoneRunsOnDn() throws Exception {
        WireConnection c = open("conformance");
        c.send("[\"do\",{},\"count\"]");
        assertEquals(101, ok(c.next()).asInt());
        c.send("[\"do\",{},\"count\"]");
        assertEquals(102, ok(c.next()).asInt());
        c.send("[\"dn\",{}][\"do\",{},\"checkoutsDone\"]");
        assertEquals(1, ok(c.next()).asInt());
        c.send("[\"do\",{},\"count\"]");
        assertEquals(103, ok(c.next()).asInt());
    }

    @Test
    void readsMessagesSplitIntoSingleBytesAndJoinedInOneWrite() throws Exception {
        WireConnection c = open("conformance");
        c.sendBytewise("[\"do\",{\"unknown\":[1]},\"echo\",\"\ud834\uddda\"]  [\"dn\",{}][\"do\",{},\"echo\",2]");
        assertEquals(json("[\"\ud834\uddda\"]"), ok(c.next()));
        assertEquals(json("[2]"), ok(c.next()));
    }

    @Test
    void interfaceErrorCarriesItsMessageAndIsNoSetupError() throws Exception {
        WireConnection c = open("conformance");
        c.send("[\"do\",{},\"fail\",\"bad\"]");
        Message reply = c.next();
        assertEquals("failure: bad", er(reply));
        assertTrue(reply.meta().isEmpty());
        c.send("[\"do\",{},\"count\"]");
        assertEquals(101, ok(c.next()).asInt(), "the worker keeps serving after an error");
    }

    @Test
    void unknownMethodNamesMethodAndInterface() throws Exception {
        WireConnection c = open("conformance");
        c.send("[\"do\",{},\"nosuch\"]");
        String message = er(c.next());
        assertTrue(message.startsWith("unknown method 'nosuch' of interface 'conformance'"), message);
        c.send("[\"do\",{},\"big\",\"many\"]");
        String binding = er(c.next());
        assertTrue(binding.startsWith("method 'big' of interface 'conformance': argument 0: cannot bind"), binding);
    }

    @Test
    void resultsThatAreNotDataOrCannotBeEncodedAreErrors() throws Exception {
        WireConnection c = open("conformance");
        c.send("[\"do\",{},\"object\"]");
        String object = er(c.next());
        assertTrue(object.startsWith("interface returned object: "), object);
        c.send("[\"do\",{},\"unencodable\"]");
        String encoding = er(c.next());
        assertTrue(encoding.startsWith("error JSON encoding interface output: "), encoding);
        c.send("[\"do\",{},\"undefv\"]");
        assertTrue(ok(c.next()).isNull());
    }

    @Test
    void logTravelsBackInLdAlsoOnFailure() throws Exception {
        WireConnection c = open("conformance");
        c.send("[\"do\",{},\"log\",\"hello\"]");
        Message reply = c.next();
        assertEquals("logged", ok(reply).asText());
        JsonNode ld = reply.meta().deferredLog().orElseThrow(() -> new AssertionError("no ld: " + reply));
        assertTrue(ld.path("start").isNumber(), ld.toString());
        assertEquals(json("[30,\"worker says\",\"hello\"]"), withoutTime(ld.at("/logs/0")));
        assertEquals(json("[20,\"careful\"]"), withoutTime(ld.at("/logs/1")));
        assertEquals("inner", ld.at("/timers/0/0").asText());
        assertEquals(3, ld.at("/timers/0").size(), "the timer was stopped: " + ld);
        assertEquals(json("{\"k\":\"v\"}"), ld.get("data"));

        c.send("[\"do\",{},\"logThenFail\",\"w\"]");
        Message failed = c.next();
        assertEquals("failure after logging: w", er(failed));
        JsonNode failedLd = failed.meta().deferredLog().orElseThrow(() -> new AssertionError("no ld: " + failed));
        assertEquals(json("[30,\"before failing\",\"w\"]"), withoutTime(failedLd.at("/logs/0")));
    }

    private static JsonNode withoutTime(JsonNode line) {
        var copy = line.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) copy).remove(0);
        return copy;
    }

    @Test
    void bigRepliesArriveWhole() throws Exception {
        WireConnection c = open("conformance");
        c.send("[\"do\",{},\"big\",200000]");
        String text = ok(c.next()).asText();
        assertEquals(200_000, text.length());
        assertTrue(text.chars().allMatch(ch -> ch == 'x'));
    }

    @Test
    void setupFailureAnswersSetupExceptionAndIsRetried() throws Exception {
        WireConnection c = open("conformance-setup-fails-once");
        c.send("[\"do\",{},\"go\",1]");
        assertEquals("setup exception: setup failed on purpose (attempt 1)", er(c.next()));
        c.send("[\"do\",{},\"go\",1]");
        assertEquals(json("[2,\"go\",1]"), ok(c.next()), "setup ran a second time, then the handler");
        c.send("[\"do\",{},2]");
        assertEquals(json("[2,2]"), ok(c.next()), "setup does not run again once it succeeded");
    }

    @Test
    void setupThatAlwaysFailsFailsEveryRequest() throws Exception {
        WireConnection c = open("conformance-setup-fails");
        for (int i = 0; i < 2; i++) {
            c.send("[\"do\",{},\"go\"]");
            assertEquals("setup exception: setup always fails", er(c.next()));
        }
    }

    @Test
    void exitMidRequestClosesTheConnectionWithoutReply() throws Exception {
        WireConnection c = open("conformance");
        c.send("[\"do\",{},\"exit\"]");
        assertTrue(c.endsWithin(WireConnection.READ_TIMEOUT));
        worker.awaitExit(EXIT_WAIT);
    }

    @Test
    void hungWorkerTimeoutEndsTheProcess() throws Exception {
        WireConnection c = open("conformance", "--hung-worker-timeout", "1");
        c.send("[\"do\",{},\"sleep\",0.1]");
        assertEquals(0.1, ok(c.next()).asDouble(), "a request shorter than the timeout is served");
        c.send("[\"do\",{},\"sleep\",120]");
        assertTrue(c.endsWithin(WireConnection.READ_TIMEOUT));
        assertEquals(3, worker.awaitExit(EXIT_WAIT));
        assertTrue(worker.stderr().contains("hung worker timeout"), worker.stderr());
    }

    @Test
    void exitsZeroWhenTheClientClosesAndRemovesItsSocket() throws Exception {
        WireConnection c = open("conformance");
        c.send("[\"do\",{},\"pid\"]");
        assertEquals(worker.pid(), ok(c.next()).asLong());
        String shown = String.join(" ", worker.arguments());
        assertTrue(shown.contains("--name test --number 1"), "ps shows the server name and worker number: " + shown);
        assertFalse(Files.exists(socket), "the worker removes its socket path once connected");
        c.shutdownOutput();
        assertTrue(c.endsWithin(WireConnection.READ_TIMEOUT));
        assertEquals(0, worker.awaitExit(EXIT_WAIT), worker.stderr());
    }
}
