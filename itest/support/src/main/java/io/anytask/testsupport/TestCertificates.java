package io.anytask.testsupport;

import io.anytask.protocol.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS key material made at run time with the JDK's {@code keytool}: a self-signed server certificate naming IP
 * 127.0.0.1 (so that the client's host check stays on) and a self-signed client certificate, each in the other
 * side's trust store. Every store is PKCS12 with the password {@link #PASSWORD}.
 */
public final class TestCertificates {
    /** The password of every store. */
    public static final String PASSWORD = "changeit";
    private static final String SOURCE = "pass:" + PASSWORD;

    /** The server's key store (PKCS12). */
    public final Path serverKeys;
    /** The server's trust store, holding the client's certificate. */
    public final Path serverTrust;
    /** The client's key store. */
    public final Path clientKeys;
    /** The client's trust store, holding the server's certificate. */
    public final Path clientTrust;

    private TestCertificates(Path dir) {
        serverKeys = dir.resolve("server.p12");
        serverTrust = dir.resolve("server-trust.p12");
        clientKeys = dir.resolve("client.p12");
        clientTrust = dir.resolve("client-trust.p12");
    }

    /** Makes the stores in {@code dir} with the JDK's keytool. */
    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        TestCertificates c = new TestCertificates(dir);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=anytask test server", "-ext", "SAN=ip:127.0.0.1", "-keystore", c.serverKeys);
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=anytask test client", "-keystore", c.clientKeys);
        Path serverCert = dir.resolve("server.crt");
        Path clientCert = dir.resolve("client.crt");
        keytool("-exportcert", "-alias", "server", "-keystore", c.serverKeys, "-file", serverCert);
        keytool("-exportcert", "-alias", "client", "-keystore", c.clientKeys, "-file", clientCert);
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", serverCert, "-keystore", c.clientTrust);
        keytool("-importcert", "-noprompt", "-alias", "client", "-file", clientCert, "-keystore", c.serverTrust);
        return c;
    }

    /** @return the server's key store, and its trust store holding the client's certificate */
    public TlsSettings server() {
        return TlsSettings.builder().keyStore(serverKeys, SOURCE).trustStore(serverTrust, SOURCE).build();
    }

    /** @return the client's key store, and its trust store holding the server's certificate */
    public TlsSettings client() {
        return TlsSettings.builder().keyStore(clientKeys, SOURCE).trustStore(clientTrust, SOURCE).build();
    }

    /** @return a trust store holding the server's certificate, and no client certificate */
    public TlsSettings clientWithoutCertificate() {
        return TlsSettings.builder().trustStore(clientTrust, SOURCE).build();
    }

    /** @return a client certificate, and a trust store that lacks the server's certificate */
    public TlsSettings clientNotTrustingTheServer() {
        return TlsSettings.builder().keyStore(clientKeys, SOURCE).trustStore(serverTrust, SOURCE).build();
    }

    private static void keytool(Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("keytool did not finish within 60 s: " + command);
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("keytool failed (" + p.exitValue() + "): " + command + "\n" + output);
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
