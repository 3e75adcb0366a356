package dev.dlt4j.normalize;

import dev.dlt4j.Column;
import java.util.Arrays;

/**
 * One row of one table as dlt's flattening builds it, before it is written: the values in the
 * order dlt's row dict holds them. Putting a name a second time keeps its first position and takes
 * the new value, as assigning to a Python dict does; that is how dlt resolves keys that normalize
 * to the same column name ({@code "a b"} / {@code "a_b"}) and how its system columns replace a
 * row's own {@code _dlt_*} keys.
 *
 * <p>Names are {@link Name} objects, one per distinct name in a normalizer, which carry their
 * position in the current row: finding a name costs no lookup. Reused for every row; not
 * thread-safe.
 */
final class FlatRow {
    /** A column name, canonical per normalizer, and where it sits in the current row. */
    static final class Name {
        final String value;
        /** Dense per normalizer (0, 1, 2, ...): indexes per-table caches of the column of this name. */
        final int id;
        private long row = -1;
        private int position;

        Name(String value, int id) {
            this.value = value;
            this.id = id;
        }
    }

    private Name[] names = new Name[16];
    private Object[] values = new Object[16];
    /** dlt's system column for a value dlt set, else null. */
    private Column[] system = new Column[16];
    /** The key as the input spelled it and the path of the object it was in, for warnings. */
    private String[] keys = new String[16];
    private String[] parents = new String[16];
    private int size;
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
    String put(Name name, Object value, String parent, String key) {
        if (name.row != row) {
            append(name, value, null, parent, key);
            return null;
        }
        int i = name.position;
        String replaced = origin(i);
        values[i] = value;
        system[i] = null;
        keys[i] = key;
        parents[i] = parent;
        return replaced;
    }

    /**
     * Puts dlt's value of the system column {@code column} named {@code name}; a data value of that
     * name is replaced in its position. Returns how the input spelled the key whose value it
     * replaced, or {@code null}.
     */
    String putSystem(Name name, Column column, Object value) {
        if (name.row != row) {
            append(name, value, column, null, null);
            return null;
        }
        int i = name.position;
        String replaced = system[i] == null ? origin(i) : null;
        values[i] = value;
        system[i] = column;
        return replaced;
    }

    /** The value put under {@code name} in this row; {@code null} when none (or a null value). */
    Object get(Name name) {
        return name.row == row ? values[name.position] : null;
    }

    int size() {
        return size;
    }

    String name(int i) {
        return names[i].value;
    }

    Name nameAt(int i) {
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

    private void append(Name name, Object value, Column column, String parent, String key) {
        if (size == names.length) {
            int n = size * 2;
            names = Arrays.copyOf(names, n);
            values = Arrays.copyOf(values, n);
            system = Arrays.copyOf(system, n);
            keys = Arrays.copyOf(keys, n);
            parents = Arrays.copyOf(parents, n);
        }
        name.row = row;
        name.position = size;
        names[size] = name;
        values[size] = value;
        system[size] = column;
        keys[size] = key;
        parents[size] = parent;
        size++;
    }
}
