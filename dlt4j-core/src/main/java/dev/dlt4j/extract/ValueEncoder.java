package dev.dlt4j.extract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlt4j.storage.InvalidTextException;
import dev.dlt4j.storage.RowFileWriter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Encodes a user's row object (map, record, bean or {@code JsonNode}) straight into a
 * {@link RowFileWriter}, without building an intermediate map. Record components and bean getters
 * are looked up once per class and invoked through method handles.
 */
final class ValueEncoder {
    private static final ClassValue<Accessor[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Accessor[] computeValue(Class<?> type) {
            return accessorsOf(type);
        }
    };

    /** A property of a record or bean: its name, getter and declared type (for {@link ScalarClass}). */
    record Accessor(String name, MethodHandle getter, Class<?> type) {
    }

    /** The properties of a record (in component order) or bean (sorted by name), as rows are written. */
    static Accessor[] accessors(Class<?> type) {
        return ACCESSORS.get(type);
    }

    /**
     * The deepest nesting of maps, lists and objects a row may have. Deeper is almost always a value
     * that contains itself, which would otherwise end in a StackOverflowError without a word; counting
     * levels costs nothing per value, where tracking every container would.
     */
    static final int MAX_DEPTH = 200;

    private ValueEncoder() {
    }

    /** Writes one row; a value that is not a map, record, bean or object node becomes {@code {"value": v}}. */
    static void encodeRow(Object row, RowFileWriter w, String table) {
        w.beginRow();
        if (!encodeFields(row, w, table, 0)) {
            field("value", row, w, table, 0);
        }
        w.endMap();
    }

    /** True when the row is an object with fields and they were written. */
    private static boolean encodeFields(Object row, RowFileWriter w, String table, int depth) {
        if (row instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : entries(m)) {
                field(String.valueOf(e.getKey()), e.getValue(), w, table, depth);
            }
            return true;
        }
        if (row instanceof JsonNode node) {
            if (!node.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                field(e.getKey(), e.getValue(), w, table, depth);
            }
            return true;
        }
        if (isScalar(row)) {
            return false;
        }
        Accessor[] accessors = ACCESSORS.get(row.getClass());
        if (accessors.length == 0) {
            return false;
        }
        for (Accessor a : accessors) {
            Object v;
            try {
                v = (Object) a.getter().invokeExact(row);
            } catch (Throwable t) {
                throw new IllegalStateException("cannot read property " + a.name() + " of "
                        + row.getClass().getName() + ": " + t, t);
            }
            field(a.name(), v, w, table, depth);
        }
        return true;
    }

    /** What {@link #property} returns for a row that has no such key or property. */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    /**
     * The value of one key or property of a row (map, object node, record or bean), or
     * {@link #MISSING}. A JSON node's scalar comes back as plain Java ({@code String}, {@code Number},
     * {@code Boolean}, {@code null}); a nested object or array as the node.
     */
    static Object property(Object row, String name) {
        if (row instanceof PageRow pr) {
            return pr.value(name);
        }
        if (row instanceof Map<?, ?> m) {
            Object v = m.get(name);
            return v == null && !m.containsKey(name) ? MISSING : v;
        }
        if (row instanceof JsonNode node) {
            if (!node.isObject()) {
                return MISSING;
            }
            JsonNode v = node.get(name);
            if (v == null) {
                return MISSING;
            }
            if (v.isNull() || v.isMissingNode()) {
                return null;
            }
            if (v.isTextual()) {
                return v.textValue();
            }
            if (v.isNumber()) {
                return v.numberValue();
            }
            if (v.isBoolean()) {
                return v.booleanValue();
            }
            if (v.isPojo()) {
                return ((com.fasterxml.jackson.databind.node.POJONode) v).getPojo();
            }
            return v;
        }
        if (row == null || isScalar(row)) {
            return MISSING;
        }
        for (Accessor a : ACCESSORS.get(row.getClass())) {
            if (a.name().equals(name)) {
                try {
                    return (Object) a.getter().invokeExact(row);
                } catch (Throwable t) {
                    throw new IllegalStateException("cannot read property " + name + " of "
                            + row.getClass().getName() + ": " + t, t);
                }
            }
        }
        return MISSING;
    }

    /** The fields of a row (map, object node, record or bean) in a stable order, for hashing; null for a scalar. */
    static Map<String, Object> fields(Object row) {
        if (row instanceof PageRow pr) {
            return pr.fields();
        }
        if (row instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        if (row instanceof JsonNode node) {
            if (!node.isObject()) {
                return null;
            }
            Map<String, Object> out = new java.util.TreeMap<>();
            node.fieldNames().forEachRemaining(n -> out.put(n, property(node, n)));
            return out;
        }
        if (row == null || isScalar(row)) {
            return null;
        }
        Accessor[] accessors = ACCESSORS.get(row.getClass());
        if (accessors.length == 0) {
            return null;
        }
        Map<String, Object> out = new java.util.TreeMap<>();
        for (Accessor a : accessors) {
            out.put(a.name(), property(row, a.name()));
        }
        return out;
    }

    /** The class of {@code Map.of(..)}, {@code Map.ofEntries(..)} and {@code Map.copyOf(..)} with two or more keys. */
    private static final Class<?> IMMUTABLE_MAP = Map.of("a", 1, "b", 2).getClass();

    /**
     * A map's entries in its own order, except for the JDK's immutable maps, whose order changes
     * from JVM to JVM: their keys are taken sorted, so the same rows give the same column order on
     * every run.
     */
    private static Iterable<? extends Map.Entry<?, ?>> entries(Map<?, ?> m) {
        if (m.getClass() != IMMUTABLE_MAP) {
            return m.entrySet();
        }
        List<Map.Entry<?, ?>> sorted = new ArrayList<>(m.entrySet());
        sorted.sort(java.util.Comparator.comparing(e -> String.valueOf(e.getKey())));
        return sorted;
    }

    /** Writes one key and its value; a value that cannot be written fails naming the key in its path. */
    private static void field(String key, Object v, RowFileWriter w, String table, int depth) {
        try {
            w.key(key);
            encode(v, w, table, depth);
        } catch (UnsupportedValueException e) {
            throw e.under(table, key);
        } catch (InvalidTextException e) {
            throw UnsupportedValueException.invalidText(table, key, e);
        }
    }

    /** The depth of a container's contents; past {@link #MAX_DEPTH} the value fails as (most likely) cyclic. */
    private static int deeper(int depth, Object container, String table) {
        if (depth >= MAX_DEPTH) {
            throw UnsupportedValueException.tooDeep(table, container.getClass(), MAX_DEPTH);
        }
        return depth + 1;
    }

    static boolean isScalar(Object v) {
        return v instanceof CharSequence || v instanceof Number || v instanceof Boolean || v instanceof Character
                || v instanceof java.time.temporal.Temporal || v instanceof java.util.Date || v instanceof UUID
                || v instanceof Enum<?> || v instanceof byte[];
    }

    static void encode(Object v, RowFileWriter w, String table, int depth) {
        if (v == null) {
            w.nullValue();
        } else if (v instanceof String s) {
            w.string(s);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof AtomicInteger || v instanceof AtomicLong) {
            w.longValue(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            w.doubleValue(((Number) v).doubleValue());
        } else if (v instanceof Boolean b) {
            w.bool(b);
        } else if (v instanceof BigDecimal d) {
            w.decimal(d);
        } else if (v instanceof BigInteger bi) {
            if (bi.bitLength() < 64) {
                w.longValue(bi.longValue());
            } else {
                w.bigInteger(bi);
            }
        } else if (v instanceof Instant i) {
            w.timestamp(i);
        } else if (v instanceof OffsetDateTime o) {
            w.timestamp(o.toInstant());
        } else if (v instanceof ZonedDateTime z) {
            w.timestamp(z.toInstant());
        } else if (v instanceof LocalDateTime l) {
            w.timestamp(l.toInstant(ZoneOffset.UTC)); // naive date-times are taken as UTC, as dlt does
        } else if (v instanceof LocalDate d) {
            w.date(d);
        } else if (v instanceof LocalTime t) {
            w.time(t);
        } else if (v instanceof java.sql.Date d) {
            w.date(d.toLocalDate());
        } else if (v instanceof java.util.Date d) {
            w.timestamp(d.toInstant());
        } else if (v instanceof byte[] b) {
            w.binary(b);
        } else if (v instanceof CharSequence || v instanceof Character || v instanceof UUID) {
            w.string(v.toString());
        } else if (v instanceof Enum<?> e) {
            w.string(e.name());
        } else if (v instanceof Optional<?> o) {
            encode(o.orElse(null), w, table, depth);
        } else if (v instanceof JsonNode n) {
            encodeJson(n, w, table, depth);
        } else if (v instanceof Map<?, ?>) {
            int inner = deeper(depth, v, table);
            w.beginMap();
            encodeFields(v, w, table, inner);
            w.endMap();
        } else if (v instanceof Collection<?> c) {
            int inner = deeper(depth, v, table);
            w.beginList(c.size());
            int i = 0;
            for (Object o : c) {
                encodeListItem(o, w, table, i++, inner);
            }
        } else if (v instanceof Object[] a) {
            int inner = deeper(depth, v, table);
            w.beginList(a.length);
            for (int i = 0; i < a.length; i++) {
                encodeListItem(a[i], w, table, i, inner);
            }
        } else if (v instanceof int[] || v instanceof long[] || v instanceof double[] || v instanceof float[]
                || v instanceof short[] || v instanceof boolean[] || v instanceof char[]) {
            int n = java.lang.reflect.Array.getLength(v);
            w.beginList(n);
            for (int i = 0; i < n; i++) {
                encode(java.lang.reflect.Array.get(v, i), w, table, depth);
            }
        } else if (v instanceof Iterable<?> it) {
            List<Object> copy = new ArrayList<>();
            it.forEach(copy::add);
            encode(copy, w, table, depth);
        } else if (v instanceof Number n) {
            w.decimal(new BigDecimal(n.toString()));
        } else {
            Accessor[] accessors = ACCESSORS.get(v.getClass());
            if (accessors.length == 0) {
                throw new UnsupportedValueException(table, "", v.getClass());
            }
            int inner = deeper(depth, v, table);
            w.beginMap();
            encodeFields(v, w, table, inner);
            w.endMap();
        }
    }

    private static void encodeListItem(Object o, RowFileWriter w, String table, int index, int depth) {
        try {
            encode(o, w, table, depth);
        } catch (UnsupportedValueException e) {
            throw e.under(table, "[" + index + "]");
        } catch (InvalidTextException e) {
            throw UnsupportedValueException.invalidText(table, "[" + index + "]", e);
        }
    }

    private static void encodeJson(JsonNode n, RowFileWriter w, String table, int depth) {
        switch (n.getNodeType()) {
            case NULL, MISSING -> w.nullValue();
            case BOOLEAN -> w.bool(n.booleanValue());
            case STRING -> w.string(n.textValue());
            case NUMBER -> {
                if (n.isIntegralNumber()) {
                    if (n.canConvertToLong()) {
                        w.longValue(n.longValue());
                    } else {
                        w.bigInteger(n.bigIntegerValue());
                    }
                } else if (n.isBigDecimal()) {
                    w.decimal(n.decimalValue());
                } else {
                    w.doubleValue(n.doubleValue());
                }
            }
            case BINARY -> {
                try {
                    w.binary(n.binaryValue());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            case ARRAY -> {
                int inner = deeper(depth, n, table);
                w.beginList(n.size());
                int i = 0;
                for (JsonNode e : n) {
                    encodeListItem(e, w, table, i++, inner);
                }
            }
            case OBJECT -> {
                int inner = deeper(depth, n, table);
                w.beginMap();
                encodeFields(n, w, table, inner);
                w.endMap();
            }
            case POJO -> encode(((com.fasterxml.jackson.databind.node.POJONode) n).getPojo(), w, table, depth);
        }
    }

    private static Accessor[] accessorsOf(Class<?> type) {
        String pkg = type.getPackageName();
        if (pkg.startsWith("java.") || pkg.startsWith("javax.") || pkg.startsWith("jdk.") || pkg.startsWith("sun.")) {
            return new Accessor[0];
        }
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        List<Accessor> out = new ArrayList<>();
        try {
            if (type.isRecord()) {
                for (RecordComponent rc : type.getRecordComponents()) {
                    Method m = rc.getAccessor();
                    m.setAccessible(true);
                    out.add(new Accessor(rc.getName(), handle(lookup, m), m.getReturnType()));
                }
                return out.toArray(new Accessor[0]);
            }
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0
                        || m.getDeclaringClass() == Object.class) {
                    continue;
                }
                String n = m.getName();
                String prop = null;
                if (n.startsWith("get") && n.length() > 3 && m.getReturnType() != void.class) {
                    prop = n.substring(3);
                } else if (n.startsWith("is") && n.length() > 2
                        && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) {
                    prop = n.substring(2);
                }
                if (prop != null) {
                    m.setAccessible(true);
                    String name = Character.toLowerCase(prop.charAt(0)) + prop.substring(1);
                    out.add(new Accessor(name, handle(lookup, m), m.getReturnType()));
                }
            }
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("cannot read the properties of " + type.getName() + ": " + e, e);
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out.toArray(new Accessor[0]);
    }

    private static MethodHandle handle(MethodHandles.Lookup lookup, Method m) throws IllegalAccessException {
        return lookup.unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
    }
}
