package io.anytask.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.anytask.server.TaskServer;
import io.anytask.shell.internal.NamedServices.Entry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NamedServicesTest {

    @Test
    void clientAndServerServicesNameTheirPropertiesAlike() {
        assertEquals(TaskServer.NAME_PROPERTY, NamedServices.NAME);
        assertEquals(TaskServer.ENDPOINT_PROPERTY, NamedServices.ENDPOINT);
    }

    @Test
    void servicesAreSortedByName() {
        NamedServices<String> services = new NamedServices<>("client", List.of(entry("b"), entry("a"), entry("c")),
                () -> { });
        assertEquals(List.of("a", "b", "c"), services.all().stream().map(Entry::name).collect(Collectors.toList()));
        assertEquals("service b", services.named("b").service());
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        NamedServices<String> services = new NamedServices<>("server", List.of(entry("beta"), entry("alpha")),
                () -> { });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> services.named("gamma"));
        assertEquals("no server named \"gamma\"; known servers: alpha, beta", e.getMessage());
    }

    @Test
    void anUnknownNameWithoutAnyServiceSaysThereIsNone() {
        NamedServices<String> services = new NamedServices<>("client", List.of(), () -> { });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> services.named("x"));
        assertEquals("no client named \"x\"; there is no client service", e.getMessage());
    }

    @Test
    void closeReleasesOnce() {
        AtomicInteger releases = new AtomicInteger();
        NamedServices<String> services = new NamedServices<>("client", List.of(entry("a")),
                releases::incrementAndGet);
        services.close();
        services.close();
        assertEquals(1, releases.get());
    }

    private static Entry<String> entry(String name) {
        return new Entry<>(name, "unix:/tmp/" + name, "service " + name);
    }
}
