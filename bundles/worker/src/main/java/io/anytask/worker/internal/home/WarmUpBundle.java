package io.anytask.worker.internal.home;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A bundle with one Declarative Services component, made for the build's warm-up run so that SCR parses a
 * component description and activates a component, as it does in every real worker. The component is a plain
 * {@code java.lang.Object} registered with {@code anytask.interface=anytask-warm-up-ds}: the bundle needs no code.
 */
final class WarmUpBundle {
    private static final String DESCRIPTION = "OSGI-INF/anytask.warm-up.xml";
    private static final String XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="anytask.warm-up">
              <implementation class="java.lang.Object"/>
              <service>
                <provide interface="java.lang.Object"/>
              </service>
              <property name="anytask.interface" type="String" value="anytask-warm-up-ds"/>
            </scr:component>
            """;

    private WarmUpBundle() {
    }

    static Path write(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "anytask.warm-up");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Service-Component", DESCRIPTION);
        main.putValue("Require-Capability", "osgi.extender;filter:=\"(&(osgi.extender=osgi.component)"
                + "(version>=1.3.0)(!(version>=2.0.0)))\"");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry(DESCRIPTION));
            jarOut.write(XML.getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
        }
        return jar;
    }
}
