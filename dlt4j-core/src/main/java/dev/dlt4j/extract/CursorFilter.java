package dev.dlt4j.extract;

import dev.dlt4j.Incremental;
import dev.dlt4j.IncrementalCursor;
import dev.dlt4j.LastValueFunc;
import dev.dlt4j.OnCursorValueMissing;
import dev.dlt4j.RangeBound;
import dev.dlt4j.RowOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One incremental cursor in one run (dlt's {@code JsonIncremental} with the state handling of
 * {@code Incremental.__call__}): filters each page of a resource by the cursor value of its rows,
 * moves the last value, and keeps the hashes of the rows at the last value for the next run's
 * boundary deduplication, at most {@code maxHashes} of them. {@link #filter} runs on the extracting
 * thread only; the {@link IncrementalCursor} getters may be read from any thread.
 */
final class CursorFilter implements IncrementalCursor {
    private final ResourceIncremental owner;
    private final Incremental inc;
    private final LastValueFunc func;
    private final String[] path;
    private final Object parentKey;
    /** The key hashed for deduplication (empty: the whole row); null when deduplication is off. */
    private final List<String> dedupKey;
    private final Object initialValue;
    /** The state's last value before this run (null when none), to keep the cursor forward-only with a lag. */
    private Object storedLastValue;
    private Object startValue;
    /** The last value, moved row by row on the extracting thread. */
    private Object lastValue;
    /** {@link #lastValue} as of the end of the last page, for the resource's threads (one volatile write per page). */
    private volatile Object publishedLastValue;
    /** Start and end as the resource's threads read them (the fields above may be adapted by the first row). */
    private volatile Object publishedStart;
    private volatile Object publishedEnd;
    private Object endValue;
    private final Set<String> startHashes;
    /** Hashes of the rows at the current last value, in the order they came; at most maxHashes. */
    private final Set<String> hashes;
    /** Rows of the current page at the current last value: hashed when the page is done (dlt's last_rows). */
    private final List<Object> pageLastRows = new ArrayList<>();
    private boolean adapted;
    private boolean startOutOfRange;
    private boolean endOutOfRange;
    /** Set by the last {@link #filter} when a row was out of range in the declared row order. */
    private boolean stop;
    /** A row at the last value found the boundary hashes full since the last page ended. */
    private boolean overflow;
    private boolean seenRows;
    private long rows;

    /**
     * @param state the stored entry {@code incremental.<cursor_path>} (or the parent's entry under it);
     *     empty on a first run, ignored for a stateless run
     */
    CursorFilter(ResourceIncremental owner, Object parentKey, Map<String, Object> state) {
        this.owner = owner;
        this.inc = owner.incremental();
        this.func = inc.lastValueFunc();
        this.path = inc.cursorPath().split("\\.");
        this.parentKey = parentKey;
        this.initialValue = inc.initialValue().orElse(null);
        boolean stateless = inc.isStateless();
        boolean dedupOff = inc.rangeStart() == RangeBound.OPEN || stateless
                || (inc.lag().isPresent() && inc.lag().getAsDouble() > 0 && func.isMinOrMax())
                || owner.dedupKey().isEmpty();
        this.dedupKey = dedupOff ? null : owner.dedupKey().get();
        Object stored = null;
        Set<String> storedHashes = new LinkedHashSet<>();
        if (!stateless && !state.isEmpty()) {
            stored = CursorValues.asTypeOf(CursorValues.fromJson(state.get("last_value")), initialValue);
            if (state.get("unique_hashes") instanceof List<?> l) {
                for (Object h : l) {
                    storedHashes.add(String.valueOf(h));
                }
            }
        } else {
            stored = initialValue;
        }
        this.storedLastValue = stateless || state.isEmpty() ? null : stored;
        Object start = stored;
        if (!stateless && stored != null && inc.lag().isPresent() && func.isMinOrMax()) {
            start = CursorValues.applyLag(inc.lag().getAsDouble(), stored, initialValue, func);
        }
        this.startValue = start;
        this.lastValue = start;
        this.publishedLastValue = start;
        this.publishedStart = start;
        this.endValue = inc.endValue().orElse(null);
        this.publishedEnd = endValue;
        if (storedHashes.size() > owner.maxHashes()) { // stored under a larger bound: keep the first ones
            Set<String> first = new LinkedHashSet<>();
            for (String h : storedHashes) {
                if (first.size() == owner.maxHashes()) {
                    break;
                }
                first.add(h);
            }
            storedHashes = first;
        }
        this.startHashes = storedHashes;
        this.hashes = new LinkedHashSet<>(storedHashes);
    }

    /**
     * Filters one item: a page ({@code List}) row by row, or a single row. Returns what is kept: the
     * row, a page of the kept rows, or null when nothing is (an empty page is passed on as it is).
     * Afterwards {@link #outOfRangeInOrder()} tells whether the declared row order lets the resource stop.
     *
     * @throws ExtractFailure for a row without a cursor value under {@code raise}, or a cursor value
     *     that cannot be compared with the cursor's, naming the resource, the row and the values
     */
    Object filter(Object item, long position) {
        stop = false;
        Object out;
        if (item instanceof List<?> page) {
            if (page.isEmpty()) {
                return page;
            }
            List<Object> kept = new ArrayList<>(page.size());
            int index = 0;
            for (Object row : page) {
                index++;
                if (row == null) {
                    continue;
                }
                if (keep(row, position, index)) {
                    kept.add(row);
                }
                // dlt closes the resource at the first out-of-range row; the page itself is filtered in full
                stop |= rowOutOfRangeInOrder();
            }
            out = kept.isEmpty() ? null : kept.size() == page.size() ? page : kept;
        } else if (item instanceof dev.dlt4j.ColumnPage page) {
            // a typed page is filtered row by row like a list page; the kept rows make a page of the same columns
            int n = page.rowCount();
            int[] kept = new int[n];
            int count = 0;
            for (int r = 0; r < n; r++) {
                if (keep(new PageRow(page, r), position, r + 1)) {
                    kept[count++] = r;
                }
                stop |= rowOutOfRangeInOrder();
            }
            out = count == 0 && n > 0 ? null : count == n ? page : PageRow.select(page, kept, count);
        } else {
            out = keep(item, position, 0) ? item : null;
            stop = rowOutOfRangeInOrder();
        }
        endPage();
        return out;
    }

    /** True when the declared row order says no later row can be in range (dlt's {@code can_close}). */
    boolean outOfRangeInOrder() {
        return stop;
    }

    private boolean rowOutOfRangeInOrder() {
        Optional<RowOrder> order = inc.rowOrder();
        return order.isPresent() && (order.get() == RowOrder.ASC ? endOutOfRange : startOutOfRange);
    }

    private boolean keep(Object row, long position, int index) {
        rows++;
        startOutOfRange = false;
        endOutOfRange = false;
        Object v = read(row, position, index);
        if (v == ValueEncoder.MISSING) {
            return inc.onCursorValueMissing() == OnCursorValueMissing.INCLUDE;
        }
        if (!adapted) {
            adapt(v);
        }
        if (endValue != null) {
            int c = compare(v, endValue, "end value", position, index);
            if (c > 0 || (c == 0 && inc.rangeEnd() == RangeBound.OPEN)) {
                endOutOfRange = true;
                return false;
            }
        }
        seenRows = true;
        Object last = lastValue;
        int toLast = last == null ? 1 : compare(v, last, "last value", position, index);
        if (toLast <= 0) {
            boolean atLast = toLast == 0;
            if (startValue != null) {
                int s = compare(v, startValue, "start value", position, index);
                if (s < 0 || (s == 0 && inc.rangeStart() == RangeBound.OPEN)) {
                    startOutOfRange = true;
                    return false;
                }
                if (s == 0 && dedupKey != null && !startHashes.isEmpty()
                        && startHashes.contains(hash(row, position, index))) {
                    startOutOfRange = true;
                    return false;
                }
            }
            if (atLast && dedupKey != null) {
                if (hashes.size() + pageLastRows.size() < owner.maxHashes()) {
                    pageLastRows.add(row);
                } else {
                    overflow = true; // beyond the bound: not hashed at all (the cheap path for huge boundaries)
                }
            }
        } else {
            lastValue = v;
            if (dedupKey != null) {
                hashes.clear();
                pageLastRows.clear();
                pageLastRows.add(row);
                overflow = false;
            }
        }
        return true;
    }

    /** dlt's end of {@code __call__}: the rows at the last value join the boundary hashes, within the bound. */
    private void endPage() {
        publishedLastValue = lastValue;
        if (dedupKey == null) {
            return;
        }
        for (Object row : pageLastRows) {
            hashes.add(hash(row, 0, 0)); // fits: rows were only collected while there was room
        }
        pageLastRows.clear();
        if (overflow) {
            overflow = false;
            owner.tooManyHashes(this, hashes.size());
        }
    }

    private String hash(Object row, long position, int index) {
        try {
            return owner.hasher().of(row, dedupKey);
        } catch (IllegalArgumentException e) {
            throw new ExtractFailure(owner.resourceName(), position, "incremental '" + inc.cursorPath() + "': "
                    + where(index) + e.getMessage() + "; set the incremental's primaryKey(...) to columns every row"
                    + " has, or withoutDeduplication()", e);
        }
    }

    /** The row's cursor value, or MISSING for a row to include or exclude; raises under {@code raise}. */
    private Object read(Object row, long position, int index) {
        Object v = row;
        for (int i = 0; i < path.length; i++) {
            v = ValueEncoder.property(v, path[i]);
            if (v == ValueEncoder.MISSING || v == null) {
                if (inc.onCursorValueMissing() == OnCursorValueMissing.RAISE) {
                    String what = v == null ? "has null at" : "has no";
                    String detail = path.length == 1 ? "" : " (" + (v == null ? "'" : "no key '") + path[i] + "'"
                            + (v == null ? " is null" : "") + (i == 0 ? "" : " under '" + String.join(".",
                                    java.util.Arrays.copyOf(path, i)) + "'") + ")";
                    throw new ExtractFailure(owner.resourceName(), position, "resource " + owner.resourceName()
                            + ": " + where(index) + what + " cursor path '" + inc.cursorPath() + "'" + detail
                            + "; set onCursorValueMissing(INCLUDE) to keep such rows or EXCLUDE to drop them", null);
                }
                return ValueEncoder.MISSING;
            }
        }
        return v;
    }

    private String where(int index) {
        return (index > 0 ? "row " + index + " of the page" : "the row") + (parentKey == null ? " "
                : " (parent " + owner.perParentKey() + "=" + parentKey + ") ");
    }

    /**
     * The first row value decides the kind of the cursor: values read from the state as text become
     * that type, and a timestamp with a time zone is matched to one without (or back), with a warning.
     */
    private void adapt(Object v) {
        adapted = true;
        Object typed = CursorValues.asTypeOf(startValue, v);
        Object start = CursorValues.adaptZone(typed, v);
        if (start != typed) {
            owner.warnZone(typed, v);
        }
        Object last = CursorValues.adaptZone(CursorValues.asTypeOf(lastValue, v), v);
        Object end = CursorValues.adaptZone(CursorValues.asTypeOf(endValue, v), v);
        storedLastValue = CursorValues.adaptZone(CursorValues.asTypeOf(storedLastValue, v), v);
        startValue = start;
        lastValue = last;
        endValue = end;
        publishedStart = start;
        publishedEnd = end;
    }

    private int compare(Object row, Object cursor, String what, long position, int index) {
        try {
            return func.compare(row, cursor);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ExtractFailure(owner.resourceName(), position, "resource " + owner.resourceName()
                    + ": incremental '" + inc.cursorPath() + "': " + where(index) + "has the cursor value "
                    + CursorValues.describe(row) + ", which cannot be compared with the " + what + " "
                    + CursorValues.describe(cursor) + "; a cursor's values must all be of one kind (numbers,"
                    + " timestamps, dates or strings): convert them with map(...) before the incremental", e);
        }
    }

    /**
     * This cursor's entry in the state (dlt's {@code IncrementalColumnState}): {@code initial_value},
     * {@code last_value} (never behind the stored one, also with a lag), {@code unique_hashes} and
     * {@code start_value}.
     */
    Map<String, Object> state() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("initial_value", CursorValues.toJson(initialValue));
        out.put("last_value", CursorValues.toJson(finalLastValue()));
        out.put("unique_hashes", dedupKey == null ? List.of() : List.copyOf(hashes));
        out.put("start_value", CursorValues.toJson(storedLastValue != null ? storedLastValue : initialValue));
        return out;
    }

    /** The last value to store: this run's, never behind the stored one (a lag re-reads, it does not go back). */
    Object finalLastValue() {
        Object last = lastValue;
        if (storedLastValue != null && last != null) {
            return func.later(last, storedLastValue);
        }
        return last == null ? storedLastValue : last;
    }

    /** Rows this cursor looked at. */
    long rows() {
        return rows;
    }

    boolean seenRows() {
        return seenRows;
    }

    @Override
    public String cursorPath() {
        return inc.cursorPath();
    }

    @Override
    public Optional<Object> startValue() {
        return Optional.ofNullable(publishedStart);
    }

    @Override
    public Optional<Object> lastValue() {
        return Optional.ofNullable(publishedLastValue);
    }

    @Override
    public Optional<Object> initialValue() {
        return Optional.ofNullable(initialValue);
    }

    @Override
    public Optional<Object> endValue() {
        return Optional.ofNullable(publishedEnd);
    }

    @Override
    public Optional<RowOrder> rowOrder() {
        return inc.rowOrder();
    }

    @Override
    public RangeBound rangeStart() {
        return inc.rangeStart();
    }

    @Override
    public RangeBound rangeEnd() {
        return inc.rangeEnd();
    }

    @Override
    public LastValueFunc lastValueFunc() {
        return func;
    }

    @Override
    public Optional<Object> parentKey() {
        return Optional.ofNullable(parentKey);
    }

    @Override
    public List<String> primaryKey() {
        return owner.dedupKey().orElse(List.of());
    }

    @Override
    public OnCursorValueMissing onCursorValueMissing() {
        return inc.onCursorValueMissing();
    }

    @Override
    public String toString() {
        return "cursor '" + inc.cursorPath() + "' of resource " + owner.resourceName()
                + (parentKey == null ? "" : " for parent " + parentKey) + ": start " + startValue + ", last "
                + publishedLastValue + (endValue == null ? "" : ", end " + endValue);
    }
}
