package dev.dlt4j;

import java.time.Duration;
import java.util.Map;

/**
 * What one extract wrote: the load id of the package, rows per table, appends (flushes) and files
 * per table, how long it took, and the most deferred items (including steps of parallelized
 * resources) that were in flight at once.
 */
public record ExtractInfo(String loadId, String sourceName, Map<String, Long> rowCounts, Map<String, Long> flushes,
        Map<String, Integer> files, Duration elapsed, int maxDeferredInFlight) {
    public ExtractInfo {
        rowCounts = Map.copyOf(rowCounts);
        flushes = Map.copyOf(flushes);
        files = Map.copyOf(files);
    }

    public long totalRows() {
        return rowCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}
