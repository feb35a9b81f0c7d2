package io.anytask.itest.felix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.anytask.client.TaskClient;
import io.anytask.server.TaskServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A bad configuration never half-starts: no TaskClient (or TaskServer) service appears for it, and one log line
 * names the configuration, the property and the bad value (issue 9, section 1). The bundle logs through
 * System.Logger, which in a plain Felix goes to java.util.logging; the test listens there.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BadConfigurationIT {
    /** How long a bad configuration is watched for a service that must not appear. */
    private static final long WATCH_MILLIS = 2_000;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin admin;

    /** Held here: java.util.logging keeps only weak references to its loggers. */
    private Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** The container; see {@link FelixContainer}. */
    @Configuration
    public Option[] config() {
        return FelixContainer.options();
    }

    /** Listens to the bundle's logger. */
    @Before
    public void listen() {
        logger = Logger.getLogger("io.anytask.osgi");
        logger.addHandler(handler);
    }

    /** Stops listening and deletes the configurations. */
    @After
    public void cleanUp() throws Exception {
        logger.removeHandler(handler);
        new Configurations(admin, context).deleteAll();
        WorkerProcesses.awaitAllEnded();
    }

    /** Each mistake: no service, and exactly one line naming the configuration, the property and the value. */
    @Test
    public void badConfigurationsRegisterNothingAndLogOneLine() throws Exception {
        Configurations configurations = new Configurations(admin, context);
        String socket = "unix:/tmp/at-none/s";
        configurations.client("bad-endpoint", Map.of("endpoint", "nowhere"));
        configurations.client("bad-max-workers", Map.of("endpoint", socket, "maxWorkers", 0));
        configurations.client("bad-timeout", Map.of("endpoint", socket, "timeout", -1));
        configurations.client("bad-option", Map.of("endpoint", socket, "maxWorker", 3));
        configurations.server("bad-endpoint", Map.of("endpoint", "nowhere", "interface", "conformance",
                "bundles", new String[] {"io.anytask.examples.conformance"}));
        // For each configuration, its property and value in the form of configuration errors: NAME: VALUE (...).
        Map<String, Pattern> expected = Map.of(
                "io.anytask.client~bad-endpoint", Pattern.compile("\\bendpoint: '?nowhere'? \\(expected: "),
                "io.anytask.client~bad-max-workers", Pattern.compile("\\bmaxWorkers: 0 \\(expected: "),
                "io.anytask.client~bad-timeout", Pattern.compile("\\btimeout: '?-1'? \\(expected: "),
                "io.anytask.client~bad-option", Pattern.compile("\\bmaxWorker: 3 \\(expected: "),
                "io.anytask.server~bad-endpoint", Pattern.compile("\\bendpoint: '?nowhere'? \\(expected: "));
        for (String pid : expected.keySet()) {
            Await.until("a log line about " + pid, () -> !lines(pid).isEmpty());
        }
        long deadline = System.currentTimeMillis() + WATCH_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            assertEquals("TaskClient services", 0, Await.references(context, TaskClient.class, "(name=*)"));
            assertEquals("TaskServer services", 0, Await.references(context, TaskServer.class, "(name=*)"));
            Thread.sleep(100);
        }
        for (Map.Entry<String, Pattern> pid : expected.entrySet()) {
            List<String> lines = lines(pid.getKey());
            assertEquals("log lines about " + pid.getKey() + ": " + lines, 1, lines.size());
            assertTrue("'" + lines.get(0) + "' should match " + pid.getValue(),
                    pid.getValue().matcher(lines.get(0)).find());
        }
        assertTrue(records.stream().filter(record -> record.getMessage().contains("~bad-"))
                .allMatch(record -> record.getLevel().intValue() >= Level.WARNING.intValue()));
    }

    /** The messages logged so far that name {@code pid}. */
    private List<String> lines(String pid) {
        return records.stream().map(LogRecord::getMessage).filter(message -> message.contains(pid + " ")
                || message.endsWith(pid)).toList();
    }
}
