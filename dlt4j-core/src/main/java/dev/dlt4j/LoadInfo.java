package dev.dlt4j;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of {@code run()}, {@code extract()}, {@code normalize()} or {@code load()}: which
 * packages went where, rows per table (for {@code run()} and {@code load()}: of every package
 * loaded, pending ones of earlier runs included, as normalized), and time per stage.
 * {@link #toString()} is meant to be printed.
 */
public record LoadInfo(String pipelineName, String destinationType, String destinationLocation, String datasetName,
        List<String> loadIds, Map<String, Long> rowCounts, List<String> failedJobs, Duration extractTime,
        Duration normalizeTime, Duration loadTime) {

    public LoadInfo {
        loadIds = List.copyOf(loadIds);
        rowCounts = Map.copyOf(rowCounts);
        failedJobs = List.copyOf(failedJobs);
    }

    /** Rows of one table in this run's packages (0 when none). */
    public long rows(String table) {
        return rowCounts.getOrDefault(table, 0L);
    }

    public boolean hasFailedJobs() {
        return !failedJobs.isEmpty();
    }

    public Duration totalTime() {
        return extractTime.plus(normalizeTime).plus(loadTime);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("Pipeline ").append(pipelineName).append(": ").append(loadIds.size())
                .append(" load package(s) loaded to ").append(destinationType).append(" at ")
                .append(destinationLocation).append(", dataset ").append(datasetName).append('\n');
        for (String id : loadIds) {
            sb.append("  load package ").append(id).append(failedJobs.isEmpty() ? " is LOADED, no failed jobs"
                    : " has failed jobs").append('\n');
        }
        for (String f : failedJobs) {
            sb.append("  failed job: ").append(f).append('\n');
        }
        if (!rowCounts.isEmpty()) {
            sb.append("  rows per table:\n");
            rowCounts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> sb.append(String.format(Locale.ROOT, "    %-40s %,d%n", e.getKey(), e.getValue())));
        }
        sb.append(String.format(Locale.ROOT, "  time: extract %.2f s, normalize %.2f s, load %.2f s, total %.2f s",
                seconds(extractTime), seconds(normalizeTime), seconds(loadTime), seconds(totalTime())));
        return sb.toString();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
