package io.anytask.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.cli.Main;
import io.anytask.testsupport.ServerProcess;
import io.anytask.testsupport.TestCertificates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code anytask call}: one call on a fresh checkout against a real server; result or error text and exit code. */
class CallCommandIT {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int call(String... args) {
        return callWithInput("", args);
    }

    private int callWithInput(String input, String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of("call"));
        all.addAll(List.of(args));
        return Main.run(all, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void printsTheResultOrTheErrorWithAnExitCode() throws Exception {
        try (ServerProcess server = Servers.start(dir)) {
            String endpoint = server.endpoint().toString();
            assertEquals(0, call("--connect", endpoint, "echo", "1", "\"\u03bb\"", "{\"a\":[true,null]}"));
            assertEquals("[1,\"\u03bb\",{\"a\":[true,null]}]", out());

            assertEquals(0, callWithInput("\"\u03bb\" {\"a\":[true,null]}\n", "--connect", endpoint,
                    "--pretty", "echo", "1", "-"));
            assertEquals(String.join(System.lineSeparator(), "[ 1, \"\u03bb\", {", "  \"a\" : [ true, null ]", "} ]"),
                    out());

            assertEquals(1, call("--connect", endpoint, "fail", "\"bad\""));
            assertTrue(err().startsWith("failure: bad"), err());

            assertEquals(1, call("--connect", endpoint, "sleep", "2", "--timeout", "0.2"));
            assertTrue(err().startsWith("timed out after 0.2 seconds"), err());
        }
    }

    /** Over TLS with client certificates: a trusted caller gets its result, one without a certificate the refusal. */
    @Test
    void callsOverTls() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        String password = "pass:" + TestCertificates.PASSWORD;
        try (ServerProcess server = Servers.startListening(dir, "tcp:127.0.0.1:0",
                "--tls-key-store", certificates.serverKeys.toString(), "--tls-key-store-password", password,
                "--tls-trust-store", certificates.serverTrust.toString(), "--tls-trust-store-password", password,
                "--tls-client-auth", "need")) {
            String endpoint = server.endpoint().toString();
            assertEquals(0, call("--connect", endpoint,
                    "--tls-key-store", certificates.clientKeys.toString(), "--tls-key-store-password", password,
                    "--tls-trust-store", certificates.clientTrust.toString(), "--tls-trust-store-password", password,
                    "echo", "1", "\"\u03bb\""));
            assertEquals("[1,\"\u03bb\"]", out());

            assertEquals(1, call("--connect", endpoint,
                    "--tls-trust-store", certificates.clientTrust.toString(), "--tls-trust-store-password", password,
                    "echo", "1"));
            assertTrue(err().startsWith("TLS handshake with " + endpoint + " failed: "), err());
        }
    }

    @Test
    void badOptionsExitWith2() {
        assertEquals(2, call("echo"));
        assertTrue(err().contains("Missing required option: '--connect"), err());
        assertEquals(2, call("--connect", "unix:/x.sock", "echo", "not json"));
        assertTrue(err().contains("argument 1: not json"), err());
        assertEquals(2, call("--connect", "unix:/x.sock", "echo", "--timeout", "-1"));
        assertTrue(err().contains("'--timeout': -1 (expected: seconds from 0"), err());
        assertTrue(err().endsWith("Run 'anytask call --help' for the options."), err());
    }
}
