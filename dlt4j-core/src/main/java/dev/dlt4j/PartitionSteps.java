package dev.dlt4j;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The extract and normalize steps of a split run's trace, built on the driver from the partitions'
 * commits: each step spans from the first partition's start to the last partition's end (the wall
 * time of the Spark stage, not the sum of the tasks' times; normalize ends when the committer has
 * built the run's one package), its rows per table are the partitions' rows summed and it lists each
 * partition's own figures. Only the commit the committer keeps of each partition counts (the first
 * that reached the driver), so a retried or speculative attempt never adds its rows twice.
 */
final class PartitionSteps {
    private PartitionSteps() {
    }

    /**
     * The commit of each partition the committer keeps (the first of the plan's load id), in partition
     * order: the same choice as {@link PartitionCommitter#commit}, made again here so that a commit that
     * fails still leaves a trace of what the partitions did.
     */
    static List<PartitionCommit> kept(PartitionPlan plan, List<PartitionCommit> commits) {
        TreeMap<Integer, PartitionCommit> byPartition = new TreeMap<>();
        for (PartitionCommit c : commits) {
            if (c.loadId().equals(plan.loadId())) {
                byPartition.putIfAbsent(c.partition(), c);
            }
        }
        return List.copyOf(byPartition.values());
    }

    /** The run's extract: {@code orElse} as its start and end when no partition committed. */
    static StepTrace extract(PartitionPlan plan, List<PartitionCommit> kept, Instant orElse) {
        List<PartitionTrace> parts = kept.stream().map(PartitionCommit::extract).toList();
        Instant end = parts.stream().map(PartitionTrace::finishedAt).max(Comparator.naturalOrder()).orElse(orElse);
        return step("extract", plan, parts, start(parts, orElse), end, Optional.empty());
    }

    /**
     * The run's normalize, ended at {@code committed} (the committer's package written, or its
     * failure), with {@code error} when the commit failed.
     */
    static StepTrace normalize(PartitionPlan plan, List<PartitionCommit> kept, Instant committed,
            Optional<String> error) {
        List<PartitionTrace> parts = kept.stream().map(PartitionCommit::normalize).toList();
        return step("normalize", plan, parts, start(parts, committed), committed, error);
    }

    private static Instant start(List<PartitionTrace> parts, Instant orElse) {
        Instant first = parts.stream().map(PartitionTrace::startedAt).min(Comparator.naturalOrder()).orElse(orElse);
        // a partition's clock (another machine's) ahead of the driver's must not end a step before it starts
        return first.isAfter(orElse) ? orElse : first;
    }

    private static StepTrace step(String name, PartitionPlan plan, List<PartitionTrace> parts, Instant started,
            Instant finished, Optional<String> error) {
        Map<String, Long> rows = new TreeMap<>();
        long files = 0;
        for (PartitionTrace p : parts) {
            p.rowCounts().forEach((t, n) -> rows.merge(t, n, Long::sum));
            files += p.files();
        }
        Instant end = finished.isBefore(started) ? started : finished;
        return new StepTrace(name, started, end, List.of(plan.loadId()), error.isPresent() ? Map.of() : rows, files,
                List.of(), error, Map.of(), parts);
    }
}
