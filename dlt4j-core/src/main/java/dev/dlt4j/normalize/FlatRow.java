package dev.dlt4j.normalize;

import dev.dlt4j.schema.Column;
import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * One row of one table as dlt's flattening builds it, before it is written: the values in the
 * order dlt's row dict holds them. Putting a name a second time keeps its first position and takes
 * the new value, as assigning to a Python dict does; that is how dlt resolves keys that normalize
 * to the same column name ({@code "a b"} / {@code "a_b"}) and how its system columns replace a
 * row's own {@code _dlt_*} keys.
 *
 * <p>Names must be canonical instances (one {@code String} per distinct name in a normalizer), so
 * that a name is found by identity. Reused for every row; not thread-safe.
 */
final class FlatRow {
    private String[] names = new String[16];
    private Object[] values = new Object[16];
    /** dlt's system column for a value dlt set, else null. */
    private Column[] system = new Column[16];
    /** The key as the input spelled it and the path of the object it was in, for warnings. */
    private String[] keys = new String[16];
    private String[] parents = new String[16];
    private int size;
    /** Per name: {row stamp, position}; a stamp other than the current row's means "not in this row". */
    private final IdentityHashMap<String, long[]> slots = new IdentityHashMap<>();
    private long row;

    void clear() {
        Arrays.fill(values, 0, size, null);
        size = 0;
        row++;
    }

    /**
     * Puts a data value found under {@code key} in the object at path {@code parent} ({@code null}
     * at the top). Returns how the input spelled the key whose value it replaced, or {@code null}.
     */
    String put(String name, Object value, String parent, String key) {
        int i = position(name);
        if (i < 0) {
            append(name, value, null, parent, key);
            return null;
        }
        String replaced = origin(i);
        values[i] = value;
        system[i] = null;
        keys[i] = key;
        parents[i] = parent;
        return replaced;
    }

    /**
     * Puts dlt's value of a system column; a data value of that name is replaced in its position.
     * Returns how the input spelled the key whose value it replaced, or {@code null}.
     */
    String putSystem(Column column, Object value) {
        int i = position(column.name());
        if (i < 0) {
            append(column.name(), value, column, null, null);
            return null;
        }
        String replaced = system[i] == null ? origin(i) : null;
        values[i] = value;
        system[i] = column;
        return replaced;
    }

    /** The value put under {@code name} in this row; {@code null} when none (or a null value). */
    Object get(String name) {
        int i = position(name);
        return i < 0 ? null : values[i];
    }

    int size() {
        return size;
    }

    String name(int i) {
        return names[i];
    }

    Object value(int i) {
        return values[i];
    }

    Column system(int i) {
        return system[i];
    }

    /** How the input spelled the key at position {@code i}: {@code a.b} for key b of the object at a. */
    private String origin(int i) {
        return parents[i] == null ? keys[i] : parents[i] + "." + keys[i];
    }

    private int position(String name) {
        long[] slot = slots.get(name);
        return slot != null && slot[0] == row ? (int) slot[1] : -1;
    }

    private void append(String name, Object value, Column column, String parent, String key) {
        if (size == names.length) {
            int n = size * 2;
            names = Arrays.copyOf(names, n);
            values = Arrays.copyOf(values, n);
            system = Arrays.copyOf(system, n);
            keys = Arrays.copyOf(keys, n);
            parents = Arrays.copyOf(parents, n);
        }
        long[] slot = slots.get(name);
        if (slot == null) {
            slot = new long[2];
            slots.put(name, slot);
        }
        slot[0] = row;
        slot[1] = size;
        names[size] = name;
        values[size] = value;
        system[size] = column;
        keys[size] = key;
        parents[size] = parent;
        size++;
    }
}
