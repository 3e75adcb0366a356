package dev.dlt4j.extract;

import dev.dlt4j.Incremental;
import dev.dlt4j.IncrementalCursor;
import dev.dlt4j.Resource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Incremental} of one resource bound to one run: its stored entry
 * {@code incremental.<cursor_path>} of the resource state, the cursor (or, with
 * {@link Incremental#perParent}, one cursor per parent key, stored under
 * {@code incremental.<cursor_path>.parents.<key>}), and the entry to store after the run. Cursors
 * are made and filter on the extracting thread; {@link #state()} is read after the pipe is closed.
 */
final class ResourceIncremental {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceIncremental.class);
    static final String INCREMENTAL = "incremental";
    static final String PARENTS = "parents";

    private final String resourceName;
    private final Incremental incremental;
    private final Optional<List<String>> dedupKey;
    private final int maxHashes;
    private final Map<String, Object> stored;
    private final CursorFilter single; // null for a per-parent incremental
    private final Map<String, CursorFilter> parents = new LinkedHashMap<>();
    private boolean warnedHashes;
    private boolean warnedZone;

    /**
     * @param resourceState the resource's state as the run starts (its {@code incremental} entry is read)
     * @param maxHashes {@code [extract] incremental_max_boundary_hashes}
     */
    ResourceIncremental(Resource resource, Map<String, Object> resourceState, int maxHashes) {
        this.resourceName = resource.name();
        this.incremental = resource.incremental().orElseThrow();
        this.maxHashes = maxHashes;
        // the incremental's key wins over the resource's; none: the whole row; an empty one: no deduplication
        List<String> key = incremental.primaryKey().orElse(resource.primaryKey());
        this.dedupKey = incremental.primaryKey().isPresent() && key.isEmpty() ? Optional.empty() : Optional.of(key);
        this.stored = entry(resourceState, incremental.cursorPath());
        this.single = incremental.perParent().isPresent() ? null : new CursorFilter(this, null, stored);
    }

    private static Map<String, Object> entry(Map<String, Object> state, String key) {
        Object inc = state.get(INCREMENTAL);
        if (inc instanceof Map<?, ?> m && m.get(key) instanceof Map<?, ?> e) {
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) e;
            return out;
        }
        return Map.of();
    }

    /** The cursor for a parent key (null: the resource's one cursor). */
    CursorFilter cursor(Object parentKey) {
        if (single != null) {
            return single;
        }
        String key = String.valueOf(parentKey);
        return parents.computeIfAbsent(key, k -> new CursorFilter(this, parentKey, entry(stored, PARENTS, k)));
    }

    private static Map<String, Object> entry(Map<String, Object> stored, String parentsKey, String key) {
        if (stored.get(parentsKey) instanceof Map<?, ?> m && m.get(key) instanceof Map<?, ?> e) {
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) e;
            return out;
        }
        return Map.of();
    }

    /** The cursor a resource reads through its context; empty for a per-parent incremental (read per parent). */
    Optional<IncrementalCursor> resourceCursor() {
        return Optional.ofNullable(single);
    }

    boolean perParent() {
        return single == null;
    }

    String perParentKey() {
        return incremental.perParent().orElse("");
    }

    Incremental incremental() {
        return incremental;
    }

    String resourceName() {
        return resourceName;
    }

    Optional<List<String>> dedupKey() {
        return dedupKey;
    }

    int maxHashes() {
        return maxHashes;
    }

    /** Called when a cursor's boundary hashes reached the bound: one warning per resource and run. */
    void tooManyHashes(CursorFilter cursor, int count) {
        if (warnedHashes) {
            return;
        }
        warnedHashes = true;
        LOG.warn("resource {}: more than {} rows share the cursor value {} of incremental '{}'; only the hashes of the"
                + " first {} are kept for boundary deduplication ([extract] incremental_max_boundary_hashes), so rows"
                + " at that value beyond them can load again next run. Give the resource a primary key and write"
                + " disposition merge (duplicates then merge away), or use a lag, or a cursor of finer resolution.",
                resourceName, maxHashes, cursor.lastValue().orElse(null), incremental.cursorPath(), count);
    }

    void warnZone(Object cursorValue, Object rowValue) {
        if (!warnedZone) {
            warnedZone = true;
            LOG.warn("resource {}: the cursor value {} and the row value {} of incremental '{}' differ in time zone"
                    + " awareness; the cursor value is corrected to the row's kind (the data wins), as dlt does",
                    resourceName, CursorValues.describe(cursorValue), CursorValues.describe(rowValue),
                    incremental.cursorPath());
        }
    }

    /**
     * The entry {@code incremental.<cursor_path>} to store, or empty for a stateless run (an end
     * value) which leaves the state as it was.
     */
    Optional<Map<String, Object>> state() {
        if (incremental.isStateless()) {
            return Optional.empty();
        }
        if (single != null) {
            return Optional.of(single.state());
        }
        Map<String, Object> out = new LinkedHashMap<>(stored);
        Map<String, Object> all = new LinkedHashMap<>();
        if (stored.get(PARENTS) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> all.put(String.valueOf(k), v));
        }
        parents.forEach((k, c) -> all.put(k, c.state()));
        out.put(PARENTS, all);
        return Optional.of(out);
    }

    /** Start and end of each cursor of this run, for the trace: {@code {start_value, last_value}} per cursor. */
    Map<String, Object> traceEntry() {
        if (single != null) {
            return cursorTrace(single);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        parents.forEach((k, c) -> out.put(k, cursorTrace(c)));
        return Collections.singletonMap(PARENTS, out);
    }

    private static Map<String, Object> cursorTrace(CursorFilter c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("start_value", CursorValues.toText(c.startValue().orElse(null)));
        out.put("end_value", CursorValues.toText(c.finalLastValue()));
        return out;
    }
}
