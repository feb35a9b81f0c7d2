package io.anytask.osgi.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The properties of one Configuration Admin configuration, read strictly: a property this component does not know
 * is an error (a misspelt option must not silently fall back to its default), and so is a value of the wrong type.
 * Errors are {@link IllegalArgumentException}s in the form of the builders' own, {@code NAME: VALUE (expected: ...)},
 * so that a component can log one line naming the configuration, the property and the value.
 *
 * <p>Values come as Configuration Admin gives them: typed (Integer, Long, Boolean, String[] ...) from the console
 * or code, or as strings from Karaf's {@code etc/*.cfg} files; both are accepted.
 */
final class Settings {
    /**
     * Prefixes of properties that the framework, Configuration Admin, SCR (such as DS 1.5's
     * {@code osgi.ds.satisfying.condition.target}) or Karaf add to every configuration.
     */
    private static final List<String> FOREIGN_PREFIXES = List.of("service.", "component.", "osgi.ds.",
            "felix.fileinstall.", "org.apache.karaf.features.", "webconsole.", ".");

    private final String pid;
    private final Map<String, ?> properties;

    private Settings(String pid, Map<String, ?> properties) {
        this.pid = pid;
        this.properties = properties;
    }

    /**
     * Reads {@code properties}, refusing names outside {@code known} (and the framework's own).
     *
     * @throws IllegalArgumentException for an unknown property, naming it and the known ones
     */
    static Settings read(Map<String, ?> properties, Set<String> known) {
        String pid = String.valueOf(properties.get("service.pid"));
        for (String key : properties.keySet()) {
            if (!known.contains(key) && FOREIGN_PREFIXES.stream().noneMatch(key::startsWith)) {
                throw new IllegalArgumentException(key + ": " + show(properties.get(key))
                        + " (expected: no such property; known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        return new Settings(pid, properties);
    }

    /** @return the configuration's PID, for log lines */
    String pid() {
        return pid;
    }

    /**
     * @return the name of a factory configuration made with a name (PID {@code FACTORY~NAME}, as Karaf's
     *     {@code etc/FACTORY-NAME.cfg} files make them), if it has one
     */
    Optional<String> factoryName() {
        int tilde = pid.indexOf('~');
        return tilde < 0 || tilde == pid.length() - 1 ? Optional.empty() : Optional.of(pid.substring(tilde + 1));
    }

    Optional<String> string(String key) {
        Object value = properties.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw bad(key, value, "text");
        }
        String trimmed = text.trim();
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }

    String requiredString(String key, String expected) {
        return string(key).orElseThrow(() -> new IllegalArgumentException(key + ": missing (expected: " + expected
                + ")"));
    }

    OptionalInt integer(String key) {
        Object value = properties.get(key);
        if (value == null || value instanceof String s && s.isBlank()) {
            return OptionalInt.empty();
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return OptionalInt.of(((Number) value).intValue());
        }
        if (value instanceof Long l && l == l.intValue()) {
            return OptionalInt.of(l.intValue());
        }
        if (value instanceof String s) {
            try {
                return OptionalInt.of(Integer.parseInt(s.trim()));
            } catch (NumberFormatException e) {
                throw bad(key, value, "a whole number");
            }
        }
        throw bad(key, value, "a whole number");
    }

    Optional<Boolean> bool(String key) {
        Object value = properties.get(key);
        if (value == null || value instanceof String s && s.isBlank()) {
            return Optional.empty();
        }
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        if (value instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
            return Optional.of(Boolean.parseBoolean(s.trim()));
        }
        throw bad(key, value, "true or false");
    }

    /**
     * A duration given in seconds, whole or decimal ({@code 0.5}). Callers that also accept the word {@code none}
     * test {@link #isNone} first.
     */
    Optional<Duration> seconds(String key) {
        Object value = properties.get(key);
        if (value == null || value instanceof String s && s.isBlank()) {
            return Optional.empty();
        }
        try {
            BigDecimal seconds = value instanceof String s ? new BigDecimal(s.trim())
                    : value instanceof Integer || value instanceof Long || value instanceof Short
                    ? BigDecimal.valueOf(((Number) value).longValue())
                    : value instanceof Double || value instanceof Float
                    ? BigDecimal.valueOf(((Number) value).doubleValue()) : null;
            if (seconds == null) {
                throw bad(key, value, "a number of seconds");
            }
            return Optional.of(Duration.ofNanos(seconds.movePointRight(9).longValueExact()));
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(key, value, "a number of seconds");
        }
    }

    /** @return whether the property is the word {@code none} */
    boolean isNone(String key) {
        return properties.get(key) instanceof String s && s.trim().equalsIgnoreCase("none");
    }

    /**
     * A list: a String[] or a collection of strings as Configuration Admin stores them, or one string whose items
     * are separated by commas (Karaf's {@code .cfg} files).
     */
    List<String> list(String key) {
        Object value = properties.get(key);
        List<String> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        Collection<?> raw;
        if (value instanceof String s) {
            raw = Arrays.asList(s.split(","));
        } else if (value instanceof String[] array) {
            raw = Arrays.asList(array);
        } else if (value instanceof Collection<?> collection) {
            raw = collection;
        } else {
            throw bad(key, value, "a list of text");
        }
        for (Object item : raw) {
            if (!(item instanceof String text)) {
                throw bad(key, value, "a list of text");
            }
            if (!text.isBlank()) {
                items.add(text.trim());
            }
        }
        return items;
    }

    static IllegalArgumentException bad(String key, Object value, String expected) {
        return new IllegalArgumentException(key + ": " + show(value) + " (expected: " + expected + ")");
    }

    private static String show(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.toString(array);
        }
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
}
