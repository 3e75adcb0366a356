package dev.dlt4j.source.rest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a settings tree (a pipeline file's table, or what the Java builder collected) by key path.
 * Every failure is an {@link IllegalArgumentException} whose message starts with the key path and
 * {@code ": "} (e.g. {@code resources[1].endpoint.paginator.type: ...}), the convention of
 * {@link dev.dlt4j.spi.SourceFactory} that lets {@code dlt4j run} point at the file's line.
 */
final class Settings {
    private Settings() {
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    static IllegalArgumentException error(String path, String message) {
        return new IllegalArgumentException(path + ": " + message);
    }

    /** A table (map with text keys) at {@code path}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> table(Object value, String path) {
        if (value instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) {
                    throw error(path, "keys must be text, got " + k);
                }
            }
            return (Map<String, Object>) m;
        }
        throw error(path, "must be a table ({ key = value, ... }), got " + describe(value));
    }

    /** Fails on the first key of {@code table} not in {@code allowed}, with a did-you-mean. */
    static void checkKeys(Map<String, ?> table, String path, Collection<String> allowed) {
        for (String k : table.keySet()) {
            if (!allowed.contains(k)) {
                throw error(join(path, k), "unknown key '" + k + "'" + DidYouMean.suggest(k, allowed)
                        + "; allowed here: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    static Optional<String> text(Map<String, ?> table, String path, String key) {
        Object v = table.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return Optional.of(s);
        }
        throw error(join(path, key), "must be text, got " + describe(v));
    }

    /** Text, or a number/boolean written without quotes (query parameters, header values). */
    static Optional<String> scalarText(Map<String, ?> table, String path, String key) {
        Object v = table.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return Optional.of(String.valueOf(v));
        }
        throw error(join(path, key), "must be text, a number or a boolean, got " + describe(v));
    }

    static Optional<Long> integer(Map<String, ?> table, String path, String key) {
        Object v = table.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Optional.of(n.longValue());
        }
        if (v instanceof String s && s.trim().matches("-?\\d+")) {
            return Optional.of(Long.parseLong(s.trim()));
        }
        throw error(join(path, key), "must be an integer, got " + describe(v));
    }

    static Optional<Double> number(Map<String, ?> table, String path, String key) {
        Object v = table.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        if (v instanceof String s) {
            try {
                return Optional.of(Double.parseDouble(s.trim()));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw error(join(path, key), "must be a number, got " + describe(v));
    }

    static Optional<Boolean> bool(Map<String, ?> table, String path, String key) {
        Object v = table.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        if (v instanceof String s && Set.of("true", "false").contains(s.trim().toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of(Boolean.parseBoolean(s.trim()));
        }
        throw error(join(path, key), "must be true or false, got " + describe(v));
    }

    /** A list of texts; a single text is a list of one (dlt accepts {@code primary_key = "id"}). */
    static List<String> texts(Map<String, ?> table, String path, String key) {
        Object v = table.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                if (!(l.get(i) instanceof String s)) {
                    throw error(index(join(path, key), i), "must be text, got " + describe(l.get(i)));
                }
                out.add(s);
            }
            return List.copyOf(out);
        }
        throw error(join(path, key), "must be text or a list of texts, got " + describe(v));
    }

    /** A table of text values (headers); numbers and booleans are written as text. */
    static Map<String, String> textTable(Map<String, ?> table, String path, String key) {
        Object v = table.get(key);
        if (v == null) {
            return Map.of();
        }
        Map<String, Object> t = table(v, join(path, key));
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : t.keySet()) {
            out.put(k, scalarText(t, join(path, key), k).orElseThrow(
                    () -> error(join(join(path, key), k), "must have a value")));
        }
        return out;
    }

    /** A short description of a value's type for messages. */
    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "text '" + s + "'";
        }
        if (v instanceof Map<?, ?>) {
            return "a table";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        return v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + v;
    }
}
