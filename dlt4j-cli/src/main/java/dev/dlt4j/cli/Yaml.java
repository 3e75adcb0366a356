package dev.dlt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small YAML emitter for JSON trees (the schema is maps, lists and scalars): block style, two
 * spaces per level, strings plain where YAML reads them back as the same string and JSON-quoted
 * (valid YAML) everywhere else. It saves a YAML library dependency for one command.
 */
final class Yaml {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_ ./()\\-]*");
    private static final Pattern NUMBER_LIKE = Pattern.compile("[-+]?(\\.?[0-9].*|\\.inf|\\.nan)", Pattern.CASE_INSENSITIVE);
    private static final java.util.Set<String> RESERVED = java.util.Set.of("true", "false", "yes", "no", "on", "off",
            "y", "n", "null", "~");

    private Yaml() {
    }

    static String write(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        if (node.isContainerNode() && !node.isEmpty()) {
            block(node, 0, sb);
        } else {
            sb.append(scalar(node)).append('\n');
        }
        return sb.toString();
    }

    private static void block(JsonNode node, int indent, StringBuilder sb) {
        String pad = " ".repeat(indent);
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(pad).append(string(e.getKey())).append(':');
                value(e.getValue(), indent, sb, false);
            }
        } else {
            for (JsonNode item : node) {
                sb.append(pad).append('-');
                value(item, indent, sb, true);
            }
        }
    }

    /** The part after {@code key:} or {@code -}: inline scalar, or a nested block. */
    private static void value(JsonNode v, int indent, StringBuilder sb, boolean inList) {
        if (!v.isContainerNode() || v.isEmpty()) {
            sb.append(' ').append(scalar(v)).append('\n');
            return;
        }
        if (inList) {
            // "- key: value" with the rest of the item indented under the first key
            StringBuilder nested = new StringBuilder();
            block(v, indent + 2, nested);
            sb.append(' ').append(nested.substring(indent + 2));
        } else if (v.isArray()) {
            sb.append('\n');
            block(v, indent, sb);
        } else {
            sb.append('\n');
            block(v, indent + 2, sb);
        }
    }

    private static String scalar(JsonNode v) {
        if (v.isNull() || v.isMissingNode()) {
            return "null";
        }
        if (v.isObject()) {
            return "{}";
        }
        if (v.isArray()) {
            return "[]";
        }
        if (v.isTextual()) {
            return string(v.asText());
        }
        return v.asText();
    }

    static String string(String s) {
        if (PLAIN.matcher(s).matches() && !s.endsWith(" ") && !s.contains(" #") && !s.contains(": ")
                && !RESERVED.contains(s.toLowerCase(Locale.ROOT)) && !NUMBER_LIKE.matcher(s).matches()) {
            return s;
        }
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
