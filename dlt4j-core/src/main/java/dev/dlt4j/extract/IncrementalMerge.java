package dev.dlt4j.extract;

import dev.dlt4j.LastValueFunc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges the {@code incremental} entries that several partitions of a split run wrote for one
 * resource (dlt4j-spark's committer): each partition extracted a disjoint part (a {@code [start, end)}
 * window of the cursor, a key range, some files) from the same start, so the run's cursor ends on the
 * last of the partitions' last values by the cursor's {@code last_value_func}, with the boundary
 * hashes of the partition that holds it; partitions that end on the same value add their hashes.
 * "The later partition wins" would be wrong whenever a later partition saw no rows or earlier
 * values ({@code min}). Stateless; any thread.
 */
public final class IncrementalMerge {
    private static final String LAST_VALUE = "last_value";
    private static final String HASHES = "unique_hashes";

    private IncrementalMerge() {
    }

    /**
     * The resource's {@code incremental} entry after {@code part}, given what earlier partitions made
     * of it ({@code acc}) and the entry every partition started from ({@code base}); each is a map of
     * cursor path to entry, or null when absent.
     *
     * @param functions the cursor's {@code last_value_func} name per cursor path ({@code max},
     *        {@code min} or a custom function's name)
     * @throws IllegalStateException when two partitions moved a cursor of a custom function, which the
     *         committer cannot compare, naming the resource, the cursor and the function
     */
    public static Map<String, Object> merge(String resource, Object acc, Object part, Object base,
            Map<String, String> functions) {
        Map<String, Object> out = new LinkedHashMap<>(asMap(acc));
        Map<String, Object> was = asMap(base);
        for (Map.Entry<String, Object> e : asMap(part).entrySet()) {
            String cursor = e.getKey();
            Object mine = e.getValue();
            if (Objects.equals(mine, was.get(cursor))) {
                continue; // this partition left the cursor as it was
            }
            Object theirs = out.get(cursor);
            if (theirs == null || Objects.equals(theirs, was.get(cursor))) {
                out.put(cursor, mine); // the first partition that moved it
                continue;
            }
            String function = functions.getOrDefault(cursor, "max");
            out.put(cursor, later(resource, cursor, function, asMap(theirs), asMap(mine), asMap(was.get(cursor))));
        }
        return out;
    }

    /** Of two entries of one cursor, the one with the later last value (per parent key for a per-parent one). */
    private static Map<String, Object> later(String resource, String cursor, String function,
            Map<String, Object> a, Map<String, Object> b, Map<String, Object> base) {
        if (a.get(ResourceIncremental.PARENTS) instanceof Map<?, ?> || b.get(ResourceIncremental.PARENTS) instanceof Map<?, ?>) {
            Map<String, Object> out = new LinkedHashMap<>(a);
            Map<String, Object> parents = new LinkedHashMap<>(asMap(a.get(ResourceIncremental.PARENTS)));
            Map<String, Object> wasParents = asMap(base.get(ResourceIncremental.PARENTS));
            asMap(b.get(ResourceIncremental.PARENTS)).forEach((key, entry) -> {
                Object theirs = parents.get(key);
                if (Objects.equals(entry, wasParents.get(key))) {
                    return;
                }
                parents.put(key, theirs == null || Objects.equals(theirs, wasParents.get(key)) ? entry
                        : later(resource, cursor + " (parent " + key + ")", function, asMap(theirs), asMap(entry),
                                asMap(wasParents.get(key))));
            });
            out.put(ResourceIncremental.PARENTS, parents);
            return out;
        }
        Object va = CursorValues.fromJson(a.get(LAST_VALUE));
        Object vb = CursorValues.fromJson(b.get(LAST_VALUE));
        if (va == null) {
            return b;
        }
        if (vb == null) {
            return a;
        }
        LastValueFunc f = switch (function) {
            case "max" -> LastValueFunc.MAX;
            case "min" -> LastValueFunc.MIN;
            default -> throw new IllegalStateException("resource " + resource + ": two partitions moved incremental '"
                    + cursor + "' (last values " + va + " and " + vb + "), whose last value function " + function
                    + " the committer cannot compare; split runs merge cursors of max or min only");
        };
        int c = f.compare(va, vb);
        if (c != 0) {
            return c > 0 ? a : b;
        }
        Map<String, Object> out = new LinkedHashMap<>(a);
        LinkedHashSet<Object> hashes = new LinkedHashSet<>(list(a.get(HASHES)));
        hashes.addAll(list(b.get(HASHES)));
        out.put(HASHES, new ArrayList<>(hashes));
        return out;
    }

    private static List<?> list(Object v) {
        return v instanceof List<?> l ? l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
