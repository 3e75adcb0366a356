package dev.dlt4j.progress;

import dev.dlt4j.PartitionTrace;
import dev.dlt4j.PipelineTrace;
import dev.dlt4j.StepTrace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code trace.json}: a {@link PipelineTrace} as JSON with dlt's field names, written to a temp
 * file and renamed so that a reader never sees half a trace.
 */
public final class TraceJson {
    public static final String FILE_NAME = "trace.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TraceJson() {
    }

    public static ObjectNode toJson(PipelineTrace t) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("engine_version", t.engineVersion());
        n.put("transaction_id", t.transactionId());
        n.put("pipeline_name", t.pipelineName());
        n.put("started_at", t.startedAt().toString());
        n.put("finished_at", t.finishedAt().toString());
        ArrayNode steps = n.putArray("steps");
        for (StepTrace s : t.steps()) {
            ObjectNode sn = steps.addObject();
            sn.put("step", s.step());
            sn.put("started_at", s.startedAt().toString());
            sn.put("finished_at", s.finishedAt().toString());
            ArrayNode ids = sn.putArray("load_ids");
            s.loadIds().forEach(ids::add);
            ObjectNode rows = sn.putObject("row_counts");
            new java.util.TreeMap<>(s.rowCounts()).forEach(rows::put);
            sn.put("files", s.files());
            ArrayNode failed = sn.putArray("failed_jobs");
            s.failedJobs().forEach(failed::add);
            s.exception().ifPresent(e -> sn.put("step_exception", e));
            if (!s.incrementalCursors().isEmpty()) {
                ObjectNode cursors = sn.putObject("incremental_cursors");
                s.incrementalCursors().forEach((r, c) -> cursors.set(r, dev.dlt4j.state.JsonValues.toNode(c)));
            }
            if (!s.partitions().isEmpty()) {
                ArrayNode parts = sn.putArray("partitions");
                for (PartitionTrace p : s.partitions()) {
                    ObjectNode pn = parts.addObject();
                    pn.put("partition", p.partition());
                    pn.put("attempt", p.attempt());
                    pn.put("started_at", p.startedAt().toString());
                    pn.put("finished_at", p.finishedAt().toString());
                    ObjectNode prows = pn.putObject("row_counts");
                    new java.util.TreeMap<>(p.rowCounts()).forEach(prows::put);
                    pn.put("files", p.files());
                }
            }
        }
        ObjectNode cfg = n.putObject("resolved_config_values");
        new java.util.TreeMap<>(t.resolvedConfig()).forEach(cfg::put);
        return n;
    }

    public static PipelineTrace fromJson(JsonNode n) {
        List<StepTrace> steps = new ArrayList<>();
        for (JsonNode s : n.path("steps")) {
            List<String> ids = new ArrayList<>();
            s.path("load_ids").forEach(i -> ids.add(i.asText()));
            Map<String, Long> rows = new LinkedHashMap<>();
            s.path("row_counts").fields().forEachRemaining(e -> rows.put(e.getKey(), e.getValue().asLong()));
            List<String> failed = new ArrayList<>();
            s.path("failed_jobs").forEach(f -> failed.add(f.asText()));
            Optional<String> ex = s.hasNonNull("step_exception") ? Optional.of(s.get("step_exception").asText())
                    : Optional.empty();
            Map<String, Map<String, Object>> cursors = new LinkedHashMap<>();
            s.path("incremental_cursors").fields().forEachRemaining(e -> cursors.put(e.getKey(),
                    dev.dlt4j.state.JsonValues.fromNode(e.getValue(), "incremental cursors of " + e.getKey())));
            List<PartitionTrace> parts = new ArrayList<>();
            for (JsonNode p : s.path("partitions")) {
                Map<String, Long> prows = new LinkedHashMap<>();
                p.path("row_counts").fields().forEachRemaining(e -> prows.put(e.getKey(), e.getValue().asLong()));
                parts.add(new PartitionTrace(p.path("partition").asInt(), p.path("attempt").asText(),
                        instant(p, "started_at"), instant(p, "finished_at"), prows, p.path("files").asLong()));
            }
            steps.add(new StepTrace(s.path("step").asText(), instant(s, "started_at"), instant(s, "finished_at"),
                    ids, rows, s.path("files").asLong(), failed, ex, cursors, parts));
        }
        Map<String, String> cfg = new LinkedHashMap<>();
        n.path("resolved_config_values").fields().forEachRemaining(e -> cfg.put(e.getKey(), e.getValue().asText()));
        return new PipelineTrace(n.path("transaction_id").asText(), n.path("pipeline_name").asText(),
                instant(n, "started_at"), instant(n, "finished_at"), steps, cfg,
                n.path("engine_version").asInt(PipelineTrace.ENGINE_VERSION));
    }

    private static Instant instant(JsonNode n, String field) {
        if (!n.hasNonNull(field)) {
            throw new IllegalArgumentException("trace field " + field + " is missing");
        }
        return Instant.parse(n.get(field).asText());
    }

    /** The trace in {@code <workingDir>/trace.json}, or empty when there is none. */
    public static Optional<PipelineTrace> read(Path workingDir) {
        Path f = workingDir.resolve(FILE_NAME);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(fromJson(MAPPER.readTree(f.toFile())));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the pipeline trace " + f + ": " + e.getMessage()
                    + "; delete the file to start a new trace", e);
        }
    }

    /** Writes {@code <workingDir>/trace.json} atomically (temp file, then rename). */
    public static void write(Path workingDir, PipelineTrace trace) {
        Path f = workingDir.resolve(FILE_NAME);
        Path tmp = workingDir.resolve(FILE_NAME + ".tmp");
        try {
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), toJson(trace));
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pipeline trace " + f, e);
        }
    }
}
