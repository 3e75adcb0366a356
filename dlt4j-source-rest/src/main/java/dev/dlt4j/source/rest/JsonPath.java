package dev.dlt4j.source.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSONPath subset dlt's {@code rest_api} configs use ({@code data_selector}, {@code next_url_path},
 * {@code total_path}, {@code cursor_path}, parent fields): {@code $}, dotted names ({@code a.b},
 * {@code $.a.b}), bracketed names ({@code ['a-b']}), indexes ({@code [0]}), wildcards ({@code [*]},
 * {@code .*}) and recursive descent ({@code ..name}). Filters, slices and unions are
 * refused when the path is compiled, with the path and what is supported, so a config fails before
 * any request rather than selecting nothing. Evaluated on the plain Java values a JSON body parses
 * to ({@code Map}, {@code List}, scalars), which are also the rows the source yields. Immutable and
 * thread-safe.
 */
final class JsonPath {
    static final String SUPPORTED = "$, dotted names (a.b), ['name'], [index], [*], .* and ..name";

    private sealed interface Step permits Name, Index, Wildcard, Descent {
    }

    private record Name(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record Wildcard() implements Step {
    }

    private record Descent(String name) implements Step {
    }

    private final String text;
    private final List<Step> steps;

    private JsonPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /** Compiles {@code path}; fails with {@link IllegalArgumentException} naming the path and the supported syntax. */
    static JsonPath compile(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("an empty JSONPath; use $ for the whole body");
        }
        String p = path.trim();
        List<Step> steps = new ArrayList<>();
        int i = 0;
        if (p.startsWith("$")) {
            i = 1;
        }
        boolean expectName = i == 0; // a path without $ starts with a name
        while (i < p.length()) {
            char c = p.charAt(i);
            if (expectName) {
                int end = nameEnd(p, i);
                if (end == i) {
                    throw bad(path, i);
                }
                String name = p.substring(i, end);
                steps.add(name.equals("*") ? new Wildcard() : new Name(name));
                i = end;
                expectName = false;
            } else if (c == '.') {
                if (i + 1 < p.length() && p.charAt(i + 1) == '.') {
                    int end = nameEnd(p, i + 2);
                    if (end == i + 2) {
                        throw bad(path, i);
                    }
                    steps.add(new Descent(p.substring(i + 2, end)));
                    i = end;
                } else {
                    i++;
                    expectName = true;
                }
            } else if (c == '[') {
                int close = p.indexOf(']', i);
                if (close < 0) {
                    throw bad(path, i);
                }
                String inner = p.substring(i + 1, close).trim();
                if (inner.equals("*")) {
                    steps.add(new Wildcard());
                } else if (inner.matches("-?\\d+")) {
                    steps.add(new Index(Integer.parseInt(inner)));
                } else if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'")
                        || inner.startsWith("\"") && inner.endsWith("\""))) {
                    steps.add(new Name(inner.substring(1, inner.length() - 1)));
                } else {
                    throw bad(path, i);
                }
                i = close + 1;
            } else {
                throw bad(path, i);
            }
        }
        if (expectName && !steps.isEmpty()) {
            throw bad(path, p.length());
        }
        return new JsonPath(p, steps);
    }

    private static int nameEnd(String p, int from) {
        int i = from;
        while (i < p.length() && p.charAt(i) != '.' && p.charAt(i) != '[') {
            char c = p.charAt(i);
            if (c == '?' || c == '@' || c == '(' || c == ')' || c == ',' || c == ':' || c == ']') {
                return from;
            }
            i++;
        }
        return i;
    }

    private static IllegalArgumentException bad(String path, int at) {
        return new IllegalArgumentException("JSONPath '" + path + "' is not supported at position " + at
                + "; supported: " + SUPPORTED);
    }

    /** True for {@code $}: the whole document. */
    boolean isRoot() {
        return steps.isEmpty();
    }

    /** Every value the path selects, in document order (jsonpath-ng's {@code find}); empty if none. */
    List<Object> find(Object root) {
        List<Object> current = new ArrayList<>();
        current.add(root);
        for (Step s : steps) {
            List<Object> next = new ArrayList<>();
            for (Object n : current) {
                apply(s, n, next);
            }
            current = next;
            if (current.isEmpty()) {
                break;
            }
        }
        return current;
    }

    /** True when the path selects something, even a JSON {@code null}. */
    boolean exists(Object root) {
        return !find(root).isEmpty();
    }

    /** The first value selected, if any and not null (what dlt's paginators take from {@code find_values}). */
    java.util.Optional<Object> first(Object root) {
        List<Object> all = find(root);
        return all.isEmpty() ? java.util.Optional.empty() : java.util.Optional.ofNullable(all.get(0));
    }

    private static void apply(Step s, Object n, List<Object> out) {
        if (s instanceof Name name) {
            if (n instanceof Map<?, ?> m && m.containsKey(name.name())) {
                out.add(m.get(name.name()));
            }
        } else if (s instanceof Index index) {
            if (n instanceof List<?> l) {
                int i = index.index() < 0 ? l.size() + index.index() : index.index();
                if (i >= 0 && i < l.size()) {
                    out.add(l.get(i));
                }
            }
        } else if (s instanceof Wildcard) {
            if (n instanceof List<?> l) {
                out.addAll(l);
            } else if (n instanceof Map<?, ?> m) {
                out.addAll(m.values());
            }
        } else if (s instanceof Descent d) {
            descend(n, d.name(), out);
        }
    }

    private static void descend(Object n, String name, List<Object> out) {
        if (n instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getKey().equals(name) || name.equals("*")) {
                    out.add(e.getValue());
                }
                descend(e.getValue(), name, out);
            }
        } else if (n instanceof List<?> l) {
            for (Object c : l) {
                descend(c, name, out);
            }
        }
    }

    /** Sets {@code value} at a dotted path in a JSON body (dlt's {@code set_value_at_path}), creating objects on the way. */
    @SuppressWarnings("unchecked")
    static void setAtDottedPath(Map<String, Object> body, String dottedPath, Object value) {
        String[] parts = dottedPath.split("\\.");
        Map<String, Object> node = body;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.get(parts[i]);
            if (!(child instanceof Map<?, ?>)) {
                child = new java.util.LinkedHashMap<String, Object>();
                node.put(parts[i], child);
            }
            node = (Map<String, Object>) child;
        }
        node.put(parts[parts.length - 1], value);
    }

    @Override
    public String toString() {
        return text;
    }
}
