package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static io.anytask.testsupport.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anytask.client.Checkout;
import io.anytask.client.InterfaceFailedException;
import io.anytask.client.SetupFailedException;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 1, args: JSON values round-trip, the method name goes first, worker errors carry their context. */
class ArgsIT {
    @TempDir
    Path dir;

    @Test
    void argumentsRoundTripAndErrorsCarryTheirContext() throws Exception {
        try (ServerProcess server = Servers.start(dir);
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint())
                     .name("MY CLIENT NAME").build());
             Checkout co = client.checkout()) {
            String nonBmp = "\u03bb\ud834\uddda";
            Object nested = Map.of("a", List.of(1, List.of(2, Map.of("b", "c"))), "n", -2.5);
            JsonNode echoed = await(co.call("echo", 1, -2, 2.5, 1e20, "str", nonBmp, "", List.of(1, List.of(2)),
                    nested));
            JsonNode expected = new ObjectMapper().valueToTree(List.of(1, -2, 2.5, 1e20, "str", nonBmp, "",
                    List.of(1, List.of(2)), nested));
            assertEquals(expected, echoed);
            assertEquals(nonBmp, echoed.get(5).asText());
            assertEquals(0x1D1DA, echoed.get(5).asText().codePointAt(1));

            // As a function, the first argument is what a method call sends as its name.
            assertEquals(new ObjectMapper().valueToTree(List.of(7)), await(co.callAsFunction("echo", 7)));

            InterfaceFailedException error = failure(co.call("fail", "bad"), InterfaceFailedException.class);
            assertFalse(error instanceof SetupFailedException, "not labelled a setup error");
            assertEquals("failure: bad", error.reason());
            assertEquals("MY CLIENT NAME -> fail", error.context());
        }
    }
}
