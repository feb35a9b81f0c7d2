package io.anytask.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the build hands to the tests in system properties (a module's surefire or failsafe configuration). */
public final class BuildPaths {
    private BuildPaths() {
    }

    /**
     * The value of system property {@code name}.
     *
     * @throws IllegalStateException if it is not set, as when a test runs outside Maven
     */
    public static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + ": " + value
                    + " (expected: set; run the tests through Maven)");
        }
        return value;
    }

    /**
     * The path in system property {@code name}.
     *
     * @throws IllegalStateException if it is not set or names nothing that exists
     */
    public static Path existing(String name) {
        String value = System.getProperty(name);
        if (value == null || !Files.exists(Path.of(value))) {
            throw new IllegalStateException("system property " + name + ": " + value
                    + " (expected: an existing path; run the tests through Maven)");
        }
        return Path.of(value);
    }
}
