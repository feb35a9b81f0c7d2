package io.anytask.itest.felix;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.exam.Option;

/**
 * What every test class provisions into its native Felix: the bundle files that the build lists in the system
 * property {@value #BUNDLES} (the reactor's bundles as the reactor built them, the others from the local
 * repository: see this module's pom), each installed and started, plus Pax Exam's JUnit bundles.
 */
final class FelixContainer {
    /** The system property that lists the bundle files to provision, separated by commas. */
    static final String BUNDLES = "itest.bundles";

    private FelixContainer() {
    }

    /** The container's options; runs in the test driver. */
    static Option[] options() {
        List<Option> options = new ArrayList<>();
        for (Path file : bundleFiles()) {
            options.add(bundle(file.toUri().toString()));
        }
        options.add(junitBundles());
        options.add(cleanCaches());
        return options.toArray(Option[]::new);
    }

    private static List<Path> bundleFiles() {
        String list = System.getProperty(BUNDLES);
        if (list == null || list.isBlank()) {
            throw new IllegalStateException("system property " + BUNDLES + " is not set: run these tests with"
                    + " Maven (mvn verify), which lists the bundle files");
        }
        List<Path> files = new ArrayList<>();
        for (String item : list.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            Path file = Path.of(item.trim());
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(BUNDLES + " names " + file + ", which is not a file (is it"
                        + " packaged yet?)");
            }
            files.add(file);
        }
        return files;
    }
}
