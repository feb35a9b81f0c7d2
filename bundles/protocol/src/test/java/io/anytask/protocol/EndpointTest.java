package io.anytask.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void parsesUnixPathsAndMakesThemAbsolute() {
        Endpoint endpoint = Endpoint.parse("unix:relative/server.sock");
        Endpoint.Unix unix = (Endpoint.Unix) endpoint;
        assertTrue(unix.path().isAbsolute());
        assertEquals(Path.of("relative/server.sock").toAbsolutePath(), unix.path());
        assertEquals("unix:" + unix.path(), endpoint.toString());
    }

    @Test
    void parsesTcpHostAndPort() {
        assertEquals(new Endpoint.Tcp("example.org", 7000), Endpoint.parse("tcp:example.org:7000"));
        assertEquals(new Endpoint.Tcp("::1", 7000), Endpoint.parse("tcp:[::1]:7000"));
        assertEquals("tcp:[::1]:7000", Endpoint.parse("tcp:[::1]:7000").toString());
    }

    @Test
    void tcpWithoutHostIsLoopback() {
        assertEquals(Endpoint.Tcp.loopback(7000), Endpoint.parse("tcp::7000"));
        assertEquals(Endpoint.Tcp.loopback(7000), Endpoint.parse("tcp:7000"));
    }

    @Test
    void rejectsBadEndpointsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("http://x"));
        assertEquals("endpoint: http://x (expected: unix:/path/to/socket or tcp:host:port)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("tcp:localhost:99999"));
        assertTrue(e.getMessage().startsWith("endpoint: tcp:localhost:99999 (expected:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("tcp:localhost:x"));
        assertTrue(e.getMessage().startsWith("endpoint: tcp:localhost:x"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("unix:"));
    }
}
