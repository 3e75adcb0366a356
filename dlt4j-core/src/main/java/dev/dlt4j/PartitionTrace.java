package dev.dlt4j;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One stage ({@code extract} or {@code normalize}) of one partition of a split run, as the task that
 * ran it measured it: the partition, the attempt, its start and end (the executor's clock), rows per
 * table (extracted, or normalized with child tables) and files written. Made on the executor and sent
 * with the {@link PartitionCommit}; the driver's trace lists them under the run's extract and
 * normalize steps ({@link StepTrace#partitions()}), one per partition: the attempt the committer kept.
 */
public record PartitionTrace(int partition, String attempt, Instant startedAt, Instant finishedAt,
        Map<String, Long> rowCounts, long files) implements Serializable {

    public PartitionTrace {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        rowCounts = Map.copyOf(rowCounts);
    }

    public Duration elapsed() {
        return Duration.between(startedAt, finishedAt);
    }

    public long totalRows() {
        return rowCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}
