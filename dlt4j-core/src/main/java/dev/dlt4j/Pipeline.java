package dev.dlt4j;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.config.DataWriterConfig;
import dev.dlt4j.config.ExtractConfig;
import dev.dlt4j.config.LoadConfig;
import dev.dlt4j.config.NormalizeConfig;
import dev.dlt4j.destination.Destination;
import dev.dlt4j.destination.DestinationContext;
import dev.dlt4j.extract.Extractor;
import dev.dlt4j.load.LoadResult;
import dev.dlt4j.load.Loader;
import dev.dlt4j.normalize.NormalizeException;
import dev.dlt4j.normalize.Normalizer;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.LoaderFileFormat;
import dev.dlt4j.storage.PipelineStorage;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Moves data from resources into a dataset at a destination, in three stages that meet only in
 * the working folder: {@link #extract}, {@link #normalize}, {@link #load}, or all three with
 * {@link #run}. A run first finishes any package a crashed run left behind, then goes on with its
 * own data. One pipeline object may be used for many runs, from one thread at a time.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder("github").dataset("github_data").build();
 * LoadInfo info = pipeline.run(Source.of("github", issues, comments));
 * }</pre>
 */
public final class Pipeline {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String name;
    private final String datasetName;
    private final Destination destination;
    private final PipelineStorage storage;
    private final Path localDir;
    private final DataWriterConfig extractWriter;
    private final DataWriterConfig normalizeWriter;
    private final ExtractConfig extractConfig;
    private final NormalizeConfig normalizeConfig;
    private final LoadConfig loadConfig;
    private final NamingConvention naming;

    private Pipeline(Builder b) {
        this.name = b.name;
        this.datasetName = b.dataset != null ? b.dataset : b.name + "_dataset";
        this.destination = b.destination != null ? b.destination : Destination.named("duckdb");
        Path pipelinesDir = b.pipelinesDir != null ? b.pipelinesDir : defaultPipelinesDir();
        this.storage = new PipelineStorage(pipelinesDir.resolve(b.name));
        this.localDir = b.localDir != null ? b.localDir : Paths.get("").toAbsolutePath();
        this.extractWriter = b.extractWriter;
        this.normalizeWriter = b.normalizeWriter;
        this.extractConfig = b.extractConfig;
        this.normalizeConfig = b.normalizeConfig;
        this.loadConfig = b.loadConfig;
        this.naming = new NamingConvention(destination.capabilities().maxIdentifierLength());
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    static Path defaultPipelinesDir() {
        String dataDir = System.getenv("DLT4J_DATA_DIR");
        if (dataDir != null && !dataDir.isBlank()) {
            return Paths.get(dataDir).resolve("pipelines");
        }
        return Paths.get(System.getProperty("user.home"), ".dlt4j", "pipelines");
    }

    public String name() {
        return name;
    }

    public String datasetName() {
        return datasetName;
    }

    public Destination destination() {
        return destination;
    }

    /** The working folder holding state, schemas and load packages. */
    public Path workingDir() {
        return storage.workingDir();
    }

    /** Extracts, normalizes and loads the source; pending packages of earlier runs are finished first. */
    public LoadInfo run(Source source) {
        Objects.requireNonNull(source, "source");
        storage.removeTemporaryPackages();
        LoadInfo pending = storage.hasPendingPackages() ? combine(normalize(), load(), null) : null;
        LoadInfo extracted = extract(source);
        LoadInfo normalized = normalize();
        LoadInfo loaded = load();
        LoadInfo mine = combine(normalized, loaded, extracted);
        return pending == null ? mine : merge(pending, mine);
    }

    /** Runs resources that belong to no source: they form a source named after the pipeline. */
    public LoadInfo run(Resource... resources) {
        return run(Source.of(name, resources));
    }

    public LoadInfo extract(Source source) {
        storage.removeTemporaryPackages();
        Schema schema = storage.schema(source.name()).orElse(Schema.empty(source.name()));
        Extractor extractor = new Extractor(storage, name, naming, extractWriter, extractConfig);
        Extractor.ExtractResult result = extractor.extract(source, schema, pipelineState(source.name()));
        return new LoadInfo(name, destination.type(), destination.displayLocation(), datasetName,
                List.of(result.info().loadId()), result.info().rowCounts(), List.of(), result.info().elapsed(),
                Duration.ZERO, Duration.ZERO);
    }

    public LoadInfo extract(Resource... resources) {
        return extract(Source.of(name, resources));
    }

    /** Normalizes every extracted package, oldest first. */
    public LoadInfo normalize() {
        Instant started = Instant.now();
        Normalizer normalizer = new Normalizer(storage, naming, normalizeWriter, normalizeConfig,
                loaderFileFormat());
        List<String> ids = new ArrayList<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (LoadPackage pkg : storage.extractedPackages()) {
            Schema packageSchema = pkg.schema();
            Schema live = storage.schema(packageSchema.name()).orElse(packageSchema);
            Normalizer.Result result;
            try {
                result = normalizer.normalize(pkg, live);
            } catch (NormalizeException e) {
                throw failure("normalize", pkg.loadId(), e.getMessage(), Map.of("table", e.table()),
                        "the extracted package stays in normalize/extracted; fix the data or add a column hint", e);
            } catch (RuntimeException e) {
                throw failure("normalize", pkg.loadId(), String.valueOf(e.getMessage()), Map.of(),
                        "the extracted package stays in normalize/extracted and the next run normalizes it", e);
            }
            storage.saveSchema(result.schema());
            ids.add(pkg.loadId());
            result.info().rowCounts().forEach((t, n) -> rows.merge(t, n, Long::sum));
        }
        return new LoadInfo(name, destination.type(), destination.displayLocation(), datasetName, ids, rows,
                List.of(), Duration.ZERO, Duration.between(started, Instant.now()), Duration.ZERO);
    }

    /** Loads every normalized package, oldest first. */
    public LoadInfo load() {
        Instant started = Instant.now();
        Loader loader = new Loader(storage, destination,
                new DestinationContext(name, datasetName, storage.workingDir(), localDir), loadConfig);
        List<String> ids = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (LoadPackage pkg : storage.normalizedPackages()) {
            LoadResult result = loader.load(pkg);
            ids.add(result.loadId());
            failed.addAll(result.failedJobs());
        }
        return new LoadInfo(name, destination.type(), destination.displayLocation(), datasetName, ids, Map.of(),
                failed, Duration.ZERO, Duration.ZERO, Duration.between(started, Instant.now()));
    }

    /**
     * The format of the load job files: the destination's preferred one. The hook for a
     * per-pipeline {@code loader_file_format} (checked against the supported formats) to come.
     */
    private LoaderFileFormat loaderFileFormat() {
        return destination.capabilities().preferredFormat();
    }

    private ObjectNode pipelineState(String schemaName) {
        ObjectNode state = storage.state().orElseGet(MAPPER::createObjectNode);
        state.put("_state_version", state.path("_state_version").asLong(0) + 1);
        state.put("_state_engine_version", 4);
        state.put("pipeline_name", name);
        state.put("dataset_name", datasetName);
        if (!state.has("default_schema_name")) {
            state.put("default_schema_name", schemaName);
        }
        if (!state.has("schema_names")) {
            state.putArray("schema_names");
        }
        boolean known = false;
        for (var n : state.path("schema_names")) {
            known |= n.asText().equals(schemaName);
        }
        if (!known) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) state.get("schema_names")).add(schemaName);
        }
        state.put("destination_type", destination.type());
        state.put("destination_name", destination.type());
        if (!state.has("sources")) {
            state.putObject("sources");
        }
        storage.saveState(state);
        return state.deepCopy();
    }

    private LoadInfo combine(LoadInfo normalized, LoadInfo loaded, LoadInfo extracted) {
        List<String> ids = new ArrayList<>(loaded.loadIds());
        return new LoadInfo(name, destination.type(), destination.displayLocation(), datasetName, ids,
                normalized.rowCounts(), loaded.failedJobs(),
                extracted == null ? Duration.ZERO : extracted.extractTime(), normalized.normalizeTime(),
                loaded.loadTime());
    }

    private static LoadInfo merge(LoadInfo a, LoadInfo b) {
        List<String> ids = new ArrayList<>(a.loadIds());
        ids.addAll(b.loadIds());
        Map<String, Long> rows = new LinkedHashMap<>(a.rowCounts());
        b.rowCounts().forEach((t, n) -> rows.merge(t, n, Long::sum));
        List<String> failed = new ArrayList<>(a.failedJobs());
        failed.addAll(b.failedJobs());
        return new LoadInfo(b.pipelineName(), b.destinationType(), b.destinationLocation(), b.datasetName(), ids, rows,
                failed, a.extractTime().plus(b.extractTime()), a.normalizeTime().plus(b.normalizeTime()),
                a.loadTime().plus(b.loadTime()));
    }

    private PipelineException failure(String stage, String loadId, String message, Map<String, String> extra,
            String hint, Throwable cause) {
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put("pipeline", name);
        ctx.put("stage", stage);
        ctx.put("load_id", loadId);
        ctx.putAll(extra);
        ctx.put("hint", hint);
        return new PipelineException(message, ctx, cause);
    }

    @Override
    public String toString() {
        return "pipeline " + name + " -> " + destination.type() + " " + destination.displayLocation() + " dataset "
                + datasetName;
    }

    /** Optional knobs of a pipeline; every one has dlt's default. */
    public static final class Builder {
        private final String name;
        private String dataset;
        private Destination destination;
        private Path pipelinesDir;
        private Path localDir;
        private DataWriterConfig extractWriter = DataWriterConfig.DEFAULTS;
        private DataWriterConfig normalizeWriter = DataWriterConfig.DEFAULTS;
        private ExtractConfig extractConfig = ExtractConfig.DEFAULTS;
        private NormalizeConfig normalizeConfig = NormalizeConfig.DEFAULTS;
        private LoadConfig loadConfig = LoadConfig.DEFAULTS;

        private Builder(String name) {
            if (name == null || !name.matches("[A-Za-z0-9_\\-]+")) {
                throw new IllegalArgumentException("pipeline name '" + name
                        + "' is not valid; use letters, digits, '_' and '-' (it names a folder)");
            }
            this.name = name;
        }

        /** The dataset (schema) to load into; default {@code <pipeline_name>_dataset}. */
        public Builder dataset(String datasetName) {
            this.dataset = Objects.requireNonNull(datasetName, "datasetName");
            return this;
        }

        public Builder destination(Destination value) {
            this.destination = Objects.requireNonNull(value, "destination");
            return this;
        }

        /** A destination by name or URI, e.g. {@code duckdb} or {@code duckdb:///data/shop.duckdb}. */
        public Builder destination(String nameOrUri) {
            return destination(Destination.named(nameOrUri));
        }

        /** Where working folders live; default {@code ~/.dlt4j/pipelines}. */
        public Builder pipelinesDir(Path value) {
            this.pipelinesDir = Objects.requireNonNull(value, "pipelinesDir");
            return this;
        }

        /** The directory relative destination paths refer to; default the working directory. */
        public Builder localDir(Path value) {
            this.localDir = Objects.requireNonNull(value, "localDir");
            return this;
        }

        /** Writer settings for both stages ({@code [data_writer]}). */
        public Builder dataWriter(DataWriterConfig value) {
            this.extractWriter = Objects.requireNonNull(value, "value");
            this.normalizeWriter = value;
            return this;
        }

        /** Writer settings for the extract stage only ({@code [sources.data_writer]}). */
        public Builder extractDataWriter(DataWriterConfig value) {
            this.extractWriter = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Writer settings for the normalize stage only ({@code [normalize.data_writer]}). */
        public Builder normalizeDataWriter(DataWriterConfig value) {
            this.normalizeWriter = Objects.requireNonNull(value, "value");
            return this;
        }

        public Builder extract(ExtractConfig value) {
            this.extractConfig = Objects.requireNonNull(value, "value");
            return this;
        }

        public Builder normalize(NormalizeConfig value) {
            this.normalizeConfig = Objects.requireNonNull(value, "value");
            return this;
        }

        public Builder load(LoadConfig value) {
            this.loadConfig = Objects.requireNonNull(value, "value");
            return this;
        }

        public Pipeline build() {
            return new Pipeline(this);
        }
    }
}
