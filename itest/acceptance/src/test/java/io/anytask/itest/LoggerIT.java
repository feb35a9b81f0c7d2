package io.anytask.itest;

import static io.anytask.testsupport.Futures.await;
import static io.anytask.testsupport.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.CheckoutOptions;
import io.anytask.client.InterfaceFailedException;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.DeferredLog;
import io.anytask.testsupport.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 4, logger: worker logs and timers merge into the caller's deferred log, also from a failed call. */
class LoggerIT {
    @TempDir
    Path dir;

    @Test
    void workerLogsMergeIntoTheCallersLog() throws Exception {
        try (ServerProcess server = Servers.start(dir);
             TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint()).build())) {
            DeferredLog log = new DeferredLog();
            log.info("caller before");
            long workerPid;
            try (Checkout co = client.checkout(CheckoutOptions.defaults().withDeferredLog(log))) {
                assertEquals("logged", await(co.call("log", "hello")).asText());
                workerPid = await(co.call("pid", Long.class));
                log.info("caller between");
                await(co.call("sleep", 0.05));
                await(co.call("sleep", 0.05));
                failure(co.call("logThenFail", "oops"), InterfaceFailedException.class);
                await(co.callAsFunction("echo", 1));
            }
            assertNotEquals(ProcessHandle.current().pid(), workerPid, "the worker is another process");
            JsonNode rec = log.finish();
            List<String> timers = new ArrayList<>();
            rec.get("timers").forEach(t -> timers.add(t.get(0).asText()));
            assertEquals(List.of("log", "inner", "pid", "sleep", "sleep", "logThenFail", "->()"), timers);
            List<String> lines = new ArrayList<>();
            double last = -1;
            for (JsonNode line : rec.get("logs")) {
                assertTrue(line.get(0).asDouble() >= last, "logs in time order: " + rec.get("logs"));
                last = line.get(0).asDouble();
                lines.add(line.get(2).asText());
            }
            assertEquals(List.of("caller before", "worker says", "careful", "caller between", "before failing"),
                    lines);
            assertEquals("v", rec.get("data").get("k").asText());
        }
    }
}
