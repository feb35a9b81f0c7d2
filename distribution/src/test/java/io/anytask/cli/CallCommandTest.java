package io.anytask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code anytask call}'s options and arguments (the calls themselves: CallCommandIT in itest/acceptance). */
class CallCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CallCommand parse(String input, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "call";
        System.arraycopy(args, 0, all, 1, args.length);
        return new Parsed(input).command(CallCommand.class, all);
    }

    private static String json(CallCommand command) throws Exception {
        return JSON.writeValueAsString(command.jsonArguments());
    }

    @Test
    void defaultsAndBothValueForms() {
        CallCommand call = parse("", "--connect", "unix:/tmp/x.sock", "echo");
        assertEquals(new Endpoint.Unix(java.nio.file.Path.of("/tmp/x.sock")), call.connect);
        assertEquals("echo", call.method);
        assertEquals(Optional.of(TaskClientConfig.DEFAULT_TIMEOUT), call.config().timeout());
        assertEquals(1, call.config().maxWorkers());
        assertFalse(call.pretty);
        call = parse("", "echo", "--connect=tcp:127.0.0.1:4000", "--timeout=0.5", "--pretty", "1");
        assertEquals(Optional.of(Duration.ofMillis(500)), call.config().timeout());
        assertTrue(call.pretty);
        assertEquals(List.of("1"), call.arguments);
    }

    @Test
    void helpShowsTheDefaultTimeout() {
        Parsed p = new Parsed();
        assertEquals(0, p.run("call", "--help"));
        assertTrue(p.out().contains("decimals allowed (default: 30)"), p.out());
        assertTrue(p.out().contains("--pretty"), p.out());
    }

    @Test
    void argumentsAreJsonTextsAndDashReadsStandardInput() throws Exception {
        assertEquals("[1,\"λ\",{\"a\":[true,null]},-5]",
                json(parse("", "--connect", "unix:/x", "echo", "1", "\"λ\"", "{\"a\":[true,null]}", "-5")));
        assertEquals("[0,\"secret\",10,[1,2],3]",
                json(parse(" \"secret\"\n10 [1,\n2]\n", "--connect", "unix:/x", "echo", "0", "-", "3")));
        assertEquals("[]", json(parse("", "--connect", "unix:/x", "echo", "-")));
    }

    @Test
    void prettyIndents() throws Exception {
        CallCommand call = parse("", "--connect", "unix:/x", "--pretty", "echo");
        assertEquals("{" + System.lineSeparator() + "  \"a\" : [ 1, 2 ]" + System.lineSeparator() + "}",
                call.print(JSON.readTree("{\"a\":[1,2]}")));
        assertEquals("{\"a\":[1,2]}",
                parse("", "--connect", "unix:/x", "echo").print(JSON.readTree("{\"a\":[1,2]}")));
    }

    @Test
    void badArgumentsExitWith2() {
        Parsed p = new Parsed();
        assertEquals(2, p.run("call", "echo"));
        assertTrue(p.err().startsWith("anytask call: Missing required option: '--connect=unix:PATH|tcp:HOST:PORT'"),
                p.err());
        assertTrue(p.err().endsWith("Run 'anytask call --help' for the options." + System.lineSeparator()));

        p = new Parsed();
        assertEquals(2, p.run("call", "--connect", "unix:/x.sock", "echo", "not json"));
        assertTrue(p.err().startsWith("anytask call: argument 1: not json (expected: one JSON text"), p.err());

        p = new Parsed();
        assertEquals(2, p.run("call", "--connect", "unix:/x.sock", "echo", "--timeout", "-1"));
        assertTrue(p.err().startsWith("anytask call: Invalid value for option '--timeout': -1 (expected: seconds"),
                p.err());

        p = new Parsed();
        assertEquals(2, p.run("call", "--connect", "unix:/x.sock", "echo", "--timeout", "0"));
        assertTrue(p.err().startsWith("anytask call: --timeout: 0 (expected: seconds > 0)"), p.err());

        p = new Parsed("1 [oops");
        assertEquals(2, p.run("call", "--connect", "unix:/x.sock", "echo", "-"));
        assertTrue(p.err().startsWith("anytask call: argument 2 (standard input): "), p.err());

        p = new Parsed("1");
        assertEquals(2, p.run("call", "--connect", "unix:/x.sock", "echo", "-", "-"));
        assertTrue(p.err().startsWith("anytask call: JSON-ARG: - given twice"), p.err());

        p = new Parsed();
        assertEquals(2, p.run("call", "--connect", "unix:/x.sock"));
        assertTrue(p.err().startsWith("anytask call: Missing required parameter: 'METHOD'"), p.err());
    }

    /** The same forms as the shared rules' own test (SecondsTest), through the option. */
    @Test
    void secondsForms() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), timeout("30"));
        assertEquals(Optional.of(Duration.ofMillis(500)), timeout("0.5"));
        assertEquals(Optional.of(Duration.ofMillis(250)), timeout(".25"));
        assertEquals(Optional.of(Duration.ofNanos(1)), timeout("0.000000001"));
        for (String bad : List.of("-1", "1e3", "30s", "500ms", "NaN", "0.0000000001", "100000000.5")) {
            Parsed p = new Parsed();
            assertEquals(2, p.run("call", "--connect", "unix:/x", "echo", "--timeout", bad), bad);
            assertEquals("anytask call: Invalid value for option '--timeout': " + bad + " (expected: seconds from "
                    + "0 to 100000000 with at most 9 decimals, such as 30 or 0.5)", p.errLines().get(0));
        }
    }

    private static Optional<Duration> timeout(String text) {
        return parse("", "--connect", "unix:/x", "--timeout", text, "echo").config().timeout();
    }

    @Test
    void tlsOptionsGiveTheClientTlsForTcpOnly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path store = ServerCommandTest.store(dir);
        TaskClientConfig config = parse("", "--connect", "tcp:127.0.0.1:4000", "--tls-trust-store", store.toString(),
                "--tls-trust-store-password", "pass:right", "echo").config();
        assertEquals(store, config.tls().orElseThrow().trustStore());
        assertTrue(config.sslContext().isPresent());
        picocli.CommandLine.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(
                picocli.CommandLine.ParameterException.class, () -> parse("", "--connect", "unix:/x.sock",
                        "--tls-trust-store", store.toString(), "--tls-trust-store-password", "pass:right", "echo")
                        .config());
        assertEquals("tls: TLS applies to tcp: endpoints, not unix:/x.sock (expected: tcp:host:port)",
                e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(picocli.CommandLine.ParameterException.class,
                () -> parse("", "--connect", "tcp:127.0.0.1:4000", "--tls-trust-store", store.toString(),
                        "--tls-trust-store-password", "pass:wrong", "echo").config());
        assertEquals("tlsTrustStore: " + store + ": cannot load it as PKCS12: wrong password", e.getMessage());
    }
}
