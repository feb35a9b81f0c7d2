package io.anytask.worker.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The worker home: the directory a worker runs in (its working directory), built by the worker module.
 *
 * <pre>
 * jvm.args              JVM options, paths relative to the home (java {@literal @}jvm.args ...)
 * worker.properties     framework properties: the system bundle's extra packages and capabilities, the
 *                       class-path activators to start (SCR)
 * lib/                  the class path: worker, registry, protocol, Felix, SCR and the OSGi APIs it needs,
 *                       Jackson, junixsocket
 * worker.jsa            class-data-sharing archive of the class path (made at build time)
 * </pre>
 */
public record WorkerHome(Path dir) {
    /** File of framework properties inside the home. */
    public static final String PROPERTIES = "worker.properties";
    /** Folder of bundles every worker installs, if present (none today: SCR runs from the class path). */
    public static final String BUNDLES = "bundles";
    /**
     * Property of {@link #PROPERTIES}: class names of bundle activators on the class path that the worker starts as
     * activators of the system bundle (Felix SCR), so that their classes come from the class-data-sharing archive.
     */
    public static final String ACTIVATORS = "anytask.worker.activators";
    /**
     * Property of {@link #PROPERTIES}: the class of the OSGi {@code FrameworkFactory} on the class path, found at
     * build time; naming it skips a service look-up that opens every jar of the class path at start-up.
     */
    public static final String FRAMEWORK_FACTORY = "anytask.worker.framework-factory";

    /** The home a worker runs in: its working directory. */
    public static WorkerHome current() {
        return new WorkerHome(Path.of("").toAbsolutePath());
    }

    /**
     * The framework properties of the home.
     *
     * @throws BootException if the file is missing or unreadable: the process was not started in a worker home
     */
    public Properties frameworkProperties() {
        Path file = dir.resolve(PROPERTIES);
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new BootException("cannot read " + file + " (is the working directory a worker home?): " + e, e);
        }
        return props;
    }

    /** The bundle jars every worker installs, in name order; none when the home has no {@value #BUNDLES} folder. */
    public List<Path> systemBundles() {
        Path folder = dir.resolve(BUNDLES);
        List<Path> jars = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return jars;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.jar")) {
            stream.forEach(jars::add);
        } catch (IOException e) {
            throw new BootException("cannot list " + folder + " (is the working directory a worker home?): " + e, e);
        }
        jars.sort(null);
        return jars;
    }
}
