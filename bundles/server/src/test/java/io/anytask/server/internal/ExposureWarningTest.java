package io.anytask.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Endpoint;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start-up warning for a TCP endpoint that other hosts can reach (decided from the address; nothing binds). */
class ExposureWarningTest {
    @Test
    void loopbackAndUnixSocketsAreQuiet() {
        assertEquals(Optional.empty(), ServerRuntime.exposureWarning(Endpoint.parse("tcp:127.0.0.1:4000"), "x"));
        assertEquals(Optional.empty(), ServerRuntime.exposureWarning(Endpoint.parse("tcp:[::1]:4000"), "x"));
        assertEquals(Optional.empty(), ServerRuntime.exposureWarning(Endpoint.parse("unix:/tmp/x.sock"), "x"));
    }

    @Test
    void theWildcardAndOtherAddressesAreWarnedAbout() {
        String warning = ServerRuntime.exposureWarning(Endpoint.parse("tcp:0.0.0.0:4000"), "bcrypt").orElseThrow();
        assertTrue(warning.startsWith("listening on tcp:0.0.0.0:4000, which is not a loopback address: anyone who"
                + " can connect to it can run interface bcrypt"), warning);
        assertTrue(ServerRuntime.exposureWarning(Endpoint.parse("tcp:[::]:4000"), "x").isPresent());
        assertTrue(ServerRuntime.exposureWarning(Endpoint.parse("tcp:192.0.2.7:4000"), "x").isPresent());
    }
}
