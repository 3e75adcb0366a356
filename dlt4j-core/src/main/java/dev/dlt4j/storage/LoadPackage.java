package dev.dlt4j.storage;

import dev.dlt4j.spi.CrashPoints;
import dev.dlt4j.spi.JobFileName;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.SchemaJson;
import dev.dlt4j.PipelineState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One load package on disk: {@code new_jobs/}, {@code started_jobs/}, {@code completed_jobs/},
 * {@code failed_jobs/}, {@code schema.json}, {@code load_package_state.json} and, once done,
 * {@code package_completed.json}. Every job state change is a file rename inside the package.
 */
public final class LoadPackage {
    static final ObjectMapper MAPPER = new ObjectMapper();
    public static final String SCHEMA_FILE = "schema.json";
    public static final String SCHEMA_UPDATES_FILE = "schema_updates.json";
    public static final String APPLIED_UPDATES_FILE = "applied_schema_updates.json";
    public static final String STATE_FILE = "load_package_state.json";
    public static final String COMPLETED_FILE = "package_completed.json";
    /** Rows and bytes of each job file, by job id, as its writer recorded them (see {@link JobCount}). */
    public static final String JOB_COUNTS_FILE = "job_counts.json";
    /** Rows per table as normalized, {@code {"table": rows}}: what {@code LoadInfo} reports once the package loads. */
    public static final String ROW_COUNTS_FILE = "row_counts.json";

    private final Path root;
    private final String loadId;

    public LoadPackage(Path root) {
        this.root = root;
        this.loadId = root.getFileName().toString();
    }

    /** Creates the package folders under {@code root}. */
    static LoadPackage create(Path root) {
        try {
            for (JobState s : JobState.values()) {
                Files.createDirectories(root.resolve(s.folder()));
            }
            Files.createDirectories(root.resolve(".pending_transitions"));
        } catch (IOException e) {
            throw new StorageException("cannot create load package " + root, e);
        }
        return new LoadPackage(root);
    }

    public Path root() {
        return root;
    }

    public String loadId() {
        return loadId;
    }

    public Path jobFolder(JobState state) {
        return root.resolve(state.folder());
    }

    public Path jobPath(JobState state, JobFileName name) {
        return jobFolder(state).resolve(name.fileName());
    }

    /** Job files in one state, sorted by name so that work is done in a stable order. */
    public List<JobFileName> jobs(JobState state) {
        Path folder = jobFolder(state);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<JobFileName> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".exception") && !n.startsWith("."))
                    .sorted()
                    .forEach(n -> out.add(JobFileName.parse(n)));
        } catch (IOException e) {
            throw new StorageException("cannot list " + folder, e);
        }
        return out;
    }

    /** Moves a job file from one state folder to another (an atomic rename). */
    public Path move(JobFileName job, JobState from, JobState to) {
        return move(job, from, to, job);
    }

    public Path move(JobFileName job, JobState from, JobState to, JobFileName newName) {
        Path target = jobPath(to, newName);
        String point = "job." + from.name().toLowerCase(Locale.ROOT) + "_to_" + to.name().toLowerCase(Locale.ROOT);
        CrashPoints.reached(point + ".before");
        try {
            Files.move(jobPath(from, job), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException("cannot move job " + job + " of package " + loadId + " from "
                    + from.folder() + " to " + to.folder(), e);
        }
        CrashPoints.reached(point + ".after");
        return target;
    }

    /** Records a terminal failure of a job: the file goes to {@code failed_jobs/} with its message. */
    public void fail(JobFileName job, JobState from, String message) {
        move(job, from, JobState.FAILED);
        writeText(jobFolder(JobState.FAILED).resolve(job.fileName() + JobFileName.FAILED_SUFFIX), message);
    }

    public Optional<String> failureMessage(JobFileName job) {
        Path p = jobFolder(JobState.FAILED).resolve(job.fileName() + JobFileName.FAILED_SUFFIX);
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(p));
        } catch (IOException e) {
            throw new StorageException("cannot read " + p, e);
        }
    }

    public Schema schema() {
        return SchemaJson.read(root.resolve(SCHEMA_FILE));
    }

    public void writeSchema(Schema schema) {
        SchemaJson.write(schema, root.resolve(SCHEMA_FILE));
    }

    /**
     * Writes the pipeline state this package carries into {@value #STATE_FILE}, in dlt's layout;
     * called by extract before the package is committed. It becomes the pipeline's state only when
     * the package is loaded ({@link PipelineStorage#markLoaded}).
     */
    public void writePipelineState(PipelineState state, java.time.Instant createdAt) {
        writeJson(STATE_FILE, (com.fasterxml.jackson.databind.node.ObjectNode) readTree(state.toPackageState(loadId, createdAt)));
    }

    /** The key of the tables a refresh drops, in {@value #STATE_FILE} (dlt's {@code dropped_tables}). */
    public static final String DROPPED_TABLES = "dropped_tables";
    /** The key of the tables a refresh empties, in {@value #STATE_FILE} (dlt's {@code truncated_tables}). */
    public static final String TRUNCATED_TABLES = "truncated_tables";
    /** The refresh mode the package was extracted with (dlt4j's own key: the package's schema replaces the pipeline's). */
    public static final String REFRESH = "refresh";

    /**
     * Records in {@value #STATE_FILE}, after {@link #writePipelineState}, the refresh this package
     * carries out when it loads: the tables to drop and to empty at the destination, as dlt lays
     * them out (a list of tables, each {@code {"name": ...}}), and the mode. Called by extract
     * before the package is committed, so the drop travels with the package's data and state.
     */
    public void recordRefresh(String mode, java.util.List<String> dropped, java.util.List<String> truncated) {
        ObjectNode doc = hasFile(STATE_FILE) ? readJson(STATE_FILE) : MAPPER.createObjectNode();
        doc.put(REFRESH, mode);
        if (!dropped.isEmpty()) {
            var arr = doc.putArray(DROPPED_TABLES);
            dropped.forEach(t -> arr.addObject().put("name", t));
        }
        if (!truncated.isEmpty()) {
            var arr = doc.putArray(TRUNCATED_TABLES);
            truncated.forEach(t -> arr.addObject().put("name", t));
        }
        writeJson(STATE_FILE, doc);
    }

    /**
     * dlt4j's key, in {@value #STATE_FILE}, of a package that is not the last of the packages one
     * extract cut ({@code package_max_items}): the load id of that last package. The packages of
     * one extract are published one after the other, so a package naming a last one that was never
     * published is what a killed extract left, and is discarded ({@link PipelineStorage}).
     */
    public static final String RUN_LAST_LOAD_ID = "run_last_load_id";
    /**
     * dlt4j's key, in {@value #STATE_FILE}, of a package after the first of one extract: the root
     * tables earlier packages of the extract already wrote. A {@code replace} of those tables was
     * done by the earlier package, so this one appends to them.
     */
    public static final String REPLACED_EARLIER = "replaced_earlier_in_run";

    /**
     * Records in {@value #STATE_FILE} (after {@link #writePipelineState}) where this package stands
     * among the packages of its extract: the last package's load id (for all but the last) and the
     * root tables written by the packages before it (for all but the first).
     */
    public void recordRunPart(Optional<String> lastLoadId, java.util.Collection<String> writtenEarlier) {
        ObjectNode doc = hasFile(STATE_FILE) ? readJson(STATE_FILE) : MAPPER.createObjectNode();
        lastLoadId.ifPresent(id -> doc.put(RUN_LAST_LOAD_ID, id));
        if (!writtenEarlier.isEmpty()) {
            var arr = doc.putArray(REPLACED_EARLIER);
            writtenEarlier.forEach(arr::add);
        }
        writeJson(STATE_FILE, doc);
    }

    /** The last package of this package's extract when this is not it; empty for the last or only one. */
    public Optional<String> runLastLoadId() {
        if (!hasFile(STATE_FILE)) {
            return Optional.empty();
        }
        var n = readJson(STATE_FILE).path(RUN_LAST_LOAD_ID);
        return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** The root tables earlier packages of this package's extract wrote (see {@link #REPLACED_EARLIER}). */
    public java.util.Set<String> writtenEarlierInRun() {
        if (!hasFile(STATE_FILE)) {
            return java.util.Set.of();
        }
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        readJson(STATE_FILE).path(REPLACED_EARLIER).forEach(t -> out.add(t.asText()));
        return out;
    }

    /** The refresh mode the package was extracted with; empty for a package without refresh. */
    public Optional<String> refresh() {
        if (!hasFile(STATE_FILE)) {
            return Optional.empty();
        }
        var n = readJson(STATE_FILE).path(REFRESH);
        return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** The names of the tables under {@code key} ({@link #DROPPED_TABLES} or {@link #TRUNCATED_TABLES}); empty when none. */
    public java.util.List<String> refreshedTables(String key) {
        if (!hasFile(STATE_FILE)) {
            return java.util.List.of();
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        readJson(STATE_FILE).path(key).forEach(t -> out.add(t.isTextual() ? t.asText() : t.path("name").asText()));
        return out;
    }

    /** The pipeline state this package carries; empty for a package that carries none. */
    public Optional<PipelineState> pipelineState() {
        if (!hasFile(STATE_FILE)) {
            return Optional.empty();
        }
        try {
            return PipelineState.fromPackageState(readJson(STATE_FILE).toString());
        } catch (IllegalArgumentException e) {
            throw new StorageException("the pipeline state in " + root.resolve(STATE_FILE) + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    public boolean hasFile(String name) {
        return Files.exists(root.resolve(name));
    }

    public ObjectNode readJson(String name) {
        try {
            return (ObjectNode) MAPPER.readTree(root.resolve(name).toFile());
        } catch (IOException e) {
            throw new StorageException("cannot read " + root.resolve(name), e);
        }
    }

    public void writeJson(String name, ObjectNode node) {
        try {
            Path target = root.resolve(name);
            Path tmp = root.resolve(name + ".tmp");
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), node);
            CrashPoints.reached("package_file." + name + ".before_rename");
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            CrashPoints.reached("package_file." + name + ".after_rename");
        } catch (IOException e) {
            throw new StorageException("cannot write " + root.resolve(name), e);
        }
    }

    public void rename(String from, String to) {
        try {
            Files.move(root.resolve(from), root.resolve(to), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException("cannot rename " + from + " in package " + loadId, e);
        }
    }

    public void delete(String name) {
        try {
            Files.deleteIfExists(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records rows and bytes of job files (by job id), adding to what the package recorded before. */
    public void recordJobCounts(java.util.Map<String, JobCount> counts) {
        ObjectNode all = hasFile(JOB_COUNTS_FILE) ? readJson(JOB_COUNTS_FILE) : MAPPER.createObjectNode();
        counts.forEach((jobId, c) -> all.putObject(jobId).put("rows", c.rows()).put("bytes", c.bytes()));
        writeJson(JOB_COUNTS_FILE, all);
    }

    /**
     * Rows and bytes of every job file by job id, as recorded when the files were written; empty when
     * the package was written by a dlt4j that did not record them.
     */
    public Optional<java.util.Map<String, JobCount>> jobCounts() {
        if (!hasFile(JOB_COUNTS_FILE)) {
            return Optional.empty();
        }
        java.util.Map<String, JobCount> out = new java.util.LinkedHashMap<>();
        readJson(JOB_COUNTS_FILE).fields().forEachRemaining(e -> out.put(e.getKey(),
                new JobCount(e.getValue().path("rows").asLong(), e.getValue().path("bytes").asLong())));
        return Optional.of(out);
    }

    /** {@code loaded} or {@code aborted} once the package is done (from {@code package_completed.json}), else empty text. */
    public String completedState() {
        return hasFile(COMPLETED_FILE) ? readJson(COMPLETED_FILE).path("state").asText("loaded") : "";
    }

    /** Why a package was set aside as failed, and in which stage; empty when it was not. */
    public Optional<String> failure() {
        if (!hasFile(COMPLETED_FILE)) {
            return Optional.empty();
        }
        ObjectNode done = readJson(COMPLETED_FILE);
        return done.has("failure") ? Optional.of(done.path("failed_stage").asText("load") + ": "
                + done.path("failure").asText()) : Optional.empty();
    }

    /** The size of a job file on disk. */
    public static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new StorageException("cannot read the size of " + file, e);
        }
    }

    static void writeText(Path p, String text) {
        try {
            Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StorageException("cannot write " + p, e);
        }
    }

    @Override
    public String toString() {
        return "package " + loadId + " at " + root;
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
