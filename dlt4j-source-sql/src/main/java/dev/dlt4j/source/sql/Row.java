package dev.dlt4j.source.sql;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One row of a page: the values in column order over column names shared by every row of the
 * table, so a row costs one array, not a hash map. Read-only; iterates in column order, nulls
 * included (a column with no value is still a column, as in dlt's rows from SQLAlchemy).
 */
final class Row extends AbstractMap<String, Object> {
    /** The column names and their positions, shared by all rows of one table. */
    record Keys(String[] names, Map<String, Integer> index) {
        static Keys of(String[] names) {
            Map<String, Integer> index = new java.util.HashMap<>();
            for (int i = 0; i < names.length; i++) {
                index.put(names[i], i);
            }
            return new Keys(names, Map.copyOf(index));
        }
    }

    private final Keys keys;
    private final Object[] values;

    Row(Keys keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    @Override
    public Object get(Object key) {
        Integer i = keys.index().get(key);
        return i == null ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return keys.index().containsKey(key);
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (i >= values.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> e = new SimpleImmutableEntry<>(keys.names()[i], values[i]);
                        i++;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}
