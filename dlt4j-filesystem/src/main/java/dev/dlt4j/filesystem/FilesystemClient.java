package dev.dlt4j.filesystem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.spi.CompletedLoad;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.spi.DestinationTerminalException;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.spi.CrashPoints;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.spi.LoadJob;
import dev.dlt4j.spi.StoredSchema;
import dev.dlt4j.spi.StoredState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * One load run into one dataset folder. A job file is copied into {@value #TEMP_FOLDER} (a hidden
 * folder of the dataset that no table folder holds, so {@code read_json('<table>/*')} never sees
 * a temporary) and renamed into place, so a reader never sees half a file and a retried job
 * overwrites its own earlier copy. Temporaries are named after the pipeline; a kill leaves them
 * behind, and the next load of that pipeline deletes them (the pipeline's lock guarantees none of
 * them is still being written). The system tables are written last, {@code _dlt_loads} after the
 * others, so a load id there means its files are complete.
 */
final class FilesystemClient implements DestinationClient {
    static final String INIT_FILE = "init";
    static final int MAX_STATE_FILES = 100;
    /** Where files are written before they are renamed into their table's folder. */
    static final String TEMP_FOLDER = ".dlt4j_tmp";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path datasetDir;
    private final FilesystemLayout layout;
    private final DestinationContext context;
    private volatile String schemaName;

    FilesystemClient(Path datasetDir, FilesystemLayout layout, DestinationContext context) {
        this.datasetDir = datasetDir;
        this.layout = layout;
        this.context = context;
        this.schemaName = context.pipelineName();
    }

    @Override
    public void initializeStorage() {
        try {
            Files.createDirectories(datasetDir);
            deleteStaleTemporaries();
            Path init = datasetDir.resolve(INIT_FILE);
            if (!Files.exists(init)) {
                writeAtomically(init, "{\"initial_version\": 2, \"current_version\": 2}"
                        .getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create dataset folder " + datasetDir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the temporaries an earlier, killed load of this pipeline left behind. */
    private void deleteStaleTemporaries() throws IOException {
        Path temp = datasetDir.resolve(TEMP_FOLDER);
        if (!Files.isDirectory(temp)) {
            return;
        }
        try (Stream<Path> files = Files.list(temp)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(context.pipelineName() + "."))
                    .toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A new temporary file name for {@code target}, in the dataset's temp folder. */
    private Path temporaryFor(Path target) throws IOException {
        Path temp = datasetDir.resolve(TEMP_FOLDER);
        Files.createDirectories(temp);
        return temp.resolve(context.pipelineName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
    }

    /** Files need no DDL: a table is a folder that appears with its first file. */
    @Override
    public List<String> migrate(Schema schema, Collection<Table> tables) {
        this.schemaName = schema.name();
        return List.of();
    }

    @Override
    public void beginLoad(Schema schema, String loadId) {
        this.schemaName = schema.name();
    }

    /** Deletes every file under each table's prefix (its folder, with the default layout). */
    @Override
    public void truncate(Collection<String> tables) {
        for (String table : tables) {
            String prefix = layout.tablePrefix(schemaName, table);
            int slash = prefix.lastIndexOf('/');
            Path start = slash < 0 ? datasetDir : datasetDir.resolve(prefix.substring(0, slash));
            if (!Files.isDirectory(start)) {
                continue;
            }
            List<Path> doomed = new ArrayList<>();
            try (Stream<Path> files = Files.walk(start)) {
                files.filter(Files::isRegularFile)
                        .filter(p -> relative(p).startsWith(prefix))
                        .forEach(doomed::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list files of table " + table + " under " + start, e);
            }
            for (Path p : doomed) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + p + " to replace table " + table, e);
                }
            }
        }
    }

    private String relative(Path p) {
        return datasetDir.relativize(p).toString().replace('\\', '/');
    }

    /**
     * Copies the file into the temp folder and counts its rows ({@link LoadJob#run()}), renames the
     * copy into its table's folder ({@link LoadJob#commit()}, atomic: readers see the whole file or
     * none), or deletes the copy ({@link LoadJob#abort()}). A copy a kill left behind is deleted by
     * the pipeline's next load. Files have no job marker: a resumed package writes the file again,
     * under the same name, replacing it.
     */
    @Override
    public LoadJob newLoadJob(Table table, JobFileName job, Path file, String loadId) {
        String ext = job.format() + (job.compressed() ? ".gz" : "");
        String rel = layout.path(schemaName, table.name(), loadId, job.fileId(), ext);
        Path target = datasetDir.resolve(rel).normalize();
        if (!target.startsWith(datasetDir)) {
            throw new DestinationTerminalException("file layout " + layout.pattern() + " puts table " + table.name()
                    + " outside the dataset folder " + datasetDir + ": " + rel);
        }
        return new FileJob(file, target, job);
    }

    /** One file's copy: written to a temporary, renamed into place on commit. Used by one thread. */
    private final class FileJob implements LoadJob {
        private final Path source;
        private final Path target;
        private final JobFileName job;
        private Path temporary;

        FileJob(Path source, Path target, JobFileName job) {
            this.source = source;
            this.target = target;
            this.job = job;
        }

        @Override
        public long run() {
            try {
                Files.createDirectories(target.getParent());
                temporary = temporaryFor(target);
                Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
                CrashPoints.reached("filesystem.job_copied");
                // the rows of the file as written to the dataset: the loader checks them against normalize's count
                return FileRows.count(temporary, job);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + source.getFileName() + " to " + target + ": "
                        + e.getMessage(), e);
            }
        }

        @Override
        public void commit() {
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                temporary = null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move " + temporary + " to " + target + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void abort() {
            if (temporary == null) {
                return;
            }
            try {
                Files.deleteIfExists(temporary);
                temporary = null;
            } catch (IOException e) {
                // left for the next load of this pipeline, which deletes its stale temporaries
            }
        }
    }

    @Override
    public void completeLoad(CompletedLoad load) {
        String schema = load.schema().name();
        String versionHex = hex(load.schema().versionHash());
        String inserted = load.insertedAt().toString();
        Path versions = datasetDir.resolve(Schema.VERSION_TABLE);
        if (!hasFileEndingWith(versions, schema + "__", "__" + versionHex + ".jsonl")) {
            ObjectNode v = MAPPER.createObjectNode();
            v.put("version", load.schema().version());
            v.put("engine_version", Schema.ENGINE_VERSION);
            v.put("inserted_at", inserted);
            v.put("schema_name", schema);
            v.put("version_hash", load.schema().versionHash());
            v.put("schema", load.schemaJson());
            writeRow(versions.resolve(schema + "__" + load.loadId() + "__" + versionHex + ".jsonl"), v);
        }
        Path states = datasetDir.resolve(Schema.STATE_TABLE);
        if (load.writesStateRow()) {
            writeStateFile(states, load, inserted);
        }
        ObjectNode l = MAPPER.createObjectNode();
        l.put("load_id", load.loadId());
        l.put("schema_name", schema);
        l.put("status", 0);
        l.put("inserted_at", inserted);
        l.put("schema_version_hash", load.schema().versionHash());
        writeRow(datasetDir.resolve(Schema.LOADS_TABLE).resolve(schema + "__" + load.loadId() + ".jsonl"), l);
    }

    /** The load's {@code _dlt_pipeline_state} file, {@code <pipeline>__<load_id>__<hex hash>.jsonl}, as dlt names it. */
    private void writeStateFile(Path states, CompletedLoad load, String inserted) {
        ObjectNode s = MAPPER.createObjectNode();
        s.put("version", load.stateVersion());
        s.put("engine_version", 4);
        s.put("pipeline_name", load.pipelineName());
        s.put("state", load.stateBlob());
        s.put("created_at", inserted);
        s.put("version_hash", load.stateHash());
        s.put("_dlt_load_id", load.loadId());
        s.put("_dlt_id", load.stateRowId());
        writeRow(states.resolve(load.pipelineName() + "__" + load.loadId() + "__" + hex(load.stateHash()) + ".jsonl"),
                s);
        pruneStateFiles(states, load.pipelineName());
    }

    /**
     * dlt's {@code get_stored_state} for files: of the pipeline's files in {@code _dlt_pipeline_state}
     * ({@code <pipeline>__<load_id>__<hash>.jsonl}), the one with the greatest load id whose load has
     * its {@code _dlt_loads} file (written last, so the load completed).
     */
    @Override
    public Optional<StoredState> storedState(String pipelineName) {
        Path states = datasetDir.resolve(Schema.STATE_TABLE);
        Set<String> completed = completedLoadIds();
        Optional<String[]> newest = systemFiles(states).stream().filter(parts -> parts.length == 3
                && parts[0].equals(pipelineName) && completed.contains(parts[1]))
                .max(Comparator.comparing((String[] parts) -> parts[1]));
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Path file = states.resolve(String.join("__", newest.get()) + ".jsonl");
        JsonNode row = readRow(file);
        if (!row.path("state").isTextual()) {
            throw new DestinationTerminalException("the stored state file " + file + " has no text column 'state';"
                    + " it is not a _dlt_pipeline_state row");
        }
        return Optional.of(new StoredState(row.path("pipeline_name").asText(pipelineName), row.path("version").asLong(0),
                row.path("engine_version").asLong(4), row.path("state").asText(), row.path("version_hash").asText(""),
                row.path("_dlt_load_id").asText(newest.get()[1])));
    }

    /** dlt's {@code get_stored_schema} for files: the schema's file in {@code _dlt_version} with the greatest load id. */
    @Override
    public Optional<StoredSchema> storedSchema(String schemaName) {
        Path versions = datasetDir.resolve(Schema.VERSION_TABLE);
        Optional<String[]> newest = systemFiles(versions).stream()
                .filter(parts -> parts.length == 3 && parts[0].equals(schemaName))
                .max(Comparator.comparing((String[] parts) -> parts[1]));
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Path file = versions.resolve(String.join("__", newest.get()) + ".jsonl");
        JsonNode row = readRow(file);
        if (!row.path("schema").isTextual()) {
            throw new DestinationTerminalException("the stored schema file " + file + " has no text column 'schema';"
                    + " it is not a _dlt_version row");
        }
        return Optional.of(new StoredSchema(schemaName, row.path("version").asLong(0),
                row.path("version_hash").asText(""), row.path("schema").asText()));
    }

    /**
     * Deletes the tables' files and their folders, and every stored version of the schema
     * ({@code _dlt_version/<schema>__*}), as dlt's {@code drop_tables(..., delete_schema=True)}.
     */
    @Override
    public void dropTables(String schemaName, Collection<String> tables) {
        this.schemaName = schemaName;
        truncate(tables);
        for (String table : tables) {
            String prefix = layout.tablePrefix(schemaName, table);
            if (prefix.endsWith("/")) {
                Path folder = datasetDir.resolve(prefix.substring(0, prefix.length() - 1)).normalize();
                if (folder.startsWith(datasetDir) && !folder.equals(datasetDir)) {
                    deleteEmptyFolders(folder);
                }
            }
        }
        Path versions = datasetDir.resolve(Schema.VERSION_TABLE);
        for (String[] parts : systemFiles(versions)) {
            if (parts.length == 3 && parts[0].equals(schemaName)) {
                try {
                    Files.deleteIfExists(versions.resolve(String.join("__", parts) + ".jsonl"));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete the stored schema versions of " + schemaName
                            + " in " + versions + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Deletes {@code folder} and the folders under it once {@link #truncate} emptied them of files. */
    private static void deleteEmptyFolders(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> left = Files.list(p)) {
                        if (left.findAny().isEmpty()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the folder " + folder + " of a dropped table: "
                    + e.getMessage(), e);
        }
    }

    /** The load ids with a file in {@code _dlt_loads} ({@code <schema>__<load_id>.jsonl}). */
    private Set<String> completedLoadIds() {
        Set<String> out = new HashSet<>();
        for (String[] parts : systemFiles(datasetDir.resolve(Schema.LOADS_TABLE))) {
            if (parts.length >= 2) {
                out.add(parts[parts.length - 1]);
            }
        }
        return out;
    }

    /**
     * The {@code .jsonl} files of a system folder, each name without the extension split at
     * {@code __} from the right into at most three parts, so a pipeline or schema name holding
     * {@code __} stays whole.
     */
    private static List<String[]> systemFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<String[]> out = new ArrayList<>();
            for (String name : files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl")).toList()) {
                String base = name.substring(0, name.length() - ".jsonl".length());
                int last = base.lastIndexOf("__");
                if (last < 0) {
                    out.add(new String[] {base});
                    continue;
                }
                int middle = base.lastIndexOf("__", last - 1);
                out.add(middle < 0 ? new String[] {base.substring(0, last), base.substring(last + 2)}
                        : new String[] {base.substring(0, middle), base.substring(middle + 2, last),
                                base.substring(last + 2)});
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readRow(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            int newline = text.indexOf('\n');
            return MAPPER.readTree(newline < 0 ? text : text.substring(0, newline));
        } catch (IOException e) {
            throw new DestinationTerminalException("the stored row in " + file + " cannot be read as JSON: "
                    + e.getMessage(), e);
        }
    }

    /** Keeps the newest {@value #MAX_STATE_FILES} state files of the pipeline, as dlt does. */
    private static void pruneStateFiles(Path states, String pipeline) {
        // by the name parsed from the right, as storedState reads it: a prefix would also match pipeline <pipeline>__x
        List<String[]> mine = new ArrayList<>(systemFiles(states).stream()
                .filter(parts -> parts.length == 3 && parts[0].equals(pipeline)).toList());
        mine.sort(Comparator.comparing((String[] parts) -> parts[1]).reversed());
        try {
            for (String[] old : mine.subList(Math.min(MAX_STATE_FILES, mine.size()), mine.size())) {
                Files.deleteIfExists(states.resolve(String.join("__", old) + ".jsonl"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune state files in " + states, e);
        }
    }

    private static boolean hasFileEndingWith(Path dir, String start, String end) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).anyMatch(n -> n.startsWith(start) && n.endsWith(end));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private void writeRow(Path file, ObjectNode row) {
        try {
            Files.createDirectories(file.getParent());
            writeAtomically(file, (MAPPER.writeValueAsString(row) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeAtomically(Path file, byte[] content) throws IOException {
        Path tmp = temporaryFor(file);
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** dlt names files by the hex of a base64 hash. */
    static String hex(String base64) {
        try {
            return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return base64.replaceAll("[^A-Za-z0-9]", "");
        }
    }

    @Override
    public void close() {
        // nothing held open: every file is closed when written
    }
}
