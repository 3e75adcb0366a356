package dev.dlt4j.extract;

import dev.dlt4j.ExtractInfo;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.config.ConfigResolver;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.progress.ProgressListener;
import dev.dlt4j.Column;
import dev.dlt4j.ColumnHint;
import dev.dlt4j.DataType;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.TableHints;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.PipelineState;
import dev.dlt4j.storage.ExtractedFiles;
import dev.dlt4j.storage.JobCount;
import dev.dlt4j.storage.LoadIds;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.PackageDestination;
import dev.dlt4j.storage.PipelineStorage;
import dev.dlt4j.spi.CrashPoints;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The extract stage: runs the resources of one source through a {@link PipeIterator}, routes every
 * item (a row, or a page written in one go) to its table's {@link TableWriter}, and commits the
 * package to {@code normalize/extracted/} by a folder rename. If anything fails, the temp package
 * is deleted, so normalize never sees half an extract.
 */
public final class Extractor {
    private final PipelineStorage storage;
    private final String pipelineName;
    private final NamingConvention naming;
    private final DataWriterConfig writerConfig;
    private final ExtractConfig config;
    private final Function<Resource, ExtractConfig> resourceConfig;
    private ProgressListener progress = ProgressListener.NONE;
    private Optional<PackageDestination> destination = Optional.empty();
    private Optional<ConfigResolver> configResolver = Optional.empty();
    private java.util.function.Consumer<LoadPackage> beforeCommit = pkg -> { };
    private Optional<String> fixedLoadId = Optional.empty();
    private Optional<ExtractedFiles> ahead = Optional.empty();
    private long aheadChunkRows;
    private long aheadChunkBytes;
    /** The listener of the extract running now, when its files go to one; an extractor runs one extract at a time. */
    private Optional<ExtractedFiles> streamingTo = Optional.empty();
    /** {@link Source#rootKey()} of the extract running now. */
    private boolean sourceRootKey;
    private boolean compressBlocks = true;

    public Extractor(PipelineStorage storage, String pipelineName, NamingConvention naming,
            DataWriterConfig writerConfig, ExtractConfig config) {
        this(storage, pipelineName, naming, writerConfig, config, r -> config);
    }

    private Extractor(PipelineStorage storage, String pipelineName, NamingConvention naming,
            DataWriterConfig writerConfig, ExtractConfig config, Function<Resource, ExtractConfig> resourceConfig) {
        this.storage = storage;
        this.pipelineName = pipelineName;
        this.naming = naming;
        this.writerConfig = writerConfig;
        this.config = config;
        this.resourceConfig = resourceConfig;
    }

    /** Where rows per table (per page) and finished resources are reported; default none. */
    public Extractor progress(ProgressListener value) {
        this.progress = value;
        return this;
    }

    /** The destination and dataset the packages are made for, written into each before it is committed. */
    public Extractor boundTo(PackageDestination value) {
        this.destination = Optional.of(value);
        return this;
    }

    /**
     * With {@code false}, extracted files that would be LZ4-compressed are LZ4 frames of uncompressed
     * blocks instead (checksums kept): for a destination that loads its job files plain, where compressing
     * extracted files costs more CPU than their size saves; default {@code true}.
     */
    public Extractor compressBlocks(boolean value) {
        this.compressBlocks = value;
        return this;
    }

    /** The configuration resources read through their {@link dev.dlt4j.ResourceContext}; default the process environment's. */
    public Extractor configResolver(ConfigResolver value) {
        this.configResolver = Optional.of(value);
        return this;
    }

    /**
     * Adds to each package, after its schema and state and before it is committed, what the caller
     * records there (a refresh's tables to drop); default nothing.
     */
    public Extractor beforeCommit(java.util.function.Consumer<LoadPackage> value) {
        this.beforeCommit = Objects.requireNonNull(value, "beforeCommit");
        return this;
    }

    /**
     * The load id of the package to extract, instead of a new one: the partitions of a split run
     * (dlt4j-spark) are extracted on several machines into one package, so their rows carry the same
     * {@code _dlt_load_id}; default a new {@link LoadIds#next()}.
     */
    public Extractor loadId(String value) {
        this.fixedLoadId = Optional.of(Objects.requireNonNull(value, "loadId"));
        return this;
    }

    public ExtractConfig config() {
        return config;
    }

    /**
     * Tells {@code files} of each extracted file as it is closed, while the extract runs, so that
     * normalize may start on them ({@link ExtractedFiles}); each table's files are then closed every
     * {@code chunkRows} rows or {@code chunkBytes} uncompressed bytes (or sooner, by
     * {@code file_max_items} / {@code file_max_bytes}) and named in the order they were
     * written. Only where the order of the package's files is known before they are written: not
     * for a source with a table name function, a run cut into packages ({@code package_max_items})
     * or a package of a split run ({@link #loadId}); those extract as if no listener were set.
     */
    public Extractor normalizeAhead(ExtractedFiles files, long chunkRows, long chunkBytes) {
        if (chunkRows < 1 || chunkBytes < 1) {
            throw new IllegalArgumentException("chunk rows and bytes must be at least 1, got " + chunkRows + ", "
                    + chunkBytes);
        }
        this.ahead = Optional.of(Objects.requireNonNull(files, "files"));
        this.aheadChunkRows = chunkRows;
        this.aheadChunkBytes = chunkBytes;
        return this;
    }

    /**
     * The table whose files sort first in the package, when every table the source can write is
     * known before extract (no table name function); the files sort by name, and {@code '.'}
     * ends the table name in a file name.
     */
    private Optional<String> firstTable(Source source) {
        String first = null;
        for (Resource r : source.resources()) {
            if (r.tableNameFunction().isPresent()) {
                return Optional.empty();
            }
            String t = naming.normalizeIdentifier(r.tableName());
            if (first == null || (t + ".").compareTo(first + ".") < 0) {
                first = t;
            }
        }
        return Optional.ofNullable(first);
    }

    /**
     * Settings for each resource: by default every resource gets the source-level config given to
     * the constructor. Per resource, {@code max_parallel_items} caps that resource's deferred items
     * in flight (within the source's cap); {@code workers} and {@code next_item_mode} belong to the
     * source's one pipe iterator and are taken from the source-level config only.
     */
    public Extractor withResourceConfig(Function<Resource, ExtractConfig> perResource) {
        return new Extractor(storage, pipelineName, naming, writerConfig, config,
                Objects.requireNonNull(perResource, "perResource")).compressBlocks(compressBlocks);
    }

    /**
     * Extracts one source into a new package and returns what was written; the schema gets the
     * table hints. Runs on the calling thread, with a pool of {@code workers} threads for deferred
     * items and parallelized resources that is shut down before this returns, on every path. A
     * failure (or SIGINT) throws {@link PipelineException} and deletes the unfinished package.
     *
     * <p>{@code base} is the pipeline state the run continues from: each resource is opened with
     * its state from it, and the package carries {@code base} with what the resources wrote,
     * {@linkplain PipelineState#bumped() bumped}. That state becomes the pipeline's when the package
     * is loaded, never here.
     */
    public ExtractResult extract(Source source, Schema schema, PipelineState base) {
        Instant started = Instant.now();
        sourceRootKey = source.rootKey();
        // a split run's partitions share the load id the driver fixed; they are never cut (see Pipeline.runPartition)
        LoadPackage[] pkg = {storage.newExtractPackage(fixedLoadId.orElseGet(LoadIds::next))};
        // resolved only when a resource asks: an extractor used without a pipeline reads the environment's
        ResourceStates states = new ResourceStates(pipelineName, source, base,
                () -> configResolver.orElseGet(ConfigResolver::fromEnvironment),
                config.incrementalMaxBoundaryHashes());
        Map<String, TableWriter> writers = new LinkedHashMap<>();
        Schema[] current = {schema};
        // package_max_items: the packages cut so far, finished but not published, and the stats of their tables
        List<RunPart> parts = new ArrayList<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, Long> flushes = new LinkedHashMap<>();
        Map<String, Integer> files = new LinkedHashMap<>();
        Set<String> writtenEarlier = new java.util.LinkedHashSet<>();
        // scd2 retires the rows a load does not bring again: it needs the whole run in one package
        long cutEvery = fixedLoadId.isPresent() || source.resources().stream().anyMatch(r -> r.writeDisposition()
                == WriteDisposition.MERGE && r.mergeStrategy() == dev.dlt4j.MergeStrategy.SCD2) ? 0 : config.packageMaxItems();
        Runnable beforeItem = () -> {
            if (cutEvery > 0 && rowsIn(writers) >= cutEvery) {
                // every part but the last carries the state the run started from: the run's new state (cursors)
                // becomes the pipeline's only with the last package, when every row of the run is loaded
                finishPart(pkg[0], writers, current[0], base.bumped(), started, parts.isEmpty(), rows, flushes, files);
                parts.add(new RunPart(pkg[0], java.util.Set.copyOf(writtenEarlier)));
                writtenEarlier.addAll(writers.keySet());
                writers.clear();
                pkg[0] = storage.newExtractPackage(LoadIds.next());
            }
        };
        boolean ok = false;
        List<LoadPackage> published = new ArrayList<>();
        PipeIterator pipe;
        Optional<String> first = cutEvery == 0 && fixedLoadId.isEmpty() ? firstTable(source) : Optional.empty();
        streamingTo = first.isPresent() ? ahead : Optional.empty();
        try {
            streamingTo.ifPresent(f -> f.started(pkg[0], first.get()));
            for (Resource resource : source.resources()) {
                // only checks the hints early: as in dlt, a table enters the schema with its first item
                applyHints(current[0], resource, null);
            }
            progress.total("Resources", source.resources().size());
            pipe = openPipe(source, states);
            RuntimeException failure = null;
            Optional<ExtractedFiles> listening = streamingTo;
            try (SigintGuard guard = SigintGuard.install(() -> {
                pipe.cancel();
                listening.ifPresent(ExtractedFiles::cancelled); // extract may be waiting for normalize to keep pace
            })) {
                drain(source, pipe, pkg, writers, current, beforeItem);
                progress.update("Resources", source.resources().size());
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                closePipe(source, pipe);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            int maxInFlight = pipe.maxInFlight();
            for (Pipe p : pipe.pipes()) {
                Resource resource = p.resource;
                String table = naming.normalizeIdentifier(resource.tableName());
                if (p.selected && resource.writeDisposition() == WriteDisposition.REPLACE
                        && resource.tableNameFunction().isEmpty() && p.written == 0
                        && current[0].table(table).map(Table::seenData).orElse(false)) {
                    // an empty replace must still empty a table that has data (dlt skips tables that never
                    // saw data): an empty file makes the load truncate it
                    writerFor(table, resource, pkg[0], writers, current).touch();
                }
            }
            finishPart(pkg[0], writers, current[0], states.applyTo(base).bumped(), started, parts.isEmpty(), rows,
                    flushes, files);
            String lastLoadId = pkg[0].loadId();
            if (!parts.isEmpty()) {
                pkg[0].recordRunPart(Optional.empty(), writtenEarlier);
            }
            // published in load id order, the last one last: until it is published, a kill leaves parts that the
            // next run discards (PipelineStorage), so the extract's rows and state are committed all or none
            for (RunPart part : parts) {
                part.pkg().recordRunPart(Optional.of(lastLoadId), part.writtenEarlier());
                published.add(storage.commitExtracted(part.pkg()));
                CrashPoints.reached("extract.between_packages");
            }
            // no other thread reads the package's files once this returns: the commit renames them
            streamingTo.ifPresent(ExtractedFiles::finishing);
            LoadPackage committed = storage.commitExtracted(pkg[0]);
            published.add(committed);
            ok = true;
            return new ExtractResult(new ExtractInfo(committed.loadId(), source.name(), rows, flushes, files,
                    Duration.between(started, Instant.now()), maxInFlight, states.cursorTrace()), current[0],
                    published.stream().map(LoadPackage::loadId).toList());
        } finally {
            Optional<ExtractedFiles> streamed = streamingTo;
            streamingTo = Optional.empty();
            if (!ok) {
                // first, so that no other thread reads the files deleted below
                streamed.ifPresent(ExtractedFiles::aborted);
                for (TableWriter w : writers.values()) {
                    w.abort();
                }
                storage.abortExtract(pkg[0]);
                for (RunPart part : parts) {
                    if (Files.isDirectory(part.pkg().root())) {
                        storage.abortExtract(part.pkg());
                    }
                }
                for (LoadPackage p : published) {
                    storage.discard(p.root(), "unfinished_extract");
                }
            }
        }
    }

    /** A package cut by {@code package_max_items}, finished and waiting to be published with the others. */
    private record RunPart(LoadPackage pkg, Set<String> writtenEarlier) {
    }

    private static long rowsIn(Map<String, TableWriter> writers) {
        long n = 0;
        for (TableWriter w : writers.values()) {
            n += w.rows();
        }
        return n;
    }

    /** Closes the package's writers and writes its job counts, schema, state and destination; adds its stats. */
    private void finishPart(LoadPackage pkg, Map<String, TableWriter> writers, Schema schema, PipelineState state,
            Instant started, boolean first, Map<String, Long> rows, Map<String, Long> flushes,
            Map<String, Integer> files) {
        Map<String, JobCount> counts = new LinkedHashMap<>();
        for (TableWriter w : writers.values()) {
            w.close();
            counts.putAll(w.fileCounts());
            rows.merge(w.table(), w.rows(), Long::sum);
            flushes.merge(w.table(), w.flushes(), Long::sum);
            files.merge(w.table(), w.files(), Integer::sum);
        }
        // normalize checks every extracted file against this: a truncated file is refused, not read short
        pkg.recordJobCounts(counts);
        pkg.writeSchema(schema);
        pkg.writePipelineState(state, started);
        destination.ifPresent(d -> pkg.writeJson(PackageDestination.FILE, d.toJson()));
        if (first) {
            // a refresh's drops and truncations happen once, with the run's first package
            beforeCommit.accept(pkg);
        }
    }

    /** The outcome of {@link #extract}: the info and the schema with the resources' table hints applied. */
    public record ExtractResult(ExtractInfo info, Schema schema, List<String> loadIds) {
        public ExtractResult {
            loadIds = List.copyOf(loadIds);
        }
    }

    /** Extracts one source continuing from a pipeline that never loaded (tests, tools). */
    public ExtractResult extract(Source source, Schema schema) {
        return extract(source, schema, PipelineState.initial(pipelineName, pipelineName + "_dataset"));
    }

    private PipeIterator openPipe(Source source, ResourceStates states) {
        try {
            return new PipeIterator(source, pipelineName, config, resourceConfig, states);
        } catch (ExtractFailure e) {
            throw failure(source, e.resource(), e.getMessage(), e.position(), e.getCause());
        }
    }

    /** Writes every item the pipe iterator hands out; failures become one PipelineException. */
    private void drain(Source source, PipeIterator pipe, LoadPackage[] pkg, Map<String, TableWriter> writers,
            Schema[] schema, Runnable beforeItem) {
        while (true) {
            PipeItem pi;
            try {
                pi = pipe.next();
            } catch (PipeIterator.ExtractInterrupted e) {
                throw interruptedFailure(source, e);
            } catch (ExtractFailure e) {
                if (pipe.isCancelled() || Thread.currentThread().isInterrupted()) {
                    throw interruptedFailure(source, e);
                }
                throw failure(source, e.resource(), e.getMessage(), e.position(), e.getCause());
            }
            if (pi == null) {
                return;
            }
            try {
                beforeItem.run();
                write(pi, pkg[0], writers, schema);
            } catch (UnsupportedValueException e) {
                throw failure(source, pi.pipe().name, e.getMessage(), pi.position(), e);
            } catch (RuntimeException e) {
                if (pipe.isCancelled()) {
                    throw interruptedFailure(source, e);
                }
                throw failure(source, pi.pipe().name, "writing the item failed: " + e, pi.position(), e);
            }
        }
    }

    private void closePipe(Source source, PipeIterator pipe) {
        try {
            pipe.close();
        } catch (RuntimeException e) {
            throw failure(source, "?", "closing the resources failed: " + e, 0, e);
        } finally {
            if (pipe.wasSignalled()) {
                Thread.interrupted(); // our own interrupt (SIGINT), not the caller's
            }
        }
    }

    private PipelineException interruptedFailure(Source source, RuntimeException e) {
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put("pipeline", pipelineName);
        ctx.put("stage", "extract");
        ctx.put("source", source.name());
        ctx.put("hint", "nothing of this extract was kept and data loaded before is intact; run again.");
        return new PipelineException("extraction was interrupted (SIGINT / Ctrl-C or thread interrupt)", ctx, e);
    }

    private void write(PipeItem pi, LoadPackage pkg, Map<String, TableWriter> writers, Schema[] schema) {
        Resource resource = pi.pipe().resource;
        Object item = pi.item();
        Function<Object, String> tableOf = resource.tableNameFunction().orElse(null);
        if (item instanceof List<?> page) {
            writePage(page, resource, naming.normalizeIdentifier(resource.tableName()), tableOf, pkg, writers,
                    schema);
        } else {
            TableWriter w = writerFor(tableOf == null ? naming.normalizeIdentifier(resource.tableName())
                    : tableName(tableOf, item), resource, pkg, writers, schema);
            long before = w.rows();
            w.write(item);
            w.endItem();
            progress.update(w.table(), w.rows() - before); // a ColumnPage is one item of many rows
        }
    }

    private void writePage(List<?> page, Resource resource, String staticTable, Function<Object, String> tableOf,
            LoadPackage pkg, Map<String, TableWriter> writers, Schema[] schema) {
        if (tableOf == null) {
            TableWriter w = writerFor(staticTable, resource, pkg, writers, schema);
            long before = w.rows();
            for (Object row : page) {
                if (row != null) {
                    w.write(row);
                }
            }
            w.endItem();
            progress.update(w.table(), w.rows() - before);
            return;
        }
        Map<String, TableWriter> touched = new HashMap<>();
        Map<String, Long> before = new HashMap<>();
        for (Object row : page) {
            if (row != null) {
                TableWriter w = writerFor(tableName(tableOf, row), resource, pkg, writers, schema);
                before.putIfAbsent(w.table(), w.rows());
                w.write(row);
                touched.put(w.table(), w);
            }
        }
        touched.values().forEach(TableWriter::endItem);
        touched.values().forEach(w -> progress.update(w.table(), w.rows() - before.get(w.table())));
    }

    private String tableName(Function<Object, String> tableOf, Object row) {
        String name = tableOf.apply(row);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the table name function returned an empty name for a row");
        }
        return naming.normalizeIdentifier(name);
    }

    private TableWriter writerFor(String table, Resource resource, LoadPackage pkg, Map<String, TableWriter> writers,
            Schema[] schema) {
        TableWriter w = writers.get(table);
        if (w == null) {
            schema[0] = applyHints(schema[0], resource, table);
            w = streamingTo.isPresent() ? new TableWriter(pkg, table, chunked(writerConfig), compressBlocks,
                    Optional.of(closedTo(streamingTo.get(), pkg, schema)))
                    : new TableWriter(pkg, table, writerConfig, compressBlocks);
            writers.put(table, w);
        }
        return w;
    }

    /** Extract's writer settings with files closed every {@link #aheadChunkRows} rows or {@link #aheadChunkBytes} at the most. */
    private DataWriterConfig chunked(DataWriterConfig c) {
        return c.withFileMaxItems(c.fileMaxItems() > 0 ? Math.min(c.fileMaxItems(), aheadChunkRows) : aheadChunkRows)
                .withFileMaxBytes(c.fileMaxBytes() > 0 ? Math.min(c.fileMaxBytes(), aheadChunkBytes) : aheadChunkBytes);
    }

    /** Tells {@code files} of a closed file with its rows and bytes and the package's schema as it is now. */
    private static java.util.function.BiConsumer<dev.dlt4j.spi.JobFileName, Long> closedTo(ExtractedFiles files,
            LoadPackage pkg, Schema[] schema) {
        return (file, rows) -> files.closed(file, new JobCount(rows, LoadPackage.size(pkg.jobPath(
                dev.dlt4j.storage.JobState.NEW, file))), schema[0]);
    }

    private static long rowsOf(Map<String, TableWriter> writers, String table) {
        TableWriter w = writers.get(table);
        return w == null ? 0 : w.rows();
    }

    /** Puts the resource's hints (disposition, keys, column types, nesting) on its table in the schema. */
    Schema applyHints(Schema schema, Resource resource, String tableOverride) {
        if (tableOverride == null && resource.tableNameFunction().isPresent()) {
            return schema;
        }
        String table = tableOverride != null ? tableOverride : naming.normalizeIdentifier(resource.tableName());
        Table found = schema.table(table).orElse(Table.root(table, resource.name(), resource.writeDisposition()));
        if (!found.isRoot()) {
            throw new IllegalArgumentException("resource " + resource.name() + " writes to table " + table
                    + ", which is a child table in schema " + schema.name());
        }
        // the keys the resource declares: as dlt's _merge_keys, a primary (merge) key list replaces the flags of the
        // resource's own columns; without one, those flags are the key; declaring none keeps the table's
        List<String> pk = declaredKeys(resource, resource.primaryKey(), Column::primaryKey, ColumnHint::primaryKey);
        List<String> mk = declaredKeys(resource, resource.mergeKey(), Column::mergeKey, ColumnHint::mergeKey);
        // the resource's hints replace the table's; contract and file format only where the resource sets them
        TableHints tableHints = resource.hints().toBuilder().primaryKey(pk).mergeKey(mk)
                .contract(resource.hints().contract().or(() -> found.hints().contract()))
                .fileFormat(resource.hints().fileFormat().or(found::fileFormat))
                .scd2(resource.hints().scd2().withNames(naming::normalizePath)).build();
        // as dlt's extend_table: a table merged by a strategy that deletes nested rows by their root key, or of a
        // source that asks for it, propagates the root key from now on, whatever its disposition later
        boolean rootKey = sourceRootKey || resource.writeDisposition() == WriteDisposition.MERGE
                && tableHints.mergeStrategy() != dev.dlt4j.MergeStrategy.SCD2;
        Table t = found.toBuilder().resource(resource.name()).hints(tableHints).columnHints(Map.of())
                .propagatesRootKey(found.propagatesRootKey() || rootKey && !Schema.isDltTable(table)).build();
        Map<String, ColumnHint> hints = new LinkedHashMap<>();
        for (ColumnHint hint : resource.columnHints().values()) {
            String name = naming.normalizePath(hint.name());
            hints.put(name, hint.withName(name).withPrimaryKey(pk.contains(name)).withMergeKey(mk.contains(name)));
        }
        for (Column hint : resource.columns().values()) {
            String name = naming.normalizePath(hint.name());
            Column existing = t.columns().get(name);
            if (existing == null) {
                // a typed column hint is a complete column: it is created even before data arrives
                Column typed = hint.withName(name).withPrimaryKey(pk.contains(name)).withMergeKey(mk.contains(name));
                ColumnHint more = hints.remove(name);
                t = t.withColumn(more == null ? typed : more.applyTo(typed));
            }
        }
        if (t.isScd2()) {
            // as dlt's scd2 hints: the validity columns are timestamps from the start (empty in staging, so
            // nullable), and a row version column of the data must have a value in every row
            dev.dlt4j.Scd2 scd2 = t.scd2();
            for (String validity : List.of(scd2.validFrom(), scd2.validTo())) {
                if (!t.columns().containsKey(validity)) {
                    t = t.withColumn(Column.of(validity, DataType.TIMESTAMP));
                }
            }
            if (!scd2.rowVersionColumnName().equals(dev.dlt4j.Scd2.DEFAULT.rowVersionColumnName()) && !t.columns().containsKey(scd2.rowVersionColumnName())) {
                hints.merge(scd2.rowVersionColumnName(), ColumnHint.of(scd2.rowVersionColumnName()).withNullable(false),
                        (h, n) -> h.withNullable(false));
            }
        }
        // as dlt's _merge_keys: a key column not typed above is an incomplete, non-nullable column
        Map<String, Column> typedColumns = t.columns();
        pk.stream().filter(k -> !typedColumns.containsKey(k)).forEach(k -> hints.merge(k,
                ColumnHint.of(k).withPrimaryKey(true), (h, n) -> h.withPrimaryKey(true)));
        mk.stream().filter(k -> !typedColumns.containsKey(k)).forEach(k -> hints.merge(k,
                ColumnHint.of(k).withMergeKey(true), (h, n) -> h.withMergeKey(true)));
        for (ColumnHint h : hints.values()) {
            // merge hints given later to a column that already exists take effect on it
            Column existing = t.columns().get(h.name());
            if (existing != null && (h.hardDelete() || h.dedupSort().isPresent())) {
                t = t.withColumn(existing.withMergeHints(h.hardDelete(), h.dedupSort()));
            }
        }
        return schema.withTable(t.withDeclaredKeys(pk, mk).withColumnHints(hints));
    }

    /** {@code listed}, normalized, when the resource lists a key; else its columns flagged by {@code typed} / {@code hinted}. */
    private List<String> declaredKeys(Resource resource, List<String> listed,
            java.util.function.Predicate<Column> typed, java.util.function.Predicate<ColumnHint> hinted) {
        List<String> out = new ArrayList<>();
        if (!listed.isEmpty()) {
            listed.forEach(k -> out.add(naming.normalizePath(k)));
            return out;
        }
        resource.columns().values().stream().filter(typed).map(c -> naming.normalizePath(c.name()))
                .filter(n -> !out.contains(n)).forEach(out::add);
        resource.columnHints().values().stream().filter(hinted).map(h -> naming.normalizePath(h.name()))
                .filter(n -> !out.contains(n)).forEach(out::add);
        return out;
    }

    private PipelineException failure(Source source, String resource, String message, long item,
            Throwable cause) {
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put("pipeline", pipelineName);
        ctx.put("stage", "extract");
        ctx.put("source", source.name());
        ctx.put("resource", resource);
        // the table the resource writes, when it is one (a table name function decides per row)
        source.resources().stream().filter(r -> r.name().equals(resource) && r.tableNameFunction().isEmpty())
                .findFirst().ifPresent(r -> ctx.put("table", naming.normalizeIdentifier(r.tableName())));
        ctx.put("item", Long.toString(item));
        ctx.put("hint", "nothing of this extract was kept and data loaded before is intact; fix the resource and"
                + " run again.");
        return new PipelineException(message, ctx, cause);
    }
}
