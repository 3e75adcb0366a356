package dev.dlt4j;

import java.util.List;
import java.util.Optional;

/**
 * The cursor of an {@link Incremental} as one run sees it, handed to the resource through
 * {@link ResourceContext#incremental()} so that it can push the range into its query or request
 * (a {@code WHERE updated_at >= ?}, a {@code since=} parameter); the extract stage filters the rows
 * either way. Made by the extract stage when it opens the resource; readable from any thread.
 *
 * <p>{@link #startValue()} is fixed for the run: the last value stored by the previous run (moved
 * back by the lag), else the initial value. {@link #lastValue()} is live: it starts equal to the
 * stored last value and follows the rows as each page passes the filter.
 */
public interface IncrementalCursor {
    /** The cursor path: a top-level key, or a nested path such as {@code "meta.updated_at"}. */
    String cursorPath();

    /** The value rows are compared with at the start of the range; empty on a first run without an initial value. */
    Optional<Object> startValue();

    /** The last value seen so far: stored by earlier runs, then moved by this run's rows. */
    Optional<Object> lastValue();

    /** The initial value the incremental was configured with. */
    Optional<Object> initialValue();

    /** The end of the range; present only for a stateless run (a backfill window). */
    Optional<Object> endValue();

    /** The declared order of the cursor values, which lets the extract stop early. */
    Optional<RowOrder> rowOrder();

    RangeBound rangeStart();

    RangeBound rangeEnd();

    LastValueFunc lastValueFunc();

    /**
     * The parent key's value this cursor belongs to, for a transformer with
     * {@link Incremental#perParent(String)}; empty otherwise.
     */
    Optional<Object> parentKey();

    /**
     * The key hashed for boundary deduplication: the incremental's, else the resource's primary key;
     * an empty list when the whole row is hashed or deduplication is off.
     */
    List<String> primaryKey();

    /**
     * What the incremental does with a row without a cursor value; a source that pushes the range into
     * a query keeps such rows with {@code OR col IS NULL} when they are included, as dlt's sql_table does.
     */
    default OnCursorValueMissing onCursorValueMissing() {
        return OnCursorValueMissing.RAISE;
    }
}
