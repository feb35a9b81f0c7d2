package io.anytask.worker.internal.home;

import java.util.ArrayList;
import java.util.List;

/** Reads an OSGi {@code Export-Package} header into {@code package;version=V} entries, dropping other attributes. */
final class ExportPackage {

    private ExportPackage() {
    }

    /** The exported packages of {@code header}, each with its version when it has one. */
    static List<String> withVersions(String header) {
        List<String> out = new ArrayList<>();
        for (String clause : split(header, ',')) {
            List<String> parts = split(clause, ';');
            String version = null;
            List<String> names = new ArrayList<>();
            for (String part : parts) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    names.add(p);
                } else if (p.substring(0, eq).trim().equals("version")) {
                    version = p.substring(eq + 1).trim();
                }
            }
            for (String name : names) {
                out.add(version == null ? name : name + ";version=" + version);
            }
        }
        return out;
    }

    /** Splits on {@code separator} outside double quotes. */
    private static List<String> split(String text, char separator) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }
}
