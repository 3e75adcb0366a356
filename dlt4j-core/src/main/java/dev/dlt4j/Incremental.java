package dev.dlt4j;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An incremental cursor on a resource (dlt's {@code dlt.sources.incremental}): the extract stage
 * reads the cursor value of every row, drops the rows outside {@code [start, end)}, and stores the
 * last value seen under {@code sources.<source>.resources.<resource>.incremental.<cursor_path>} of
 * the pipeline state, with dlt's keys {@code initial_value}, {@code last_value} and
 * {@code unique_hashes}. The next run starts from that value, so each run loads only what is new.
 * The state is committed with the run's load package: a run that never loads never moves the cursor.
 *
 * <pre>{@code
 * Resource orders = Resource.of("orders", ctx -> {
 *     Object since = ctx.incremental().flatMap(IncrementalCursor::startValue).orElseThrow();
 *     return api.ordersUpdatedSince(since);                    // pushes the cursor into the request
 * }).incremental(Incremental.on("updated_at").initial(Instant.parse("2024-01-01T00:00:00Z")))
 *   .primaryKey("id");
 * }</pre>
 *
 * <p>Rows equal to the start value are loaded again unless they were loaded by an earlier run: the
 * state keeps a 128-bit hash of the primary key (or of the whole row) of each row at the last value,
 * at most {@code [extract] incremental_max_boundary_hashes} of them (see {@code docs/incremental.md}).
 *
 * <p>Immutable: every method returns a new incremental; any thread. Settings that contradict each
 * other (an end value without an initial one, a lag with a custom last value function) are refused
 * by {@link Resource#incremental(Incremental)}, naming the resource.
 */
public final class Incremental {
    private final String cursorPath;
    private final Object initialValue;
    private final Object endValue;
    private final LastValueFunc lastValueFunc;
    private final List<String> primaryKey; // null: the resource's primary key
    private final RowOrder rowOrder;
    private final OnCursorValueMissing onCursorValueMissing;
    private final Double lag;
    private final RangeBound rangeStart;
    private final RangeBound rangeEnd;
    private final String perParent;

    private Incremental(String cursorPath, Object initialValue, Object endValue, LastValueFunc lastValueFunc,
            List<String> primaryKey, RowOrder rowOrder, OnCursorValueMissing onCursorValueMissing, Double lag,
            RangeBound rangeStart, RangeBound rangeEnd, String perParent) {
        this.cursorPath = cursorPath;
        this.initialValue = initialValue;
        this.endValue = endValue;
        this.lastValueFunc = lastValueFunc;
        this.primaryKey = primaryKey;
        this.rowOrder = rowOrder;
        this.onCursorValueMissing = onCursorValueMissing;
        this.lag = lag;
        this.rangeStart = rangeStart;
        this.rangeEnd = rangeEnd;
        this.perParent = perParent;
    }

    /**
     * An incremental on a cursor path: a top-level key ({@code "updated_at"}) or a nested path of
     * keys separated by dots ({@code "meta.updated_at"}); a leading {@code "$."} (JSONPath) is
     * accepted and ignored. Defaults as dlt's: {@code max}, {@code [start, end)}, {@code raise}.
     */
    public static Incremental on(String cursorPath) {
        if (cursorPath == null || cursorPath.isBlank()) {
            throw new IllegalArgumentException("an incremental needs a non-blank cursor path, got '" + cursorPath + "'");
        }
        String path = cursorPath.strip();
        if (path.startsWith("$.")) {
            path = path.substring(2);
        }
        for (String part : path.split("\\.", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("cursor path '" + cursorPath + "' has an empty part; write keys"
                        + " separated by single dots, e.g. 'meta.updated_at'");
            }
            if (part.contains("[") || part.contains("*") || part.contains("$")) {
                throw new IllegalArgumentException("cursor path '" + cursorPath + "': only keys separated by dots are"
                        + " supported (e.g. 'meta.updated_at'), not JSONPath wildcards, indexes or filters; map the"
                        + " value to a key of its own with Resource.map(...) first");
            }
        }
        return new Incremental(path, null, null, LastValueFunc.MAX, null, null, OnCursorValueMissing.RAISE, null,
                RangeBound.CLOSED, RangeBound.OPEN, null);
    }

    /**
     * The value the first run starts from (dlt's {@code initial_value}), e.g. an {@code Instant}, a
     * {@code LocalDate}, a number or a string of the cursor column's type; once a run stored a last
     * value, that one wins.
     */
    public Incremental initial(Object value) {
        return new Incremental(cursorPath, Objects.requireNonNull(value, "initial value"), endValue, lastValueFunc,
                primaryKey, rowOrder, onCursorValueMissing, lag, rangeStart, rangeEnd, perParent);
    }

    /**
     * The end of the range (dlt's {@code end_value}); requires an initial value. A run with an end
     * value is stateless: it reads {@code [initial, end)}, stores nothing and ignores the stored
     * cursor, so windows of a backfill can run in any order or in parallel processes.
     */
    public Incremental end(Object value) {
        return new Incremental(cursorPath, initialValue, Objects.requireNonNull(value, "end value"), lastValueFunc,
                primaryKey, rowOrder, onCursorValueMissing, lag, rangeStart, rangeEnd, perParent);
    }

    /** Which value is the last one: {@link LastValueFunc#MAX} (default), {@code MIN} or custom. */
    public Incremental lastValueFunc(LastValueFunc value) {
        return new Incremental(cursorPath, initialValue, endValue, Objects.requireNonNull(value, "lastValueFunc"),
                primaryKey, rowOrder, onCursorValueMissing, lag, rangeStart, rangeEnd, perParent);
    }

    /**
     * The key that identifies a row for boundary deduplication (names as in the data); wins over the
     * resource's primary key, which is used when this is not set. Without either the whole row is hashed.
     */
    public Incremental primaryKey(String... keys) {
        List<String> copy = List.of(keys);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("primaryKey needs at least one column; to switch boundary"
                    + " deduplication off use withoutDeduplication()");
        }
        return new Incremental(cursorPath, initialValue, endValue, lastValueFunc, copy, rowOrder,
                onCursorValueMissing, lag, rangeStart, rangeEnd, perParent);
    }

    /** No boundary deduplication (dlt's {@code primary_key=()}): rows equal to the start value are loaded again. */
    public Incremental withoutDeduplication() {
        return new Incremental(cursorPath, initialValue, endValue, lastValueFunc, List.of(), rowOrder,
                onCursorValueMissing, lag, rangeStart, rangeEnd, perParent);
    }

    /** Declares the order of the cursor values so that the extract stops at the first row out of range. */
    public Incremental rowOrder(RowOrder value) {
        return new Incremental(cursorPath, initialValue, endValue, lastValueFunc, primaryKey,
                Objects.requireNonNull(value, "rowOrder"), onCursorValueMissing, lag, rangeStart, rangeEnd, perParent);
    }

    /** What to do with a row without a cursor value: raise (default), include or exclude it. */
    public Incremental onCursorValueMissing(OnCursorValueMissing value) {
        return new Incremental(cursorPath, initialValue, endValue, lastValueFunc, primaryKey, rowOrder,
                Objects.requireNonNull(value, "onCursorValueMissing"), lag, rangeStart, rangeEnd, perParent);
    }

    /**
     * Starts each run {@code lag} before the stored last value (seconds for timestamps, days for
     * dates, units for numbers; never before the initial value) to re-read rows that arrived late.
     * Boundary deduplication is off with a lag: pair it with write disposition {@code merge}. Only
     * with {@code MAX}/{@code MIN}; ignored by a run with an end value.
     */
    public Incremental lag(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("lag must be a finite number of seconds, days or units >= 0, got "
                    + value);
        }
        return new Incremental(cursorPath, initialValue, endValue, lastValueFunc, primaryKey, rowOrder,
                onCursorValueMissing, value, rangeStart, rangeEnd, perParent);
    }

    /** Whether rows equal to the start value are in the range (default {@link RangeBound#CLOSED}). */
    public Incremental rangeStart(RangeBound value) {
        return new Incremental(cursorPath, initialValue, endValue, lastValueFunc, primaryKey, rowOrder,
                onCursorValueMissing, lag, Objects.requireNonNull(value, "rangeStart"), rangeEnd, perParent);
    }

    /** Whether rows equal to the end value are in the range (default {@link RangeBound#OPEN}). */
    public Incremental rangeEnd(RangeBound value) {
        return new Incremental(cursorPath, initialValue, endValue, lastValueFunc, primaryKey, rowOrder,
                onCursorValueMissing, lag, rangeStart, Objects.requireNonNull(value, "rangeEnd"), perParent);
    }

    /**
     * On a transformer: one cursor per parent row, keyed by the parent row's value at {@code key}
     * (e.g. comments per issue, keyed by {@code "number"}), stored under
     * {@code incremental.<cursor_path>.parents.<parent value>} instead of one cursor for all parents. The
     * transform function is then called once per parent row (a parent page is split into its rows)
     * and reads that parent's cursor with {@link Transformer#withContext}.
     */
    public Incremental perParent(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("perParent needs the parent's key column, got '" + key + "'");
        }
        return new Incremental(cursorPath, initialValue, endValue, lastValueFunc, primaryKey, rowOrder,
                onCursorValueMissing, lag, rangeStart, rangeEnd, key.strip());
    }

    public String cursorPath() {
        return cursorPath;
    }

    public Optional<Object> initialValue() {
        return Optional.ofNullable(initialValue);
    }

    public Optional<Object> endValue() {
        return Optional.ofNullable(endValue);
    }

    public LastValueFunc lastValueFunc() {
        return lastValueFunc;
    }

    /** The deduplication key set here; empty: the resource's; an empty list: no deduplication. */
    public Optional<List<String>> primaryKey() {
        return Optional.ofNullable(primaryKey);
    }

    public Optional<RowOrder> rowOrder() {
        return Optional.ofNullable(rowOrder);
    }

    public OnCursorValueMissing onCursorValueMissing() {
        return onCursorValueMissing;
    }

    public OptionalDouble lag() {
        return lag == null ? OptionalDouble.empty() : OptionalDouble.of(lag);
    }

    public RangeBound rangeStart() {
        return rangeStart;
    }

    public RangeBound rangeEnd() {
        return rangeEnd;
    }

    /** The parent key of a per-parent cursor; empty: one cursor for the resource. */
    public Optional<String> perParent() {
        return Optional.ofNullable(perParent);
    }

    /** True when the run is stateless (an end value is set). */
    public boolean isStateless() {
        return endValue != null;
    }

    /**
     * Refuses settings that contradict each other, as dlt does when the incremental is bound;
     * called by {@link Resource#incremental(Incremental)}.
     */
    void check(String resource) {
        String where = "incremental '" + cursorPath + "' of resource " + resource;
        if (endValue != null && initialValue == null) {
            throw new IllegalArgumentException(where + ": an end value (" + endValue + ") needs an initial value;"
                    + " set initial(...) to the start of the window");
        }
        if (endValue != null) {
            int c;
            try {
                c = lastValueFunc.compare(endValue, initialValue);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": initial and end value: " + e.getMessage(), e);
            }
            if (c < 0) {
                throw new IllegalArgumentException(where + ": the end value " + endValue + " must be "
                        + (lastValueFunc == LastValueFunc.MIN ? "lower" : "higher") + " than the initial value "
                        + initialValue + " for last value function " + lastValueFunc);
            }
        }
        if (lag != null && !lastValueFunc.isMinOrMax()) {
            throw new IllegalArgumentException(where + ": a lag works only with last value function max or min, not "
                    + lastValueFunc);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Incremental i && cursorPath.equals(i.cursorPath)
                && Objects.equals(initialValue, i.initialValue) && Objects.equals(endValue, i.endValue)
                && lastValueFunc.equals(i.lastValueFunc) && Objects.equals(primaryKey, i.primaryKey)
                && rowOrder == i.rowOrder && onCursorValueMissing == i.onCursorValueMissing
                && Objects.equals(lag, i.lag) && rangeStart == i.rangeStart && rangeEnd == i.rangeEnd
                && Objects.equals(perParent, i.perParent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cursorPath, initialValue, endValue, lastValueFunc, primaryKey, rowOrder,
                onCursorValueMissing, lag, rangeStart, rangeEnd, perParent);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Incremental[").append(cursorPath);
        if (initialValue != null) {
            b.append(", initial=").append(initialValue);
        }
        if (endValue != null) {
            b.append(", end=").append(endValue);
        }
        b.append(", ").append(lastValueFunc).append(", ").append(rangeStart == RangeBound.CLOSED ? "[" : "(")
                .append("start, end").append(rangeEnd == RangeBound.CLOSED ? "]" : ")");
        if (lag != null) {
            b.append(", lag=").append(lag);
        }
        if (perParent != null) {
            b.append(", perParent=").append(perParent);
        }
        return b.append(']').toString();
    }
}
