package dev.dlt4j.source.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * dlt's placeholders in paths, query parameters, headers and JSON bodies: {@code {resources.<parent>.<field>}}
 * and {@code {incremental.start_value}} (Python {@code str.format} fields); {@code {{} and {@code }}}
 * are literal braces (e.g. a GraphQL body). Stateless.
 */
final class Placeholders {
    private Placeholders() {
    }

    /** The field names in {@code text}, in order; fails on an unbalanced brace naming the position. */
    static List<String> fields(String text) {
        List<String> out = new ArrayList<>();
        parse(text, out, null);
        return out;
    }

    /** Every field in a value tree (keys and values of tables, items of lists, texts). */
    static Set<String> fieldsIn(Object value) {
        Set<String> out = new LinkedHashSet<>();
        collect(value, out);
        return out;
    }

    private static void collect(Object value, Set<String> out) {
        if (value instanceof String s) {
            out.addAll(fields(s));
        } else if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                collect(e.getKey(), out);
                collect(e.getValue(), out);
            }
        } else if (value instanceof List<?> l) {
            for (Object o : l) {
                collect(o, out);
            }
        }
    }

    /** The text with each field replaced by {@code values.apply(field)} as text, and {@code {{ }}} unescaped. */
    static String expand(String text, Function<String, Object> values) {
        StringBuilder sb = new StringBuilder(text.length());
        parse(text, null, (literal, field) -> {
            sb.append(literal);
            if (field != null) {
                sb.append(asText(values.apply(field)));
            }
        });
        return sb.toString();
    }

    /**
     * A value tree with its texts expanded; with {@code keepType} a text that is exactly one
     * placeholder becomes the value itself (a number stays a number in a JSON body, as in dlt).
     */
    static Object expandTree(Object value, Function<String, Object> values, boolean keepType) {
        if (value instanceof String s) {
            if (keepType) {
                List<String> f = fields(s);
                if (f.size() == 1 && s.equals("{" + f.get(0) + "}")) {
                    return values.apply(f.get(0));
                }
            }
            return expand(s, values);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(expand(String.valueOf(e.getKey()), values), expandTree(e.getValue(), values, keepType));
            }
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(expandTree(o, values, keepType));
            }
            return out;
        }
        return value;
    }

    /**
     * A value as request text: {@code None} for null (Python's str); date-times in full ISO-8601,
     * seconds always (their {@code toString()} drops ":00" seconds, which an API may refuse or sort
     * after the same instant written in full).
     */
    static String asText(Object v) {
        if (v instanceof java.time.OffsetDateTime || v instanceof java.time.ZonedDateTime) {
            return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((java.time.temporal.TemporalAccessor) v);
        }
        if (v instanceof java.time.LocalDateTime l) {
            return java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(l);
        }
        if (v instanceof java.time.LocalTime t) {
            return java.time.format.DateTimeFormatter.ISO_LOCAL_TIME.format(t);
        }
        return v == null ? "None" : String.valueOf(v); // Instant.toString() always has seconds
    }

    private interface Sink {
        void accept(String literal, String field);
    }

    private static void parse(String text, List<String> fields, Sink sink) {
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                    literal.append('{');
                    i += 2;
                    continue;
                }
                int close = text.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'" + text + "' has a '{' at position " + i + " that is not"
                            + " closed; write {{ for a literal brace");
                }
                String field = text.substring(i + 1, close).trim();
                if (field.isEmpty() || field.contains("{") || field.contains(":") || field.contains("!")) {
                    throw new IllegalArgumentException("'" + text + "' has a placeholder '" + text.substring(i, close + 1)
                            + "' that is not a name; write {{ and }} for literal braces");
                }
                if (fields != null) {
                    fields.add(field);
                }
                if (sink != null) {
                    sink.accept(literal.toString(), field);
                }
                literal.setLength(0);
                i = close + 1;
            } else if (c == '}') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '}') {
                    literal.append('}');
                    i += 2;
                    continue;
                }
                throw new IllegalArgumentException("'" + text + "' has a '}' at position " + i + " that closes"
                        + " nothing; write }} for a literal brace");
            } else {
                literal.append(c);
                i++;
            }
        }
        if (sink != null) {
            sink.accept(literal.toString(), null);
        }
    }
}
