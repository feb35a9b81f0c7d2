package io.anytask.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code anytask --version}: the {@code Bundle-Version} of this jar's manifest (bnd writes it from the project's
 * version), and the Java running it.
 */
final class ManifestVersion implements IVersionProvider {
    static final String UNKNOWN = "(unknown version)";

    @Override
    public String[] getVersion() {
        return new String[] {"anytask " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }

    /** @return the Bundle-Version of the jar, or the classes directory, that holds this class */
    static String version() {
        try {
            Path where = Path.of(ManifestVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Manifest manifest;
            if (Files.isDirectory(where)) {
                try (InputStream in = Files.newInputStream(where.resolve(JarFile.MANIFEST_NAME))) {
                    manifest = new Manifest(in);
                }
            } else {
                try (JarFile jar = new JarFile(where.toFile())) {
                    manifest = jar.getManifest();
                }
            }
            String version = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
            return version == null ? UNKNOWN : version;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
