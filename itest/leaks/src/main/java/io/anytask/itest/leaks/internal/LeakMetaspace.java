package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code leak-metaspace}: {@link #leak()} defines classes in thousands of class loaders and leaves
 * those loaders reachable from JDK state only, so the metaspace after a GC stays grown after the bundle is discarded
 * and the worker must not be renewed. The loaders are plain {@link URLClassLoader}s whose parent is the platform
 * class loader: they do not keep this bundle's class loader reachable, so only the metaspace check can see this leak.
 */
@Component(service = LeakMetaspace.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=leak-metaspace")
public class LeakMetaspace {
    private static final long TOKEN = System.nanoTime();
    /**
     * How much metaspace the leak uses at least; the tests set the worker's limit well below it. The loaders cost
     * heap too, about 1.5 times as much (measured on JDK 17): 16 MB keeps that well below the heap limit, so that
     * the metaspace check is the one that fails.
     */
    private static final long GROWTH_BYTES = 16L << 20;
    /** A bound on the classes defined, in case metaspace cannot be measured. */
    private static final int MAX_CLASSES = 50_000;

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    /**
     * Copies {@link Filler}'s class file to a temporary directory and loads it from there, each time through a new
     * class loader, until the metaspace used grew by 16 MB (at most 50 000 classes); keeps the loaders from JDK
     * state, see {@link JdkStateValue}.
     *
     * @return identity
     */
    public String leak() throws Exception {
        Path dir = Files.createTempDirectory("anytask-leak-metaspace");
        String name = Filler.class.getName();
        Path file = dir.resolve(name.replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        try (InputStream in = Filler.class.getResourceAsStream(Filler.class.getSimpleName() + ".class")) {
            Files.copy(in, file);
        }
        URL[] path = {dir.toUri().toURL()};
        List<ClassLoader> loaders = new ArrayList<>();
        long start = metaspaceUsed();
        while (loaders.size() < MAX_CLASSES && metaspaceUsed() - start < GROWTH_BYTES) {
            URLClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader());
            Class.forName(name, true, loader).getMethod("four", int.class).invoke(null, loaders.size());
            loaders.add(loader);
        }
        Files.delete(file); // loaded: the loaders need the file no more
        JdkStateValue.keep(loaders);
        return identity();
    }

    private static long metaspaceUsed() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Metaspace"))
                .mapToLong(p -> p.getUsage().getUsed()).findFirst().orElse(0);
    }
}
