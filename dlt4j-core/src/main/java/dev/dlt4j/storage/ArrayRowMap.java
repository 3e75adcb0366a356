package dev.dlt4j.storage;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A row of a {@code typed-rows} file as read: its keys and values in two arrays, in file order.
 * Read-only for its users (the reader fills it); {@code get} scans the keys, which beats hashing for
 * the few keys of a row, and nothing is hashed or boxed into entries when the normalizer walks it.
 * A file's map has unique keys (it was written from a {@code Map}), so no look-up is needed when
 * filling it. {@link RowFileReader#nextShared()} reuses one instance for the root rows of a file.
 */
final class ArrayRowMap extends AbstractMap<String, Object> {
    private String[] keys;
    private Object[] values;
    private int size;

    ArrayRowMap(int capacity) {
        keys = new String[Math.max(4, capacity)];
        values = new Object[keys.length];
    }

    /** Appends a key read from the file (never one already in this row). */
    void add(String key, Object value) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size++] = value;
    }

    /** Empties the row for the next one; drops the values so that they can be collected. */
    void reset() {
        Arrays.fill(values, 0, size, null);
        Arrays.fill(keys, 0, size, null);
        size = 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < size; i++) {
            // the reader's keys are dictionary instances: identity finds them before equals is needed
            if (keys[i] == key || keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
