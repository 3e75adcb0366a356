package dev.dlt4j;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The record of the last top-level call of a pipeline ({@code run}, or a series of single
 * {@code extract}, {@code normalize}, {@code load} calls, which accumulate as in dlt): its steps,
 * and the resolved config values that differed from their defaults. Kept as {@code trace.json} in
 * the pipeline's working folder. {@link #toString()} is meant to be printed.
 */
public record PipelineTrace(String transactionId, String pipelineName, Instant startedAt, Instant finishedAt,
        List<StepTrace> steps, Map<String, String> resolvedConfig, int engineVersion) {
    public static final int ENGINE_VERSION = 1;

    public PipelineTrace {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(pipelineName, "pipelineName");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        steps = List.copyOf(steps);
        resolvedConfig = Map.copyOf(resolvedConfig);
    }

    public boolean succeeded() {
        return steps.stream().allMatch(StepTrace::succeeded);
    }

    /** The last step of that name ({@code extract}, {@code normalize}, {@code load}). */
    public Optional<StepTrace> lastStep(String step) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).step().equals(step)) {
                return Optional.of(steps.get(i));
            }
        }
        return Optional.empty();
    }

    /** Rows per table normalized by the normalize steps of this trace (what was handed to the loader). */
    public Map<String, Long> normalizedRowCounts() {
        Map<String, Long> out = new TreeMap<>();
        for (StepTrace s : steps) {
            if (s.step().equals("normalize")) {
                s.rowCounts().forEach((t, n) -> out.merge(t, n, Long::sum));
            }
        }
        return out;
    }

    public Duration elapsed() {
        return Duration.between(startedAt, finishedAt);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("Run of pipeline ").append(pipelineName).append(" started at ").append(startedAt).append(" and ")
                .append(succeeded() ? "COMPLETED" : "FAILED").append(" in ").append(seconds(elapsed()))
                .append(" with ").append(steps.size()).append(" step(s).\n");
        for (StepTrace s : steps) {
            sb.append("Step ").append(s.step()).append(' ').append(s.succeeded() ? "COMPLETED" : "FAILED")
                    .append(" in ").append(seconds(s.elapsed())).append(" (started ").append(s.startedAt())
                    .append(").\n");
            if (!s.loadIds().isEmpty()) {
                sb.append("  load ids: ").append(String.join(", ", s.loadIds())).append('\n');
            }
            String what = s.step().equals("load") ? "jobs" : "files";
            sb.append("  ").append(what).append(": ").append(s.files()).append('\n');
            if (!s.rowCounts().isEmpty()) {
                sb.append("  rows per table:\n");
                new TreeMap<>(s.rowCounts()).forEach((t, n) -> sb.append("    - ").append(t).append(": ").append(n)
                        .append(" row(s)\n"));
            }
            if (!s.incrementalCursors().isEmpty()) {
                sb.append("  incremental cursors (start -> end):\n");
                new TreeMap<>(s.incrementalCursors()).forEach((resource, cursors) -> cursors.forEach((path, c) ->
                        sb.append("    - ").append(resource).append('.').append(path).append(": ").append(range(c))
                                .append('\n')));
            }
            if (!s.partitions().isEmpty()) {
                sb.append("  partitions (Spark tasks; the attempt committed of each):\n");
                for (PartitionTrace p : s.partitions()) {
                    sb.append("    - ").append(p.partition()).append(" (").append(p.attempt()).append("): ")
                            .append(seconds(p.elapsed())).append(", ").append(p.totalRows()).append(" row(s), ")
                            .append(p.files()).append(" file(s)\n");
                }
            }
            for (String f : s.failedJobs()) {
                sb.append("  failed job: ").append(f).append('\n');
            }
            s.exception().ifPresent(e -> sb.append("  Failed due to: ").append(e).append('\n'));
        }
        if (!resolvedConfig.isEmpty()) {
            sb.append("Config values that differ from the defaults:\n");
            new TreeMap<>(resolvedConfig).forEach((k, v) -> sb.append("  ").append(k).append(" = ").append(v)
                    .append('\n'));
        }
        return sb.toString().stripTrailing();
    }

    /** {@code start -> end} of one cursor, or of each parent's for a per-parent cursor. */
    private static String range(Object cursor) {
        if (cursor instanceof Map<?, ?> m && m.get("parents") instanceof Map<?, ?> parents) {
            StringBuilder b = new StringBuilder();
            parents.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append("parent ").append(k).append(' ')
                    .append(range(v)));
            return b.length() == 0 ? "no parent" : b.toString();
        }
        if (cursor instanceof Map<?, ?> m) {
            return m.get("start_value") + " -> " + m.get("end_value");
        }
        return String.valueOf(cursor);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }

    /** This trace with {@code later}'s steps appended (the last 100 kept) and its end time and config. */
    public PipelineTrace mergedWith(PipelineTrace later) {
        List<StepTrace> all = new java.util.ArrayList<>(steps);
        all.addAll(later.steps);
        if (all.size() > 100) {
            all = all.subList(all.size() - 100, all.size());
        }
        Map<String, String> cfg = new LinkedHashMap<>(later.resolvedConfig);
        return new PipelineTrace(transactionId, pipelineName, startedAt, later.finishedAt, all, cfg, engineVersion);
    }
}
