package dev.dlt4j;

import dev.dlt4j.config.ConfigResolver;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.extract.Extractor;
import dev.dlt4j.load.LoadResult;
import dev.dlt4j.load.Loader;
import dev.dlt4j.normalize.NormalizeException;
import dev.dlt4j.normalize.NormalizeAhead;
import dev.dlt4j.normalize.Normalizer;
import dev.dlt4j.progress.ResolvedConfig;
import dev.dlt4j.progress.Tracer;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.PackageDestination;
import dev.dlt4j.storage.PipelineLock;
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
import java.util.Optional;

/**
 * Moves data from resources into a dataset at a destination, in three stages that meet only in
 * the working folder: {@link #extract}, {@link #normalize}, {@link #load}, or all three with
 * {@link #run}. A run first finishes any package a crashed run left behind, then goes on with its
 * own data. One pipeline object may be used for many runs, from one thread at a time.
 *
 * <p>The pipeline only orchestrates: each stage commits its own work in the working folder
 * (extract publishes its package with the state it carries, normalize the normalized package,
 * load marks the package loaded and so makes its state the pipeline's), {@code PipelineStates}
 * says which state an extract continues from, and with several packages pending a
 * {@code PackageScheduler} loads one while it normalizes the next.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder("github").dataset("github_data").build();
 * LoadInfo info = pipeline.run(Source.of("github", issues, comments));
 * }</pre>
 */
public final class Pipeline {
    private static final org.slf4j.Logger LOG = dev.dlt4j.log.Logs.get(Pipeline.class);

    private final String name;
    private final String datasetName;
    private final String destinationDataset; // datasetName normalized by the naming convention, as dlt does
    private final Destination destination;
    private final PipelineStorage storage;
    private final PipelineStates states;
    private final Path localDir;
    private final ConfigResolver config;
    private final PipelineConfig pipelineConfig;
    private final DataWriterConfig extractWriter; // set in code, else null: resolved per source
    private final DataWriterConfig normalizeWriter;
    private final ExtractConfig extractConfig; // set in code, else null: resolved per source
    private final NormalizeConfig normalizeConfig;
    /**
     * The run's normalize during extract, between its extract and its normalize (set and cleared on
     * the run's thread, under the pipeline lock); empty otherwise.
     */
    private Optional<NormalizeAhead> ahead = Optional.empty();
    private final LoadConfig loadConfig;
    private final NamingConvention naming;
    private final ProgressCollector progress;
    private final Tracer tracer;
    private final LoaderFileFormat loaderFileFormat;
    private final Optional<Refresh> refresh;
    private final boolean restoreFromDestination;
    private volatile ExtractInfo lastExtractInfo;
    /** The stages running now, with their package and start, for the message and trace of an interrupted run. */
    private final RunningStages running = new RunningStages();

    private Pipeline(Builder b) {
        this.name = b.name;
        this.datasetName = b.dataset != null ? b.dataset : b.name + "_dataset";
        // values set in code win; everything else comes from env, .dlt/secrets.toml, .dlt/config.toml, defaults,
        // all validated here, before any data moves
        Map<String, String> env = b.environment != null ? b.environment : System.getenv();
        this.config = ConfigResolver.of(b.projectDir != null ? b.projectDir : ConfigResolver.defaultProjectDir(env), env);
        // a destination given by name or URI is made with this pipeline's config, which its factory may read
        this.destination = b.destination != null ? b.destination
                : Destination.named(b.destinationSpec.orElse("duckdb"), config);
        this.pipelineConfig = config.pipeline(b.name).value();
        dev.dlt4j.log.LogLevels.apply(pipelineConfig.logLevel());
        Path pipelinesDir = b.pipelinesDir != null ? b.pipelinesDir
                : pipelineConfig.pipelinesDir().orElseGet(() -> defaultPipelinesDir(env));
        this.storage = new PipelineStorage(pipelinesDir.resolve(b.name));
        this.localDir = b.localDir != null ? b.localDir : Paths.get("").toAbsolutePath();
        this.extractWriter = b.extractWriter;
        this.normalizeWriter = b.normalizeWriter != null ? b.normalizeWriter : config.normalizeDataWriter(b.name).value();
        this.extractConfig = b.extractConfig;
        this.normalizeConfig = b.normalizeConfig != null ? b.normalizeConfig : config.normalize(b.name).value();
        this.loadConfig = b.loadConfig != null ? b.loadConfig : config.load(b.name).value();
        this.naming = new NamingConvention(destination.capabilities().maxIdentifierLength().orElse(Integer.MAX_VALUE));
        this.destinationDataset = normalizeDatasetName(datasetName, naming);
        this.progress = b.progress != null ? b.progress
                : ProgressCollector.named(pipelineConfig.progress(), "config key progress");
        this.tracer = new Tracer(storage.workingDir(), name, resolvedConfig(), b.listeners);
        this.states = new PipelineStates(storage, name, datasetName, destination.type());
        this.refresh = b.refresh != null ? Optional.of(b.refresh) : pipelineConfig.refresh();
        this.restoreFromDestination = b.restoreFromDestination != null ? b.restoreFromDestination
                : pipelineConfig.restoreFromDestination();
        // resolves the destination's own config (credentials, bucket) now: a missing one fails here, before any run
        location();
        this.loaderFileFormat = chooseFormat(b.loaderFileFormat != null ? Optional.of(b.loaderFileFormat)
                : normalizeConfig.loaderFileFormat(), destination);
    }

    /**
     * dlt's dataset name rule ({@code normalize_dataset_name}): the destination schema (or folder)
     * is the dataset name normalized like a table name, so {@code "My-Dataset 1"} becomes
     * {@code my_dataset_1}; {@link #datasetName()} keeps the name as given, as dlt's pipeline does.
     */
    static String normalizeDatasetName(String datasetName, NamingConvention naming) {
        if (datasetName.isBlank()) {
            throw new IllegalArgumentException("the dataset name cannot be empty or blank; give a name such as"
                    + " \"my_data\" to Pipeline.builder(...).dataset(...)");
        }
        String normalized = naming.normalizeIdentifier(datasetName);
        if (!normalized.equals(datasetName)) {
            LOG.warn("Due to normalization dataset name got changed from '{}' to '{}', which will be used to create"
                    + " db schemas or folders. We suggest that you use dataset names that do not need to be"
                    + " normalized.", datasetName, normalized);
        }
        return normalized;
    }

    /** Config values that differ from their defaults, recorded in the trace. */
    private Map<String, String> resolvedConfig() {
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.putAll(ResolvedConfig.differences("sources.data_writer", DataWriterConfig.DEFAULTS,
                extractWriter != null ? extractWriter : config.extractDataWriter(name, name).value()));
        cfg.putAll(ResolvedConfig.differences("normalize.data_writer", DataWriterConfig.DEFAULTS, normalizeWriter));
        cfg.putAll(ResolvedConfig.differences("extract", ExtractConfig.DEFAULTS,
                extractConfig != null ? extractConfig : config.extract(name, name).value()));
        cfg.putAll(ResolvedConfig.differences("normalize", NormalizeConfig.DEFAULTS, normalizeConfig));
        cfg.putAll(ResolvedConfig.differences("load", LoadConfig.DEFAULTS, loadConfig));
        if (!progress.name().equals("none")) {
            cfg.put("progress", progress.name());
        }
        return cfg;
    }

    /**
     * The job file format: the one asked for, else the destination's preferred. One asked for that
     * the destination does not read is refused naming it and the supported ones.
     */
    static LoaderFileFormat chooseFormat(Optional<LoaderFileFormat> asked, Destination destination) {
        var caps = destination.capabilities();
        if (asked.isEmpty()) {
            return caps.preferredFormat();
        }
        LoaderFileFormat f = asked.get();
        if (!caps.supportedFormats().contains(f)) {
            throw new IllegalArgumentException("destination " + destination.type() + " does not support loader file"
                    + " format " + f + "; supported: " + caps.formatNames() + " (preferred: " + caps.preferredFormat()
                    + ")");
        }
        return f;
    }

    /**
     * The collector this pipeline shows its stages' progress on ({@code none} unless configured):
     * dlt4j-spark shows a split run's Spark stage there, between the driver's begin and end calls.
     */
    public ProgressCollector progress() {
        return progress;
    }

    /** The trace of the last run (or of the last single-stage calls), from {@code trace.json}. */
    public Optional<PipelineTrace> lastTrace() {
        return tracer.lastTrace();
    }

    private static StepTrace.Outcome outcome(LoadInfo info) {
        return new StepTrace.Outcome(info.loadIds(), info.rowCounts(), info.failedJobs());
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** {@code $DLT4J_DATA_DIR/pipelines}, else {@code ~/.dlt4j/pipelines}. */
    public static Path defaultPipelinesDir() {
        return defaultPipelinesDir(System.getenv());
    }

    static Path defaultPipelinesDir(Map<String, String> env) {
        String dataDir = env.get("DLT4J_DATA_DIR");
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

    /**
     * The rows per table of this pipeline's dataset as the destination counts them now (dlt's
     * {@code pipeline.dataset().row_counts()}), system tables included; empty when the destination
     * cannot count. Reads only; call it between runs.
     */
    public Optional<java.util.SortedMap<String, Long>> rowCounts() {
        return destination.rowCounts(destinationContext());
    }

    /**
     * The dataset this pipeline loads, to read it back (dlt's {@code pipeline.dataset()}):
     * {@code pipeline.dataset().table("orders").rows()}. Nothing is opened until rows are read.
     *
     * @throws PipelineException naming the destination when it does not declare dataset queries
     *         ({@code DestinationCapabilities.supportsDatasetQueries}); nothing was opened then
     */
    public Dataset dataset() {
        if (!destination.capabilities().supportsDatasetQueries()) {
            throw new PipelineException("destination " + destination.type() + " at " + location()
                    + " cannot be read back: it declares no dataset queries", Map.of("pipeline", name, "stage",
                            "dataset", "hint", "read the data with the destination's own tools, or load into duckdb,"
                                    + " postgres or filesystem, which declare them"), null);
        }
        return new Dataset(name, destinationDataset, destination, destinationContext(), location());
    }

    /** Where this pipeline loads (e.g. the resolved database file), with any password masked. */
    public String destinationLocation() {
        return location();
    }

    /** The configuration this pipeline reads: use it to resolve per-source and per-resource settings. */
    public Config config() {
        return config;
    }

    /** {@code progress}, {@code pipelines_dir} and {@code [runtime] log_level} as resolved at build time. */
    public PipelineConfig pipelineConfig() {
        return pipelineConfig;
    }

    /**
     * The pipeline's state: that of the last loaded package (sources, resources, version), or the
     * initial state (version 0) before a package loaded. A package extracted but not yet loaded
     * does not count: its state becomes the pipeline's when it loads.
     */
    public dev.dlt4j.PipelineState state() {
        return states.loaded();
    }

    /** The working folder holding state, schemas and load packages. */
    public Path workingDir() {
        return storage.workingDir();
    }

    /**
     * Extracts, normalizes and loads the source; pending packages of earlier runs are finished first.
     * A working folder without state (a new machine, container or CI runner) first restores the
     * state and schemas from the destination ({@code restore_from_destination}, default true), so
     * the run continues where the last completed load left off. The pipeline's {@link Builder#refresh}
     * (or config key {@code refresh}) applies.
     */
    public LoadInfo run(Source source) {
        Objects.requireNonNull(source, "source");
        return locked(() -> tracer.run(() -> runTraced(source, refresh)));
    }

    /**
     * {@link #run(Source)} with dlt's {@code refresh} for this run: the source's tables are dropped
     * or emptied and its state reset (see {@link Refresh}) when this run's package loads.
     */
    public LoadInfo run(Source source, Refresh refresh) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(refresh, "refresh");
        return locked(() -> tracer.run(() -> runTraced(source, Optional.of(refresh))));
    }

    private LoadInfo runTraced(Source source, Optional<Refresh> mode) {
        capabilityCheck().resources(source, storage.knownSchemas(source.name()));
        mode.ifPresent(this::checkRefresh);
        storage.removeTemporaryPackages();
        restoreWhenNoState();
        LoadInfo pending = storage.hasPendingPackages() ? normalizeAndLoad(null) : null;
        LoadInfo mine;
        try {
            mine = normalizeAndLoad(tracer.step("extract", () -> extractTraced(source, mode.map(m -> new RefreshRequest(
                    m, resourceNames(source))), Optional.empty(), true), Pipeline::outcome));
        } finally {
            // normalize took its work over, or it is dropped here (its thread ended, its folder deleted)
            ahead.ifPresent(NormalizeAhead::close);
            ahead = Optional.empty();
        }
        return pending == null ? mine : merge(pending, mine);
    }

    /** What an extract resets: the mode and the resources it applies to. */
    private record RefreshRequest(Refresh mode, java.util.Set<String> resources) {
    }

    /** The resources a run extracts, with the parents of its transformers (dlt's {@code resources.extracted}). */
    private static java.util.Set<String> resourceNames(Source source) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Resource r : source.resources()) {
            names.add(r.name());
            r.parent().ifPresent(p -> names.add(p.name()));
        }
        return names;
    }

    /** A refresh that drops tables needs a destination that can; refused before anything is extracted. */
    private void checkRefresh(Refresh mode) {
        if (mode != Refresh.DROP_DATA && !destination.capabilities().supportsDropTables()) {
            throw new PipelineException("refresh " + mode + " drops tables, but destination " + destination.type()
                    + " cannot drop tables (it does not declare supportsDropTables)", Map.of("pipeline", name,
                            "stage", "start", "hint", "use refresh drop_data, or a destination that drops tables"));
        }
    }

    /**
     * dlt's {@code sync_destination} on a run: a working folder with no state and nothing pending
     * takes the destination's state and schemas, when {@code restore_from_destination} is on and
     * the destination can read them back.
     */
    private void restoreWhenNoState() {
        if (restoreFromDestination && destination.capabilities().supportsStateSync() && storage.state().isEmpty()
                && !storage.hasPendingPackages()) {
            destinationSync().restore(false);
        }
    }

    private DestinationSync destinationSync() {
        return new DestinationSync(name, datasetName, destination, destinationContext(), storage);
    }

    /**
     * dlt's {@code sync_destination} on demand ({@code dlt4j pipeline <name> sync}): replaces the
     * working folder's state and schemas with those of the destination's newest completed load.
     * Loaded packages and the trace stay. Returns the restored state; empty, and nothing changed,
     * when the destination holds none for this pipeline.
     *
     * @throws PipelineException when packages are pending (they carry state the destination does not
     *         have yet: load them with a run, or drop them), when the destination cannot read back
     *         state, or when the stored state cannot be read
     */
    public Optional<PipelineState> syncDestination() {
        return locked(() -> {
            storage.removeTemporaryPackages();
            if (storage.hasPendingPackages()) {
                throw new PipelineException("pipeline " + name + " has pending load packages, so its state was not"
                        + " replaced by the destination's", Map.of("pipeline", name, "stage", "sync", "hint",
                                "load them with a run first, or discard them with `dlt4j pipeline " + name
                                        + " drop-pending-packages`"));
            }
            return destinationSync().restore(true).map(DestinationSync.Restored::state);
        });
    }

    /**
     * dlt's {@code dlt pipeline drop}: drops the tables of the named resources (with their nested
     * tables) at the destination, removes them from the schema and resets the resources' state, by
     * a load package of its own that carries the drop with the new state and schema (so a kill
     * never leaves the state and the tables out of step). Pending packages are loaded first; a
     * working folder without state is first restored from the destination.
     *
     * @param schemaName the source (schema) whose resources are dropped
     * @param resources resource names, each one of the schema's or of its source state's
     * @throws PipelineException naming the unknown resources and the known ones, or a schema the
     *         pipeline does not have
     */
    public LoadInfo dropResources(String schemaName, java.util.Collection<String> resources) {
        Objects.requireNonNull(schemaName, "schemaName");
        java.util.Set<String> names = new java.util.LinkedHashSet<>(resources);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("name at least one resource to drop");
        }
        checkRefresh(Refresh.DROP_RESOURCES);
        return locked(() -> tracer.run(() -> {
            storage.removeTemporaryPackages();
            restoreWhenNoState();
            LoadInfo pending = storage.hasPendingPackages() ? normalizeAndLoad(null) : null;
            Schema schema = storage.schema(schemaName).orElseThrow(() -> new PipelineException("pipeline " + name
                    + " has no schema " + schemaName + "; its schemas: " + states.loaded().schemaNames(),
                    Map.of("pipeline", name, "stage", "drop", "hint", "name a schema of the pipeline")));
            java.util.Set<String> known = RefreshPlan.knownResources(schema, states.loaded());
            List<String> unknown = names.stream().filter(r -> !known.contains(r)).toList();
            if (!unknown.isEmpty()) {
                throw new PipelineException("resource(s) " + unknown + " not found in schema " + schemaName
                        + " of pipeline " + name + "; its resources: " + known, Map.of("pipeline", name,
                                "stage", "drop", "hint", "name resources that loaded tables or keep state"));
            }
            LoadInfo mine = normalizeAndLoad(extractStep(Source.of(schemaName),
                    Optional.of(new RefreshRequest(Refresh.DROP_RESOURCES, names))));
            return pending == null ? mine : merge(pending, mine);
        }));
    }

    /** Runs resources that belong to no source: they form a source named after the pipeline. */
    public LoadInfo run(Resource... resources) {
        return run(Source.of(name, resources));
    }

    public LoadInfo extract(Source source) {
        refresh.ifPresent(this::checkRefresh);
        return locked(() -> extractStep(source, refresh.map(m -> new RefreshRequest(m, resourceNames(source)))));
    }

    private LoadInfo extractStep(Source source, Optional<RefreshRequest> reset) {
        return tracer.step("extract", () -> extractTraced(source, reset, Optional.empty(), false), Pipeline::outcome);
    }

    /**
     * Extracts {@code source} into a package; with {@code normalizeNext} (a run, which normalizes
     * the package right after) and {@code [normalize] during_extract}, the package's first files are
     * normalized while it is extracted ({@link NormalizeAhead}, kept in {@link #ahead} for normalize).
     */
    private LoadInfo extractTraced(Source source, Optional<RefreshRequest> reset, Optional<String> loadId,
            boolean normalizeNext) {
        capabilityCheck().resources(source, storage.knownSchemas(source.name()));
        destination.warmUp(); // e.g. DuckDB loads its native library while extract runs
        storage.removeTemporaryPackages();
        // a load commit a kill interrupted is finished first: its state must be the one this extract continues
        storage.normalizedPackages();
        Optional<Schema> stored = storage.schema(source.name());
        Schema schema = stored.orElse(Schema.empty(source.name()));
        PipelineState base = states.forExtract(source.name());
        Optional<RefreshPlan> plan = Optional.empty();
        if (reset.isPresent() && stored.isEmpty()) {
            LOG.info("Refresh {} has no effect on source {} because the source is extracted for the first time",
                    reset.get().mode(), source.name());
        } else if (reset.isPresent()) {
            // as dlt's prepare_refresh_source: the extract starts from the reset schema and state, and its
            // package carries the tables to drop or empty, done when it loads
            plan = Optional.of(RefreshPlan.of(reset.get().mode(), schema, base, reset.get().resources()));
            schema = plan.get().schema();
            base = plan.get().state();
        }
        Optional<RefreshPlan> refreshPlan = plan;
        ResourceChecks.cursorValues(source, schema, naming); // an initial value against the loaded column type
        // per source: [sources.<source>.data_writer] and [sources.<source>.extract]; per resource:
        // [sources.<source>.<resource>.extract]
        ExtractConfig sourceConfig = extractConfig != null ? extractConfig : config.extract(name, source.name()).value();
        Extractor extractor = new Extractor(storage, name, naming,
                extractWriter != null ? extractWriter : config.extractDataWriter(name, source.name()).value(),
                sourceConfig)
                .withResourceConfig(r -> extractConfig != null ? extractConfig
                        : config.extract(name, source.name(), r.name()).value())
                // the extracted files of a destination that takes plain job files (as normalizer() writes them)
                // are LZ4 frames of uncompressed blocks: normalize reads them once, soon, and compressing cost
                // ~0.2 CPU s per 1M rows for files smaller than the plain job files made from them (performance.md)
                .compressBlocks(destination.capabilities().compressesJobFiles())
                .boundTo(binding())
                .configResolver(config)
                .progress(progress)
                .beforeCommit(pkg -> refreshPlan.ifPresent(r -> pkg.recordRefresh(r.mode().dltName(), r.dropped(),
                        r.truncated())));
        loadId.ifPresent(extractor::loadId);
        if (normalizeNext && loadId.isEmpty() && normalizeConfig.duringExtract() && normalizeConfig.workers() == 1) {
            // the schema normalize will merge the package's into, as normalizeOne computes it
            NormalizeAhead a = normalizer(dev.dlt4j.progress.ProgressListener.NONE)
                    .ahead(s -> refreshPlan.isPresent() ? s : stored.orElse(s));
            ahead = Optional.of(a);
            extractor.normalizeAhead(a, NormalizeAhead.CHUNK_ROWS, NormalizeAhead.CHUNK_BYTES);
        }
        Extractor.ExtractResult result;
        RunningStages.Stage running = this.running.start("extract", Optional.empty());
        progress.begin("Extract " + source.name());
        try {
            result = extractor.extract(source, schema, base);
        } finally {
            progress.end();
            this.running.end(running);
        }
        lastExtractInfo = result.info();
        tracer.addFiles(result.info().files().values().stream().mapToLong(Integer::longValue).sum());
        tracer.addCursors(result.info().incrementalCursors());
        return new LoadInfo(name, destination.type(), location(), datasetName,
                result.loadIds(), result.info().rowCounts(), List.of(), result.info().elapsed(),
                Duration.ZERO, Duration.ZERO);
    }

    /**
     * Starts a split run of {@code sourceName} (dlt4j-spark): a new load id, the source's stored
     * schema and the state the run continues from, for {@link #runPartition} on each executor.
     * Pending packages of this pipeline (a run stopped after extract, or a split run stopped after its
     * commit) are normalized and loaded first, so the plan starts from the loaded state.
     */
    public PartitionPlan planPartitions(String sourceName) {
        return locked(() -> {
            storage.removeTemporaryPackages();
            restoreWhenNoState();
            if (storage.hasPendingPackages()) {
                // a run stopped after extract or after a split run's commit: finished first, as run() does,
                // so the plan starts from the state those packages carry once loaded
                normalizeStep();
                loadStep();
            }
            return new PartitionPlan(dev.dlt4j.storage.LoadIds.next(), sourceName,
                    storage.schema(sourceName).map(dev.dlt4j.schema.SchemaJson::toJsonString),
                    states.forExtract(sourceName).toJson());
        });
    }

    /**
     * Extracts and normalizes one partition of a split run into a normalized package of this
     * pipeline's working folder (a fresh folder on shared storage, one per task attempt) and loads
     * nothing: the executor side of dlt4j-spark. The working folder is seeded with the plan's schema
     * and state first, so every partition normalizes against the same start; the package has the
     * plan's load id. Returns the commit message for {@link #commitPartitions}.
     */
    public PartitionCommit runPartition(Source source, int partition, String attempt, PartitionPlan plan) {
        if (!source.name().equals(plan.sourceName())) {
            throw new IllegalArgumentException("partition " + partition + " is of source '" + source.name()
                    + "', but the plan is for source '" + plan.sourceName() + "'");
        }
        // the cursors' functions travel with the commit: the driver has no source to ask; a transformer's
        // parent keeps its cursor's state under its own name without being one of the source's resources
        Map<String, Map<String, String>> functions = new LinkedHashMap<>();
        for (Resource top : source.resources()) {
            for (Optional<Resource> r = Optional.of(top); r.isPresent(); r = r.get().parent()) {
                Resource res = r.get();
                res.incremental().ifPresent(i -> functions.putIfAbsent(res.name(),
                        Map.of(i.cursorPath(), i.lastValueFunc().name())));
            }
        }
        return locked(() -> PartitionCommitter.run(this, storage, plan, partition, attempt, functions,
                () -> extractStepAs(source, plan.loadId()), this::normalizeStep));
    }

    private LoadInfo extractStepAs(Source source, String loadId) {
        return tracer.step("extract", () -> extractTraced(source, Optional.empty(), Optional.of(loadId), false),
                Pipeline::outcome);
    }

    /**
     * The committer of a split run, on the driver: keeps one commit per partition (a retried or
     * speculative task's second commit is dropped, its package never loaded), merges the partitions'
     * schemas onto the stored one in partition order (never finish order), moves their job files into
     * one normalized package with the plan's load id and the merged state, and loads it with the
     * normal loader; the state becomes the pipeline's when that package is loaded, last.
     *
     * @throws PipelineException when a partition is missing, a commit belongs to another plan, or two
     *         partitions inferred one column with different types
     */
    public LoadInfo commitPartitions(PartitionPlan plan, List<PartitionCommit> commits, int partitions) {
        return locked(() -> tracer.run(() -> {
            // the partitions' extract and normalize, as their tasks measured them, then the load: the trace
            // and times of a run (PartitionSteps)
            Instant committing = Instant.now();
            List<PartitionCommit> kept = PartitionSteps.kept(plan, commits);
            StepTrace extract = PartitionSteps.extract(plan, kept, committing);
            tracer.record(extract);
            try {
                PartitionCommitter.commit(name, storage, binding(), plan, commits, partitions);
            } catch (RuntimeException e) {
                tracer.record(PartitionSteps.normalize(plan, kept, Instant.now(),
                        Optional.of(String.valueOf(e.getMessage()))));
                throw e;
            }
            StepTrace normalize = PartitionSteps.normalize(plan, kept, Instant.now(), Optional.empty());
            tracer.record(normalize);
            LoadInfo loaded = loadStep();
            return new LoadInfo(name, destination.type(), location(), datasetName, loaded.loadIds(),
                    loaded.rowCounts(), loaded.failedJobs(), extract.elapsed(), normalize.elapsed(), loaded.loadTime());
        }));
    }

    /**
     * Records that the partitions of {@code plan}, started at {@code startedAt}, failed before their
     * commit (a Spark task failed on every attempt it had): the trace gets an extract step that failed
     * with {@code message}, as a run whose extract fails. Nothing was loaded; the state is unchanged.
     */
    public void partitionsFailed(PartitionPlan plan, Instant startedAt, String message) {
        locked(() -> {
            tracer.record(new StepTrace("extract", startedAt, Instant.now(), List.of(plan.loadId()), Map.of(), 0,
                    List.of(), Optional.of(message)));
            return null;
        });
    }

    /** What the last successful extract of this pipeline object wrote (files, flushes per table). */
    public Optional<ExtractInfo> lastExtractInfo() {
        return Optional.ofNullable(lastExtractInfo);
    }

    public LoadInfo extract(Resource... resources) {
        return extract(Source.of(name, resources));
    }

    /** Normalizes every extracted package, oldest first. */
    public LoadInfo normalize() {
        return locked(this::normalizeStep);
    }

    private LoadInfo normalizeStep() {
        return tracer.step("normalize", this::normalizeTraced, Pipeline::outcome);
    }

    private LoadInfo normalizeTraced() {
        Instant started = Instant.now();
        Normalizer normalizer = normalizer(progress);
        List<String> ids = new ArrayList<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        List<LoadPackage> extracted = storage.extractedPackages();
        requireBoundHere(extracted, "normalize");
        for (LoadPackage pkg : extracted) {
            Normalizer.Result result = normalizeShown(normalizer, pkg);
            tracer.addFiles(result.info().jobFiles());
            ids.add(pkg.loadId());
            result.info().rowCounts().forEach((t, n) -> rows.merge(t, n, Long::sum));
        }
        return new LoadInfo(name, destination.type(), location(), datasetName, ids, rows,
                List.of(), Duration.ZERO, Duration.between(started, Instant.now()), Duration.ZERO);
    }

    private Normalizer normalizer(dev.dlt4j.progress.ProgressListener listener) {
        // a destination whose reader is faster on plain files gets them plain (internal files, deleted once loaded)
        DataWriterConfig writer = destination.capabilities().compressesJobFiles() ? normalizeWriter
                : normalizeWriter.withDisableCompression(true);
        return new Normalizer(storage, naming, writer, normalizeConfig, loaderFileFormat())
                .progress(listener).maxColumnsPerTable(destination.capabilities().maxColumnsPerTable(), destination.type());
    }

    /** {@link #normalizeOne}, shown as a progress stage. */
    private Normalizer.Result normalizeShown(Normalizer normalizer, LoadPackage pkg) {
        RunningStages.Stage stage = running.start("normalize", Optional.of(pkg.loadId()));
        progress.begin("Normalize " + pkg.schema().name() + " in " + pkg.loadId());
        try {
            return normalizeOne(normalizer, pkg);
        } finally {
            progress.end();
            running.end(stage);
        }
    }

    /** Normalizes one extracted package against the live schema; the normalizer commits it. */
    private Normalizer.Result normalizeOne(Normalizer normalizer, LoadPackage pkg) {
        Schema packageSchema = pkg.schema();
        // a refreshed package's schema is the reset one (tables dropped, or anew): it replaces the live schema
        Schema live = pkg.refresh().isPresent() ? packageSchema
                : storage.schema(packageSchema.name()).orElse(packageSchema);
        try {
            // the package this run extracted continues from what was normalized during its extract
            Optional<NormalizeAhead> early = ahead.filter(a -> a.loadId().equals(Optional.of(pkg.loadId())));
            return normalizer.normalize(pkg, live, early);
        } catch (NormalizeException e) {
            // the same data fails the same way on every run: set it aside so that later runs proceed
            LoadPackage aside = storage.setAside(pkg, "normalize", e.getMessage());
            String fix = e.unreadableFile()
                    ? "its rows are not loaded: extract them again (run the source again for them)"
                    : "fix the data or add a column hint and run again";
            throw failure("normalize", pkg.loadId(), e.getMessage(), Map.of("table", e.table()),
                    "the package can never be normalized as it is, so it was set aside as failed in "
                            + aside.root() + " ('dlt4j pipeline " + name + " failed-jobs' shows it); " + fix, e);
        } catch (RuntimeException e) {
            throw failure("normalize", pkg.loadId(), String.valueOf(e.getMessage()), Map.of(),
                    "the extracted package stays in normalize/extracted and the next run normalizes it", e);
        }
    }

    /** Loads every normalized package, oldest first. */
    public LoadInfo load() {
        return locked(this::loadStep);
    }

    private LoadInfo loadStep() {
        return tracer.step("load", this::loadTraced, Pipeline::outcome);
    }

    private LoadInfo loadTraced() {
        Instant started = Instant.now();
        List<LoadResult> results = new ArrayList<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        List<LoadPackage> normalized = storage.normalizedPackages();
        requireBoundHere(normalized, "load");
        // one loader, and so one destination client, for every package of the step; closing it is part of the step
        try (Loader loader = new Loader(storage, destination, destinationContext(), loadConfig).progress(progress)) {
            loadEach(loader, normalized, results, rows);
        }
        return loaded(results, rows, Duration.between(started, Instant.now()));
    }

    private void loadEach(Loader loader, List<LoadPackage> normalized, List<LoadResult> results,
            Map<String, Long> rows) {
        for (LoadPackage pkg : normalized) {
            Map<String, Long> packageRows = rowCounts(pkg);
            LoadResult result;
            RunningStages.Stage stage = running.start("load", Optional.of(pkg.loadId()));
            progress.begin("Load " + pkg.schema().name() + " in " + pkg.loadId());
            try {
                result = loadOne(loader, pkg);
            } finally {
                progress.end();
                running.end(stage);
            }
            tracer.addFiles(result.completedJobs() + result.failedJobs().size());
            results.add(result);
            packageRows.forEach((t, n) -> rows.merge(t, n, Long::sum));
        }
    }

    /** Checks the package's tables against the destination, then loads it; the loader commits it (and its state). */
    private LoadResult loadOne(Loader loader, LoadPackage pkg) {
        Schema schema = pkg.schema();
        for (String root : rootsWithJobs(pkg, schema)) {
            capabilityCheck().table(schema.table(root).orElseThrow(), pkg.loadId());
        }
        return loader.load(pkg);
    }

    private LoadInfo loaded(List<LoadResult> results, Map<String, Long> rows, Duration elapsed) {
        List<String> ids = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (LoadResult r : results) {
            ids.add(r.loadId());
            failed.addAll(r.failedJobs());
        }
        return new LoadInfo(name, destination.type(), location(), datasetName, ids, rows,
                failed, Duration.ZERO, Duration.ZERO, elapsed);
    }

    /**
     * Normalizes and loads every pending package. With two or more extracted packages, package N
     * loads on a thread of its own while package N+1 is normalized ({@link PackageScheduler});
     * otherwise the stages run one after the other. The load thread reports no progress (the
     * collector belongs to this thread); both stages are traced as usual.
     */
    private LoadInfo normalizeAndLoad(LoadInfo extracted) {
        List<LoadPackage> toNormalize = storage.extractedPackages();
        if (toNormalize.size() < 2) {
            return combine(normalizeStep(), loadStep(), extracted);
        }
        List<LoadPackage> toLoad = storage.normalizedPackages();
        requireBoundHere(toNormalize, "normalize");
        requireBoundHere(toLoad, "load");
        Normalizer normalizer = normalizer(progress);
        Loader loader = new Loader(storage, destination, destinationContext(), loadConfig);
        List<String> normalizedIds = new ArrayList<>();
        Map<String, Long> normalizedRows = new LinkedHashMap<>();
        long[] jobFiles = {0};
        Instant[] normalizeEnd = {null};
        Map<String, Long> loadedRows = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        Instant started = Instant.now();
        java.util.concurrent.atomic.AtomicReference<Instant> loadEnded = new java.util.concurrent.atomic.AtomicReference<>();
        PackageScheduler scheduler = new PackageScheduler(toLoad, toNormalize, pkg -> {
            Normalizer.Result result = normalizeShown(normalizer, pkg);
            jobFiles[0] += result.info().jobFiles();
            normalizeEnd[0] = Instant.now();
            normalizedIds.add(pkg.loadId());
            result.info().rowCounts().forEach((t, n) -> normalizedRows.merge(t, n, Long::sum));
            return result.loadPackage();
        }, pkg -> {
            Map<String, Long> packageRows = rowCounts(pkg);
            RunningStages.Stage stage = running.start("load", Optional.of(pkg.loadId()));
            LoadResult result;
            try {
                result = loadOne(loader, pkg);
            } finally {
                running.end(stage);
            }
            packageRows.forEach((t, n) -> loadedRows.merge(t, n, Long::sum));
            loadEnded.set(Instant.now());
            return result;
        }, "dlt4j-load-" + name);
        List<LoadResult> results = new ArrayList<>();
        RuntimeException failure = null;
        try (loader) {
            scheduler.run().forEach(r -> results.add((LoadResult) r));
        } catch (RuntimeException e) {
            failure = e;
        }
        if (loadEnded.get() != null) {
            loadEnded.set(Instant.now()); // closing the destination (a DuckDB checkpoint) ends the load
        }
        Instant normalizeEnded = failure == null && normalizeEnd[0] != null ? normalizeEnd[0] : Instant.now();
        // both steps as they ran, side by side: normalize on this thread, load on the scheduler's
        LoadInfo normalized = new LoadInfo(name, destination.type(), location(), datasetName, normalizedIds,
                normalizedRows, List.of(), Duration.ZERO, Duration.between(started, normalizeEnded), Duration.ZERO);
        tracer.record("normalize", started, normalizeEnded, outcome(normalized), jobFiles[0],
                failure != null && failure.getMessage() != null && failure instanceof PipelineException pe
                        && "normalize".equals(pe.context().get("stage")) ? Optional.of(failure.getMessage())
                        : Optional.empty());
        LoadInfo loadedInfo;
        synchronized (loadedRows) {
            loadedInfo = loaded(results, new LinkedHashMap<>(loadedRows),
                    Duration.between(started, Optional.ofNullable(loadEnded.get()).orElse(started)));
        }
        tracer.record("load", started, Optional.ofNullable(loadEnded.get()).orElse(normalizeEnded),
                outcome(loadedInfo), results.stream().mapToLong(r -> r.completedJobs() + r.failedJobs().size()).sum(),
                failure instanceof PipelineException pe && "load".equals(pe.context().get("stage"))
                        ? Optional.of(failure.getMessage()) : Optional.empty());
        if (failure != null) {
            throw failure;
        }
        return combine(normalized, loadedInfo, extracted);
    }

    /** Runs a stage holding the working folder's lock; a second concurrent run fails at once. */
    private <T> T locked(java.util.function.Supplier<T> stage) {
        PipelineLock lock;
        try {
            lock = PipelineLock.acquire(storage.workingDir(), name);
        } catch (PipelineLock.PipelineLockedException e) {
            throw new PipelineException(e.getMessage(), Map.of("pipeline", name, "stage", "start"), e);
        }
        Thread hook = new Thread(this::interruptedByShutdown, "dlt4j-interrupted-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        try (lock) {
            return stage.get();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it reported the interruption
            }
        }
    }

    /**
     * Runs on a shutdown hook when the process is stopped (Ctrl-C, SIGTERM) while a stage runs:
     * says on stderr which stage stopped and that its package is kept for the next run, and records
     * the stage as failed in the trace. Prints directly, not through a logger, because the process
     * is exiting and the user must see why, whatever the log configuration.
     */
    private void interruptedByShutdown() {
        List<RunningStages.Stage> stopped = running.current();
        if (stopped.isEmpty()) {
            return;
        }
        List<String> messages = stopped.stream().map(s -> s.message(name, storage.workingDir())).toList();
        RunningStages.Stage last = stopped.get(stopped.size() - 1);
        tracer.interrupted(last.name(), last.startedAt(), stopped.stream().flatMap(s -> s.loadId().stream()).toList(),
                String.join("; ", messages));
        messages.forEach(m -> System.err.println("dlt4j: " + m));
        System.err.flush();
    }

    /** The destination and dataset this pipeline's packages are made for (no secret in it). */
    private PackageDestination binding() {
        return new PackageDestination(destination.type(), destination.identity(destinationContext()), datasetName);
    }

    /**
     * Refuses to go on when a pending package was made for another destination or dataset: it
     * belongs there, and loading it here would put its rows in the wrong place (and leave them
     * missing where they belong). Packages made before packages were bound go anywhere.
     */
    private void requireBoundHere(List<LoadPackage> pending, String stage) {
        PackageDestination here = binding();
        for (LoadPackage pkg : pending) {
            Optional<PackageDestination> bound = PackageDestination.of(pkg);
            if (bound.isPresent() && !bound.get().equals(here)) {
                throw failure(stage, pkg.loadId(), "the pending load package " + pkg.loadId() + " was made for "
                        + "destination " + bound.get() + ", but this run loads into " + here
                        + "; it is not loaded here.", Map.of(), "load it by running this pipeline against the"
                        + " destination and dataset it was made for, or discard it with `dlt4j pipeline " + name
                        + " drop-pending-packages`.", null);
            }
        }
    }

    /** Rows per table the normalizer wrote into the package (none for packages normalized before it did). */
    private static Map<String, Long> rowCounts(LoadPackage pkg) {
        Map<String, Long> rows = new LinkedHashMap<>();
        if (pkg.hasFile(LoadPackage.ROW_COUNTS_FILE)) {
            pkg.readJson(LoadPackage.ROW_COUNTS_FILE).fields().forEachRemaining(e -> rows.put(e.getKey(),
                    e.getValue().asLong()));
        }
        return rows;
    }

    private CapabilityCheck capabilityCheck() {
        return new CapabilityCheck(name, destination, loadConfig.replaceStrategy(), loaderFileFormat, naming);
    }

    /** The root tables of a package's jobs, in schema order. */
    private static List<String> rootsWithJobs(LoadPackage pkg, Schema schema) {
        java.util.Set<String> roots = new java.util.LinkedHashSet<>();
        for (JobState state : List.of(JobState.NEW, JobState.STARTED)) {
            for (var job : pkg.jobs(state)) {
                if (schema.table(job.table()).isPresent()) {
                    roots.add(schema.rootOf(job.table()).name());
                }
            }
        }
        return List.copyOf(roots);
    }

    private DestinationContext destinationContext() {
        return new DestinationContext(name, destinationDataset, storage.workingDir(), localDir, config);
    }

    private String location() {
        return destination.displayLocation(destinationContext());
    }

    /**
     * The pipeline's format of the load job files, chosen when it is built: {@link
     * Builder#loaderFileFormat}, else {@code [normalize] loader_file_format}, else the destination's
     * preferred one; a format the destination does not read fails the build. A resource's own
     * {@link Resource#fileFormat} wins for its tables.
     */
    private LoaderFileFormat loaderFileFormat() {
        return loaderFileFormat;
    }

    private LoadInfo combine(LoadInfo normalized, LoadInfo loaded, LoadInfo extracted) {
        List<String> ids = new ArrayList<>(loaded.loadIds());
        // rows of every package this run loaded, also those normalized by an earlier run
        return new LoadInfo(name, destination.type(), location(), datasetName, ids,
                loaded.rowCounts(), loaded.failedJobs(),
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
        return "pipeline " + name + " -> " + destination.type() + " " + location() + " dataset "
                + datasetName;
    }

    /**
     * Optional knobs of a pipeline. A value set here is "code" and wins over environment variables,
     * {@code .dlt/secrets.toml} and {@code .dlt/config.toml}; a knob not set here comes from them, else
     * from its default.
     */
    public static final class Builder {
        private final String name;
        private String dataset;
        private Destination destination; // set as an object, else made at build from destinationSpec
        private Optional<String> destinationSpec = Optional.empty();
        private Path pipelinesDir;
        private Path localDir;
        private Path projectDir;
        private Map<String, String> environment;
        // null = not set in code: resolved from the providers
        private DataWriterConfig extractWriter;
        private DataWriterConfig normalizeWriter;
        private ExtractConfig extractConfig;
        private NormalizeConfig normalizeConfig;
        private LoadConfig loadConfig;
        private ProgressCollector progress;
        private LoaderFileFormat loaderFileFormat;
        private Refresh refresh;
        private Boolean restoreFromDestination;
        private final List<PipelineListener> listeners = new ArrayList<>();

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
            this.destinationSpec = Optional.empty();
            return this;
        }

        /** A destination by name or URI, e.g. {@code duckdb} or {@code duckdb:///data/shop.duckdb}. */
        public Builder destination(String nameOrUri) {
            Destination.named(nameOrUri); // an unknown name or a bad URI fails here, where it was written
            this.destination = null;
            this.destinationSpec = Optional.of(nameOrUri);
            return this;
        }

        /** Where working folders live; default {@code pipelines_dir} from config, else {@code ~/.dlt4j/pipelines}. */
        public Builder pipelinesDir(Path value) {
            this.pipelinesDir = Objects.requireNonNull(value, "pipelinesDir");
            return this;
        }

        /** The directory relative destination paths refer to; default the working directory. */
        public Builder localDir(Path value) {
            this.localDir = Objects.requireNonNull(value, "localDir");
            return this;
        }

        /** Where {@code .dlt/config.toml} and {@code .dlt/secrets.toml} are read; default $DLT_PROJECT_DIR or cwd. */
        public Builder projectDir(Path value) {
            this.projectDir = Objects.requireNonNull(value, "projectDir");
            return this;
        }

        /** The environment variables config is read from; default the process environment (tests inject one). */
        public Builder environment(Map<String, String> value) {
            this.environment = Map.copyOf(Objects.requireNonNull(value, "environment"));
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

        /**
         * How progress is shown: {@code none} (default), {@code log} or {@code bar} (dlt's {@code tqdm},
         * {@code enlighten}, {@code alive_progress} mean {@code bar}); default from {@code PROGRESS}.
         *
         * @throws IllegalArgumentException for any other name, listing the allowed ones
         */
        public Builder progress(String value) {
            this.progress = ProgressCollector.named(Objects.requireNonNull(value, "progress"), "Pipeline.Builder.progress");
            return this;
        }

        /** A collector object, e.g. {@code ProgressCollector.log(Duration.ofSeconds(10), System.out)}. */
        public Builder progress(ProgressCollector value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /**
         * The format of the load job files ({@code [normalize] loader_file_format}); it must be one the
         * destination supports. Default: the destination's preferred format.
         */
        public Builder loaderFileFormat(LoaderFileFormat value) {
            this.loaderFileFormat = Objects.requireNonNull(value, "loaderFileFormat");
            return this;
        }

        /**
         * dlt's {@code refresh} for every run (and extract) of the pipeline built: see {@link Refresh};
         * default the config key {@code refresh}, else none.
         */
        public Builder refresh(Refresh value) {
            this.refresh = Objects.requireNonNull(value, "refresh");
            return this;
        }

        /**
         * Whether a run whose working folder has no state restores it from the destination; default
         * the config key {@code restore_from_destination}, else true.
         */
        public Builder restoreFromDestination(boolean value) {
            this.restoreFromDestination = value;
            return this;
        }

        /**
         * Adds a listener told of each step's start and end, e.g. {@code MicrometerMetrics.of(registry)}
         * of the dlt4j-micrometer module; any number, called in the order added.
         */
        public Builder listener(PipelineListener value) {
            this.listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        public Pipeline build() {
            return new Pipeline(this);
        }
    }
}
