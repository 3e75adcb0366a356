package dev.dlt4j.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON values state may hold, as plain Java: {@code null}, {@code String}, {@code Boolean},
 * {@code Number}, {@code List} and {@code Map<String, ?>} of those. Copies are deep and
 * unmodifiable (maps keep their key order), so a state handed out cannot be changed behind the
 * pipeline's back. Stateless; any thread.
 */
public final class JsonValues {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonValues() {
    }

    /**
     * A deep, unmodifiable copy of a JSON-able map.
     *
     * @param what names the owner in the error, e.g. {@code "state of resource users"}
     * @throws IllegalArgumentException for a key that is not a string or a value of another type,
     *     naming the path, the type found and the types allowed
     */
    public static Map<String, Object> copyMap(Map<?, ?> map, String what) {
        return copyMap(map, what, "");
    }

    private static Map<String, Object> copyMap(Map<?, ?> map, String what, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException(what + ": key " + e.getKey() + " at '" + path + "' is a "
                        + typeName(e.getKey()) + "; keys of state maps must be strings");
            }
            out.put(key, copy(e.getValue(), what, path.isEmpty() ? key : path + "." + key));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object copy(Object v, String what, String path) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Short || v instanceof Byte || v instanceof BigInteger || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Double d) {
            return finite(d, what, path);
        }
        if (v instanceof Float f) {
            return finite(f.doubleValue(), what, path);
        }
        if (v instanceof Map<?, ?> m) {
            return copyMap(m, what, path);
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            int i = 0;
            for (Object item : c) {
                out.add(copy(item, what, path + "[" + i++ + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        throw new IllegalArgumentException(what + ": the value at '" + path + "' is a " + typeName(v)
                + "; state holds only JSON values: String, Number, Boolean, null, List and Map with string keys"
                + " (write a timestamp as ISO-8601 text)");
    }

    private static Double finite(double d, String what, String path) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(what + ": the value at '" + path + "' is " + d
                    + "; JSON numbers must be finite");
        }
        return d;
    }

    private static String typeName(Object v) {
        return v == null ? "null" : v.getClass().getName();
    }

    /** The Jackson tree of a copied value; maps and lists keep their order. */
    public static JsonNode toNode(Object v) {
        return MAPPER.valueToTree(v);
    }

    /** Plain Java values from a JSON object (numbers as Integer, Long, BigInteger or Double). */
    public static Map<String, Object> fromNode(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object, got " + node.getNodeType());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), fromValue(e.getValue(), what)));
        return Collections.unmodifiableMap(out);
    }

    private static Object fromValue(JsonNode n, String what) {
        if (n.isObject()) {
            return fromNode(n, what);
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>(n.size());
            n.forEach(item -> out.add(fromValue(item, what)));
            return Collections.unmodifiableList(out);
        }
        if (n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNumber()) {
            return n.numberValue();
        }
        return n.asText();
    }

    /**
     * The JSON text with object keys sorted at every level and no spaces: the form dlt hashes
     * ({@code json.typed_dumpb(state, sort_keys=True)}), byte for byte for strings, integers and booleans.
     */
    public static String canonical(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(sorted(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise state", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> keys = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                keys.put(e.getKey(), sorted(e.getValue()));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            keys.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(sorted(n)));
            return out;
        }
        return node;
    }
}
