package dev.dlt4j;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.extract.IncrementalMerge;
import dev.dlt4j.normalize.Normalizer;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.SchemaJson;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.storage.JobCount;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.PackageDestination;
import dev.dlt4j.storage.PipelineStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The two halves of a split run that live in core: a partition's extract + normalize into a package
 * (executor side) and the committer that merges the partitions' packages into one normalized package
 * of the driver's pipeline (driver side). Only the existing stages run; the result is loaded by the
 * normal loader.
 */
final class PartitionCommitter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The key of a resource state that holds its incremental cursors (dlt's). */
    private static final String INCREMENTAL = "incremental";

    private PartitionCommitter() {
    }

    static PartitionCommit run(Pipeline pipeline, PipelineStorage storage, PartitionPlan plan, int partition,
            String attempt, Map<String, Map<String, String>> cursorFunctions, Supplier<LoadInfo> extract,
            Supplier<LoadInfo> normalize) {
        if (storage.state().isPresent() || storage.hasPendingPackages()) {
            throw new PipelineException("the working folder " + storage.workingDir() + " of partition " + partition
                    + " is not empty; each task attempt needs a fresh folder", Map.of("pipeline", pipeline.name(),
                            "stage", "partition", "hint", "give every task attempt its own folder on shared storage"));
        }
        // seeded like a restore: the partition continues from the driver's schema and state
        storage.adoptRestored(PipelineState.fromJson(plan.stateJson()),
                plan.schemaJson().map(j -> List.of(SchemaJson.fromJson(readTree(j)))).orElse(List.of()), false);
        Instant extractStarted = Instant.now();
        LoadInfo extracted = extract.get();
        Instant normalizeStarted = Instant.now();
        LoadInfo normalized = normalize.get();
        Instant normalizeEnded = Instant.now();
        LoadPackage pkg = storage.normalizedPackages().stream().filter(p -> p.loadId().equals(plan.loadId()))
                .findFirst().orElseThrow(() -> new IllegalStateException("partition " + partition
                        + " left no normalized package " + plan.loadId() + " in " + storage.workingDir()));
        List<String> files = pkg.jobs(JobState.NEW).stream().map(JobFileName::fileName).toList();
        String updates = pkg.hasFile(LoadPackage.SCHEMA_UPDATES_FILE)
                ? pkg.readJson(LoadPackage.SCHEMA_UPDATES_FILE).toString() : "{}";
        String state = pkg.pipelineState().map(PipelineState::toJson).orElse(plan.stateJson());
        // the stages as this task ran them, for the driver's trace (PartitionSteps)
        long extractFiles = pipeline.lastExtractInfo().map(i -> i.files().values().stream()
                .mapToLong(Integer::longValue).sum()).orElse(0L);
        Map<String, Long> normalizedRows = Map.copyOf(normalized.rowCounts());
        return new PartitionCommit(partition, attempt, plan.loadId(), pkg.root().toString(), files,
                normalizedRows, SchemaJson.toJsonString(pkg.schema()), updates, state, cursorFunctions,
                new PartitionTrace(partition, attempt, extractStarted, normalizeStarted, extracted.rowCounts(),
                        extractFiles),
                new PartitionTrace(partition, attempt, normalizeStarted, normalizeEnded, normalizedRows, files.size()));
    }

    /** Builds the one normalized package of the run in {@code storage}; the caller loads it. */
    static void commit(String pipelineName, PipelineStorage storage, PackageDestination binding, PartitionPlan plan,
            List<PartitionCommit> commits, int partitions) {
        // one commit per partition: the first that reached the driver; a retried or speculative
        // attempt's package is never loaded
        TreeMap<Integer, PartitionCommit> byPartition = new TreeMap<>();
        for (PartitionCommit c : commits) {
            if (!c.loadId().equals(plan.loadId())) {
                throw failure(pipelineName, plan, "partition " + c.partition() + " (attempt " + c.attempt()
                        + ") wrote load " + c.loadId() + ", not this run's load " + plan.loadId(),
                        "commit only the partitions of one plan");
            }
            byPartition.putIfAbsent(c.partition(), c);
        }
        for (int i = 0; i < partitions; i++) {
            if (!byPartition.containsKey(i)) {
                throw failure(pipelineName, plan, "partition " + i + " of " + partitions + " has no commit",
                        "run every partition of the plan; nothing was loaded");
            }
        }
        if (byPartition.lastKey() >= partitions) {
            throw failure(pipelineName, plan, "partition " + byPartition.lastKey() + " is not one of the plan's "
                    + partitions, "commit only the partitions of one plan");
        }
        Schema stored = plan.schemaJson().map(j -> SchemaJson.fromJson(readTree(j)))
                .orElse(Schema.empty(plan.sourceName()));
        Schema merged = stored;
        long version = stored.version();
        for (PartitionCommit c : byPartition.values()) {
            Schema part = SchemaJson.fromJson(readTree(c.schemaJson()));
            version = Math.max(version, part.version());
            Schema before = merged;
            merged = Normalizer.mergeInOrder(merged, part).orElseThrow(() -> failure(pipelineName, plan,
                    "partition " + c.partition() + " inferred " + conflict(before, part)
                            + " differently from the partitions before it",
                    "declare the column's type with a column hint so that every partition agrees"));
        }
        // the version a single run would have: each partition bumped the stored one once, if at all
        merged = merged.versionHash().equals(stored.versionHash()) && plan.schemaJson().isPresent()
                ? new Schema(merged.name(), stored.version(), merged.tables())
                : new Schema(merged.name(), version, merged.tables());
        PipelineState base = PipelineState.fromJson(plan.stateJson());
        PipelineState state = null;
        for (PartitionCommit c : byPartition.values()) {
            PipelineState part = PipelineState.fromJson(c.stateJson());
            state = state == null ? part : overlay(pipelineName, plan, state, part, base, c.cursorFunctions());
        }
        LoadPackage pkg = storage.newLoadPackage(plan.loadId());
        Map<String, JobCount> counts = new LinkedHashMap<>();
        Map<String, Long> rows = new TreeMap<>();
        for (PartitionCommit c : byPartition.values()) {
            LoadPackage part = new LoadPackage(Path.of(c.packagePath()));
            Map<String, JobCount> partCounts = part.jobCounts().orElse(Map.of());
            for (String file : c.files()) {
                JobFileName job = JobFileName.parse(file);
                // a partition prefix keeps the names unique and the jobs in partition order
                JobFileName renamed = new JobFileName(job.table(),
                        String.format(Locale.ROOT, "p%05d", c.partition()) + job.fileId(), job.retryCount(),
                        job.format(), job.codec());
                moveOrCopy(part.jobPath(JobState.NEW, job), pkg.jobPath(JobState.NEW, renamed));
                JobCount n = partCounts.get(job.jobId());
                if (n != null) {
                    counts.put(renamed.jobId(), n);
                }
            }
            c.rowCounts().forEach((t, n) -> rows.merge(t, n, Long::sum));
        }
        pkg.recordJobCounts(counts);
        pkg.writeSchema(merged);
        pkg.writeJson(LoadPackage.SCHEMA_UPDATES_FILE, Normalizer.schemaUpdates(stored, merged));
        pkg.writePipelineState(Objects.requireNonNull(state), Instant.now());
        pkg.writeJson(PackageDestination.FILE, binding.toJson());
        ObjectNode rowsNode = MAPPER.createObjectNode();
        rows.forEach(rowsNode::put);
        pkg.writeJson(LoadPackage.ROW_COUNTS_FILE, rowsNode);
        storage.publishNormalized(pkg);
    }

    /**
     * {@code acc} with what {@code part} changed against {@code base}: a resource's incremental
     * cursors end on the later last value by their {@code last_value_func} (see
     * {@link IncrementalMerge}); any other value of a resource or of the source: a later partition's
     * change wins over an earlier one's.
     */
    private static PipelineState overlay(String pipelineName, PartitionPlan plan, PipelineState acc,
            PipelineState part, PipelineState base, Map<String, Map<String, String>> cursorFunctions) {
        PipelineState out = acc;
        for (Map.Entry<String, SourceState> s : part.sources().entrySet()) {
            SourceState was = base.source(s.getKey());
            for (Map.Entry<String, Map<String, Object>> r : s.getValue().resources().entrySet()) {
                Map<String, Object> wasResource = was.resource(r.getKey());
                if (r.getValue().equals(wasResource)) {
                    continue;
                }
                Map<String, Object> merged = new LinkedHashMap<>(out.source(s.getKey()).resource(r.getKey()));
                for (Map.Entry<String, Object> v : r.getValue().entrySet()) {
                    if (v.getKey().equals(INCREMENTAL)) {
                        try {
                            merged.put(INCREMENTAL, IncrementalMerge.merge(r.getKey(), merged.get(INCREMENTAL),
                                    v.getValue(), wasResource.get(INCREMENTAL),
                                    cursorFunctions.getOrDefault(r.getKey(), Map.of())));
                        } catch (IllegalStateException e) {
                            throw failure(pipelineName, plan, e.getMessage(), "split such a source so that one"
                                    + " partition holds the resource, or run it in one JVM");
                        }
                    } else if (!Objects.equals(v.getValue(), wasResource.get(v.getKey()))) {
                        merged.put(v.getKey(), v.getValue());
                    }
                }
                out = out.withResourceState(s.getKey(), r.getKey(), merged);
            }
            Map<String, Object> changed = new LinkedHashMap<>();
            s.getValue().values().forEach((k, v) -> {
                if (!Objects.equals(v, was.values().get(k))) {
                    changed.put(k, v);
                }
            });
            if (!changed.isEmpty()) {
                out = out.withSourceValues(s.getKey(), changed);
            }
        }
        return out;
    }

    private static String conflict(Schema before, Schema part) {
        for (var t : part.tables().values()) {
            var mine = before.tables().get(t.name());
            if (mine == null) {
                continue;
            }
            for (var c : t.columns().values()) {
                var have = mine.columns().get(c.name());
                if (have != null && !have.equals(c)) {
                    return "column " + t.name() + "." + c.name() + " as " + c.dataType().dltName()
                            + " (before: " + have.dataType().dltName() + ")";
                }
            }
        }
        return "a column";
    }

    private static void moveOrCopy(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | UnsupportedOperationException e) {
                // shared storage on another file system: copy; the partition's folder is deleted after the load
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move job file " + from + " into " + to, e);
        }
    }

    private static PipelineException failure(String pipeline, PartitionPlan plan, String message, String hint) {
        return new PipelineException(message, Map.of("pipeline", pipeline, "stage", "commit", "load_id",
                plan.loadId(), "hint", hint));
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a schema document: " + e.getMessage(), e);
        }
    }
}
