package io.anytask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The layout's {@code examples/} holds the example interface bundles and the library bundles that they are served
 * with (docs/examples.md), each a bundle with the expected symbolic name.
 */
class ExamplesLayoutIT {

    @Test
    void examplesHoldTheInterfaceBundlesAndTheirLibraries() throws IOException {
        Map<String, String> expected = new TreeMap<>(Map.of(
                "conformance.jar", "io.anytask.examples.conformance",
                "template.jar", "io.anytask.examples.template",
                "bcrypt.jar", "io.anytask.examples.bcrypt",
                "sql.jar", "io.anytask.examples.sql",
                "bcrypt-", "at.favre.lib.bcrypt",
                "bytes-", "at.favre.lib.bytes",
                "h2-", "com.h2database"));
        Map<String, String> found = new TreeMap<>();
        Path examples = Path.of(System.getProperty("anytask.test.installation")).resolve("examples");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(examples, "*.jar")) {
            for (Path jar : jars) {
                String name = jar.getFileName().toString();
                // a library's version is in its name: bcrypt-0.10.2.jar is found as "bcrypt-"
                String key = expected.containsKey(name) ? name : name.replaceFirst("(-)\\d.*", "$1");
                found.put(key, symbolicName(jar));
            }
        }
        assertEquals(expected, found, "examples/ of " + examples);
    }

    private static String symbolicName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String name = file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            assertTrue(name != null, jar + " is a bundle");
            return name.split(";", 2)[0].trim();
        }
    }
}
