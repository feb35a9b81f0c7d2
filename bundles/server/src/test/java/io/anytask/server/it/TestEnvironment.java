package io.anytask.server.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put what the end-to-end tests need (set by the module's failsafe configuration). */
final class TestEnvironment {
    private TestEnvironment() {
    }

    static Path workerHome() {
        return existing("anytask.test.workerHome");
    }

    static Path conformanceBundle() {
        return existing("anytask.test.conformanceBundle");
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.exists(Path.of(value))) {
            throw new IllegalStateException("system property " + property + ": " + value
                    + " (expected: an existing path; run the tests through Maven)");
        }
        return Path.of(value);
    }
}
