package dev.dlt4j;

import java.time.Duration;
import java.util.Map;

/**
 * What one extract wrote: the load id of the package, rows per table, appends (flushes) and files
 * per table, how long it took, the most deferred items (including steps of parallelized resources)
 * that were in flight at once, and the incremental cursors of its resources: resource name to
 * cursor path to {@code start_value} and {@code end_value} (JSON values; a per-parent cursor has
 * them per parent key under {@code parents}).
 */
public record ExtractInfo(String loadId, String sourceName, Map<String, Long> rowCounts, Map<String, Long> flushes,
        Map<String, Integer> files, Duration elapsed, int maxDeferredInFlight,
        Map<String, Map<String, Object>> incrementalCursors) {
    public ExtractInfo {
        rowCounts = Map.copyOf(rowCounts);
        flushes = Map.copyOf(flushes);
        files = Map.copyOf(files);
        incrementalCursors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(incrementalCursors));
    }

    /** An extract without incremental cursors. */
    public ExtractInfo(String loadId, String sourceName, Map<String, Long> rowCounts, Map<String, Long> flushes,
            Map<String, Integer> files, Duration elapsed, int maxDeferredInFlight) {
        this(loadId, sourceName, rowCounts, flushes, files, elapsed, maxDeferredInFlight, Map.of());
    }

    public long totalRows() {
        return rowCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}
