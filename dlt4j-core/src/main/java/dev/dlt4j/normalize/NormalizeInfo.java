package dev.dlt4j.normalize;

import java.time.Duration;
import java.util.Map;

/** What one normalize pass produced: rows per table of one load package, and how long it took. */
public record NormalizeInfo(String loadId, Map<String, Long> rowCounts, int jobFiles, Duration elapsed) {
    public NormalizeInfo {
        rowCounts = Map.copyOf(rowCounts);
    }
}
