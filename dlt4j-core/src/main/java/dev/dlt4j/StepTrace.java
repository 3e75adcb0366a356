package dev.dlt4j;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One traced step of a run ({@code extract}, {@code normalize} or {@code load}): when it ran, the
 * packages it touched, rows per table (extracted or normalized rows), files written or jobs run,
 * failed jobs' messages, the exception that ended it, if one did, (extract) the incremental
 * cursors: resource name to cursor path to its {@code start_value} and {@code end_value}, and, for
 * the extract and normalize steps of a split run (dlt4j-spark), what each partition's task did, in
 * partition order (empty for any other step).
 */
public record StepTrace(String step, Instant startedAt, Instant finishedAt, List<String> loadIds,
        Map<String, Long> rowCounts, long files, List<String> failedJobs, Optional<String> exception,
        Map<String, Map<String, Object>> incrementalCursors, List<PartitionTrace> partitions) {

    /** A step of one JVM (no partitions). */
    public StepTrace(String step, Instant startedAt, Instant finishedAt, List<String> loadIds,
            Map<String, Long> rowCounts, long files, List<String> failedJobs, Optional<String> exception,
            Map<String, Map<String, Object>> incrementalCursors) {
        this(step, startedAt, finishedAt, loadIds, rowCounts, files, failedJobs, exception, incrementalCursors,
                List.of());
    }

    /** A step without incremental cursors. */
    public StepTrace(String step, Instant startedAt, Instant finishedAt, List<String> loadIds,
            Map<String, Long> rowCounts, long files, List<String> failedJobs, Optional<String> exception) {
        this(step, startedAt, finishedAt, loadIds, rowCounts, files, failedJobs, exception, Map.of());
    }

    public StepTrace {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        loadIds = List.copyOf(loadIds);
        rowCounts = Map.copyOf(rowCounts);
        failedJobs = List.copyOf(failedJobs);
        Objects.requireNonNull(exception, "exception");
        incrementalCursors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(incrementalCursors));
        partitions = List.copyOf(partitions);
    }

    /** What a finished step produced; the pipeline builds it from the stage's result. */
    public record Outcome(List<String> loadIds, Map<String, Long> rowCounts, List<String> failedJobs) {
        public static final Outcome EMPTY = new Outcome(List.of(), Map.of(), List.of());

        public Outcome {
            loadIds = List.copyOf(loadIds);
            rowCounts = Map.copyOf(rowCounts);
            failedJobs = List.copyOf(failedJobs);
        }
    }

    public boolean succeeded() {
        return exception.isEmpty() && failedJobs.isEmpty();
    }

    public Duration elapsed() {
        return Duration.between(startedAt, finishedAt);
    }

    public long totalRows() {
        return rowCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}
