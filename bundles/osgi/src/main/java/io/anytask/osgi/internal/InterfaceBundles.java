package io.anytask.osgi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The bundle files a server's workers install, from a configuration's {@code bundles}: each entry is either an
 * absolute path of a bundle jar, or the symbolic name of a bundle installed in this container (the highest version
 * if several are). A bundle named by symbolic name brings the bundles it is wired to, recursively, except those
 * whose packages every worker already has: the system bundle, and the providers of packages in the worker home's
 * system packages ({@code org.osgi.framework.system.packages.extra} of its {@code worker.properties}: the anytask
 * API, Jackson, the DS API).
 *
 * <p>A bundle installed from a file ({@code file:} or {@code reference:file:} location) is used where it lies.
 * Any other (a Maven URL in Karaf, a stream) is written out as a jar from its entries, once per bundle id and
 * last-modified time, into this bundle's data area.
 */
final class InterfaceBundles {
    private final BundleContext context;
    private final Set<String> workerPackages;

    /**
     * @param context        this bundle's context
     * @param workerPackages the packages every worker's system bundle exports
     */
    InterfaceBundles(BundleContext context, Set<String> workerPackages) {
        this.context = context;
        this.workerPackages = workerPackages;
    }

    /**
     * @return the files for {@code specs}, each once, in order: named ones first, then what they wire to
     * @throws IllegalArgumentException for a path that is not a file, or a symbolic name no installed bundle has
     * @throws IllegalStateException    if a bundle cannot be written out
     */
    List<Path> files(List<String> specs) {
        Set<Path> files = new LinkedHashSet<>();
        Set<Bundle> bundles = new LinkedHashSet<>();
        for (String spec : specs) {
            if (spec.startsWith("/")) {
                Path file = Path.of(spec);
                if (!Files.isRegularFile(file)) {
                    throw Settings.bad("bundles", spec, "an existing bundle file, or the symbolic name of an"
                            + " installed bundle");
                }
                files.add(file);
            } else {
                bundles.add(installed(spec));
            }
        }
        for (Bundle bundle : new ArrayList<>(bundles)) {
            addWired(bundle, bundles);
        }
        for (Bundle bundle : bundles) {
            files.add(file(bundle));
        }
        return List.copyOf(files);
    }

    private Bundle installed(String symbolicName) {
        return highest(context, symbolicName).orElseThrow(() -> Settings.bad("bundles", symbolicName, "an absolute"
                + " path of a bundle file, or the symbolic name of a bundle installed in this container"));
    }

    /** @return the installed bundle with this symbolic name, the highest version if there are several */
    static Optional<Bundle> highest(BundleContext context, String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(bundle -> symbolicName.equals(bundle.getSymbolicName()))
                .max(Comparator.comparing(Bundle::getVersion));
    }

    /** Adds the bundles {@code bundle} is wired to and the workers lack, recursively. */
    private void addWired(Bundle bundle, Set<Bundle> into) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null) {
            return; // not resolved: the worker's own framework resolves it (or says why it cannot)
        }
        for (BundleWire wire : wiring.getRequiredWires(null)) {
            String namespace = wire.getCapability().getNamespace();
            Bundle provider = wire.getProviderWiring().getBundle();
            if (provider.getBundleId() == 0 || provider.equals(bundle) || into.contains(provider)) {
                continue;
            }
            boolean needed = switch (namespace) {
                case PackageNamespace.PACKAGE_NAMESPACE -> !workerPackages.contains(
                        (String) wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
                case BundleNamespace.BUNDLE_NAMESPACE -> true;
                default -> false; // extenders and services: the worker has SCR, services come with their bundles
            };
            if (needed) {
                into.add(provider);
                addWired(provider, into);
            }
        }
    }

    private Path file(Bundle bundle) {
        String location = bundle.getLocation();
        String plain = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        if (plain.startsWith("file:")) {
            try {
                Path file = Path.of(URI.create(plain));
                if (Files.isRegularFile(file)) {
                    return file;
                }
            } catch (IllegalArgumentException e) {
                // not a plain file URI: written out below
            }
        }
        Path file = context.getDataFile("bundles/" + bundle.getSymbolicName() + "-" + bundle.getVersion() + "-"
                + bundle.getBundleId() + "-" + bundle.getLastModified() + ".jar").toPath();
        if (!Files.isRegularFile(file)) {
            try {
                writeJar(bundle, file);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write bundle " + bundle.getSymbolicName() + " (location "
                        + location + ") to " + file + ": " + e.getMessage(), e);
            }
        }
        return file;
    }

    /** Writes the bundle's entries as a jar, its manifest first; made under a temporary name, then renamed. */
    private static void writeJar(Bundle bundle, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path scratch = file.resolveSibling(file.getFileName() + ".making");
        URL manifestUrl = bundle.getEntry("META-INF/MANIFEST.MF");
        if (manifestUrl == null) {
            throw new IOException("it has no META-INF/MANIFEST.MF entry");
        }
        Manifest manifest;
        try (InputStream in = manifestUrl.openStream()) {
            manifest = new Manifest(in);
        }
        try (OutputStream raw = Files.newOutputStream(scratch); JarOutputStream jar = new JarOutputStream(raw,
                manifest)) {
            Enumeration<URL> entries = bundle.findEntries("/", "*", true);
            while (entries != null && entries.hasMoreElements()) {
                URL url = entries.nextElement();
                String name = url.getPath().startsWith("/") ? url.getPath().substring(1) : url.getPath();
                if (name.isEmpty() || name.equalsIgnoreCase("META-INF/MANIFEST.MF") || name.endsWith("/")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(name));
                try (InputStream in = url.openStream()) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        Files.move(scratch, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
