package dev.dlt4j.normalize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.NormalizeConfig;
import dev.dlt4j.progress.ProgressListener;
import dev.dlt4j.progress.RowCountReporter;
import dev.dlt4j.Column;
import dev.dlt4j.ColumnHint;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.storage.JobCount;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.storage.DamagedFileException;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.storage.PackageDestination;
import dev.dlt4j.storage.PipelineStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The normalize stage: turns one extracted package into a load package. Each extracted file is
 * normalized by the {@link ItemNormalizer} of its format ({@code typed-rows}: row by row through a
 * {@link RelationalNormalizer}; {@code typed-columns}: positional rows of known columns through the
 * same normalizer; {@code workers} of them on parallel threads, each with its own
 * writers, when configured); a file in a format no normalizer reads fails the package before
 * anything is normalized. Job files are written into
 * {@code load/new/<load_id>/}, with {@code schema.json} and {@code schema_updates.json}, then the
 * folder is renamed into {@code load/normalized/} and the extracted package deleted. A crash in
 * between leaves the extracted package, which the next run normalizes again.
 */
public final class Normalizer {
    /** Root rows between two progress reports of an item normalizer (per page of 1,024, never per row). */
    static final int ROWS_PER_REPORT = 1024;

    private static final org.slf4j.Logger LOG = dev.dlt4j.log.Logs.get(Normalizer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final PipelineStorage storage;
    private final NamingConvention naming;
    private final DataWriterConfig writerConfig;
    private final NormalizeConfig config;
    private final LoaderFileFormat format;
    private ProgressListener progress = ProgressListener.NONE;
    /** The normalizer of each extracted file format, by format name. */
    private final Map<String, ItemNormalizer> itemNormalizers = new TreeMap<>(
            Map.of(TypedRowsNormalizer.FORMAT, new TypedRowsNormalizer(),
                    TypedColumnsNormalizer.FORMAT, new TypedColumnsNormalizer()));

    public Normalizer(PipelineStorage storage, NamingConvention naming, DataWriterConfig writerConfig,
            NormalizeConfig config, LoaderFileFormat format) {
        this.storage = storage;
        this.naming = naming;
        this.writerConfig = writerConfig;
        this.config = config;
        this.format = format;
    }

    /** Where files done and rows per table (every 1024 rows and per file) are reported; default none. */
    public Normalizer progress(ProgressListener value) {
        this.progress = value;
        return this;
    }

    private java.util.OptionalInt maxColumns = java.util.OptionalInt.empty();
    private String destinationType = "";

    /** The destination's limit of columns per table: a table beyond it fails normalize (not the load). */
    public Normalizer maxColumnsPerTable(java.util.OptionalInt value, String destinationType) {
        this.maxColumns = value;
        this.destinationType = destinationType;
        return this;
    }

    /**
     * Adds (or replaces) the normalizer of extracted files in {@code format}: the seam for the
     * formats of other item kinds. Call before {@link #normalize}.
     */
    Normalizer itemNormalizer(String format, ItemNormalizer normalizer) {
        itemNormalizers.put(format, normalizer);
        return this;
    }

    /**
     * The normalizer of an extracted file, by its format. A format without one fails, naming the
     * file: not as a {@link NormalizeException} (which sets the package aside as bad data), since
     * the package is sound and a dlt4j that reads the format (a newer one, or one with the module
     * of that format) normalizes it.
     */
    private ItemNormalizer itemNormalizerFor(LoadPackage extracted, JobFileName job) {
        ItemNormalizer n = itemNormalizers.get(job.format());
        if (n == null) {
            throw new IllegalStateException("extracted file " + extracted.jobPath(JobState.NEW, job)
                    + " of package " + extracted.loadId() + " is in format '" + job.format() + "', which no"
                    + " normalizer reads; known formats: " + String.join(", ", itemNormalizers.keySet()));
        }
        return n;
    }

    /**
     * A listener of extract that normalizes the package's first files while it is extracted, for
     * {@link #normalize(LoadPackage, Schema, Optional)} to continue; {@code live} as
     * {@link NormalizeAhead} describes. Its writers and settings are this normalizer's; it reports
     * no progress until normalize takes it over.
     */
    public NormalizeAhead ahead(java.util.function.UnaryOperator<Schema> live) {
        return new NormalizeAhead(this, storage, live);
    }

    /** The outcome: the normalized package, what it holds, and the evolved schema. */
    public record Result(LoadPackage loadPackage, NormalizeInfo info, Schema schema) {
    }

    /**
     * Normalizes {@code extracted} against {@code schema} (the pipeline's live schema, which wins
     * over the package's copy for tables it knows). With {@code workers > 1} the extracted files,
     * sorted by name, are split into contiguous groups normalized on parallel threads, each against
     * the same starting schema; their schemas are then merged in group order. A group whose schema
     * conflicts with what the groups before it decided (a column inferred with another type) is
     * normalized again against the merged schema, so the result is the one a single worker would
     * produce, whatever the timing.
     */
    public Result normalize(LoadPackage extracted, Schema schema) {
        return normalize(extracted, schema, Optional.empty());
    }

    /**
     * {@link #normalize(LoadPackage, Schema)}, continuing from what {@code ahead} normalized of
     * {@code extracted} while it was extracted, when that is exactly the start of what this would
     * normalize (see {@link NormalizeAhead#takeOver}); otherwise {@code ahead}'s work is dropped and
     * every file is normalized here. The outcome is the same either way.
     */
    public Result normalize(LoadPackage extracted, Schema schema, Optional<NormalizeAhead> ahead) {
        Instant started = Instant.now();
        Schema input = merge(schema, extracted.schema());
        List<JobFileName> extractedJobs = extracted.jobs(JobState.NEW);
        Optional<NormalizeAhead.TakenOver> early;
        try {
            checkNoneMissing(extracted, extractedJobs);
            extractedJobs.forEach(job -> itemNormalizerFor(extracted, job));
            early = ahead.flatMap(a -> a.takeOver(extracted, input, extractedJobs, config.workers()));
        } catch (RuntimeException | Error e) {
            ahead.ifPresent(NormalizeAhead::close);
            throw e;
        }
        LoadPackage pkg = early.isPresent() ? early.get().group().pkg : storage.newLoadPackage(extracted.loadId());
        progress.total("Files", extractedJobs.size());
        // rows of the extracted files, as extract recorded them: the bar moves inside a file, not per file
        extracted.jobCounts().ifPresent(counts -> progress.total("Rows", extractedJobs.stream()
                .mapToLong(j -> counts.containsKey(j.jobId()) ? counts.get(j.jobId()).rows() : 0).sum()));
        List<List<JobFileName>> groups = groups(extractedJobs, config.workers());
        List<GroupRun> runs = new ArrayList<>();
        try {
            if (early.isPresent()) {
                // one group (a single worker): the files normalized during extract, then the rest
                Group g = early.get().group();
                int done = early.get().files();
                g.reportTo(progress);
                progress.update("Files", done);
                extracted.jobCounts().ifPresent(counts -> progress.update("Rows", extractedJobs.subList(0, done)
                        .stream().mapToLong(j -> counts.get(j.jobId()).rows()).sum()));
                GroupRun run = continueGroup(g, extracted, extractedJobs.subList(0, done),
                        extractedJobs.subList(done, extractedJobs.size()));
                run.throwIfFailed();
                runs.add(run);
            } else {
                runs.addAll(runGroups(extracted, pkg, input, groups));
            }
            Schema merged = input;
            for (int g = 0; g < runs.size(); g++) {
                Schema next = mergeGroup(merged, runs.get(g).schema);
                if (next == null) {
                    // the group decided differently from the groups before it: redo it on their schema
                    runs.get(g).deleteFiles(pkg);
                    GroupRun again = runGroup(extracted, pkg, merged, groups.get(g));
                    runs.set(g, again);
                    again.throwIfFailed();
                    next = mergeGroup(merged, again.schema);
                    if (next == null) {
                        throw new IllegalStateException("normalize group " + g + " of package " + extracted.loadId()
                                + " conflicts with the schema it was normalized against");
                    }
                }
                merged = next;
            }
            int files = 0;
            Map<String, Long> rowCounts = new LinkedHashMap<>();
            for (GroupRun run : runs) {
                files += run.files;
                run.rowCounts.forEach((t, n) -> rowCounts.merge(t, n, Long::sum));
            }
            requireBoundColumns(merged, rowCounts);
            Map<String, JobCount> counts = new LinkedHashMap<>();
            for (GroupRun run : runs) {
                run.rowsPerFile.forEach((f, n) -> counts.put(f.jobId(),
                        new JobCount(n, LoadPackage.size(pkg.jobPath(JobState.NEW, f)))));
            }
            // the loader checks every job against this: a truncated job file fails, it never loads short
            pkg.recordJobCounts(counts);
            Schema evolved = merged.evolvedFrom(schema);
            checkColumnLimit(evolved);
            pkg.writeSchema(evolved);
            pkg.writeJson(LoadPackage.SCHEMA_UPDATES_FILE, schemaUpdates(schema, evolved));
            if (extracted.hasFile(LoadPackage.STATE_FILE)) {
                pkg.writeJson(LoadPackage.STATE_FILE, extracted.readJson(LoadPackage.STATE_FILE));
            }
            if (extracted.hasFile(PackageDestination.FILE)) {
                pkg.writeJson(PackageDestination.FILE, extracted.readJson(PackageDestination.FILE));
            }
            ObjectNode rows = MAPPER.createObjectNode();
            rowCounts.forEach(rows::put);
            pkg.writeJson(LoadPackage.ROW_COUNTS_FILE, rows);
            LoadPackage committed = storage.commitNormalized(pkg, extracted);
            return new Result(committed, new NormalizeInfo(committed.loadId(), rowCounts, files,
                    Duration.between(started, Instant.now())), evolved);
        } catch (RuntimeException | Error e) {
            PipelineStorage.deleteTree(pkg.root());
            throw e;
        }
    }

    /**
     * dlt's check after normalize ({@code verify_normalized_table}): a table that received rows in
     * this package may not keep a non-nullable column hint (a primary or merge key included) whose
     * column got no value, since its rows could not be loaded or merged by that key.
     */
    static void requireBoundColumns(Schema schema, Map<String, Long> rowCounts) {
        for (Map.Entry<String, Long> e : rowCounts.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            Table t = schema.tables().get(e.getKey());
            if (t == null) {
                continue;
            }
            List<String> waiting = new ArrayList<>();
            for (ColumnHint h : t.unboundHints()) {
                waiting.add(h.name());
                if (!h.nullable()) {
                    String kind = h.mergeKey() ? "non-nullable merge key" : h.primaryKey() ? "non-nullable primary key"
                            : "non-nullable";
                    throw new NormalizeException(t.name(), h.name(), "did not receive any data during this load"
                            + " (marked as " + kind + " and must have values). This can happen if you specify"
                            + " columns manually, for example, using the merge_key, primary_key or columns hints,"
                            + " but they do not exist in the data");
                }
            }
            if (!waiting.isEmpty()) {
                LOG.warn("The following columns in table {} did not receive any data during this load: {}; their"
                        + " hints wait for data and the columns are not created until then", t.name(), waiting);
            }
        }
    }

    /**
     * Runs every group, on the calling thread when there is one, else on {@code workers} threads.
     * Returns only when every group has finished (so no thread still writes into the package), and
     * throws the failure of the first failed group in group order.
     */
    private List<GroupRun> runGroups(LoadPackage extracted, LoadPackage pkg, Schema input,
            List<List<JobFileName>> groups) {
        List<GroupRun> runs = new ArrayList<>();
        if (groups.size() == 1) {
            runs.add(runGroup(extracted, pkg, input, groups.get(0)));
        } else {
            AtomicInteger threadNo = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(groups.size(), r -> {
                Thread t = new Thread(r, "dlt4j-normalize-" + threadNo.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<GroupRun>> futures = new ArrayList<>();
                for (List<JobFileName> group : groups) {
                    futures.add(pool.submit(() -> runGroup(extracted, pkg, input, group)));
                }
                for (Future<GroupRun> f : futures) {
                    runs.add(await(f));
                }
            } finally {
                pool.shutdownNow();
            }
        }
        for (GroupRun run : runs) {
            run.throwIfFailed();
        }
        return runs;
    }

    private static GroupRun await(Future<GroupRun> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting: a worker must not outlive the package it writes
                } catch (ExecutionException e) {
                    // runGroup catches everything; this is a failure of the pool itself
                    throw new IllegalStateException("normalize worker failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Normalizes one group of extracted files with its own normalizer and writers; never throws. */
    private GroupRun runGroup(LoadPackage extracted, LoadPackage pkg, Schema start, List<JobFileName> group) {
        return continueGroup(new Group(pkg, start, extracted.loadId(), progress), extracted, List.of(), group);
    }

    /**
     * Normalizes {@code files} into {@code g}, then closes its writers; never throws. The files
     * {@code g} already normalized ({@code done}, read before extract committed them) are checked
     * against what extract recorded first, as each file is before it is normalized.
     */
    private GroupRun continueGroup(Group g, LoadPackage extracted, List<JobFileName> done, List<JobFileName> files) {
        Optional<Map<String, JobCount>> recorded = extracted.jobCounts();
        try {
            for (JobFileName job : done) {
                checkSize(extracted, job, recorded.map(m -> m.get(job.jobId())));
            }
            for (JobFileName job : files) {
                Optional<JobCount> expected = recorded.map(m -> m.get(job.jobId()));
                checkSize(extracted, job, expected);
                g.file(extracted, job, expected, () -> { });
            }
            return g.finish();
        } catch (RuntimeException | Error e) {
            return g.failed(e);
        }
    }

    /**
     * One relational normalizer with its writers into {@code pkg}, fed extracted files one at a
     * time: a group of {@link #normalize}, or the files {@link NormalizeAhead} normalizes while
     * extract runs, which {@link #normalize} then continues. Used by one thread at a time; handing it
     * to another thread needs a happens-before edge (a thread join).
     */
    final class Group {
        final RelationalNormalizer normalizer;
        final LoadPackage pkg;
        private Schema start;
        private ProgressListener progress;
        private RowCountReporter reporter;

        Group(LoadPackage pkg, Schema start, String loadId, ProgressListener progress) {
            this.pkg = pkg;
            this.start = start;
            // the schema at the time a table's writer is created: start, or what adopt gave later
            this.normalizer = new RelationalNormalizer(start, naming, loadId,
                    table -> newWriter(pkg, formatFor(Group.this.start, table), table));
            reportTo(progress);
        }

        /**
         * Where this group reports rows from now on, starting with the rows it normalized so far (all
         * of them when every file was normalized during extract and no file is left to report them).
         */
        void reportTo(ProgressListener value) {
            this.progress = value;
            this.reporter = new RowCountReporter(value);
            reporter.report(normalizer::rowCounts);
        }

        Schema start() {
            return start;
        }

        /**
         * Continues as if the group had started from {@code later}, which adds tables to what it
         * started from ({@link RelationalNormalizer#addTables}).
         */
        void adopt(Schema later) {
            normalizer.addTables(later);
            start = later;
        }

        /**
         * Normalizes one extracted file of {@code extracted} (its size already checked), calling
         * {@code everyPage} every {@link #ROWS_PER_REPORT} root rows; throws on any failure, after
         * which the group is only good for {@link #failed}.
         */
        void file(LoadPackage extracted, JobFileName job, Optional<JobCount> expected, Runnable everyPage) {
            long rows;
            long[] shownRows = {0};
            try {
                // the item normalizer calls back every ROWS_PER_REPORT root rows
                rows = itemNormalizerFor(extracted, job).normalize(extracted.jobPath(JobState.NEW, job),
                        job.table(), normalizer, () -> {
                            everyPage.run();
                            reporter.report(normalizer::rowCounts);
                            shownRows[0] += ROWS_PER_REPORT;
                            progress.update("Rows", ROWS_PER_REPORT);
                        });
            } catch (DamagedFileException e) {
                // it reads the same on every run: refused like a truncated file, so that later runs proceed
                throw NormalizeException.unreadableFile(job.table(), "extracted file " + job + " of package "
                        + extracted.loadId() + " cannot be read as extract wrote it (" + e.getMessage() + "), so the"
                        + " package is refused rather than loaded with rows missing or changed", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read extracted file " + job + " of package "
                        + extracted.loadId(), e);
            }
            if (expected.isPresent() && expected.get().rows() != rows) {
                throw truncated(extracted, job, rows + " rows", expected.get().rows() + " rows");
            }
            if (rows == 0) {
                normalizer.touch(job.table());
            }
            reporter.report(normalizer::rowCounts);
            if (rows > shownRows[0]) {
                progress.update("Rows", rows - shownRows[0]);
            }
            progress.update("Files", 1);
        }

        /** Closes the writers: what the group produced. */
        GroupRun finish() {
            int files = 0;
            List<JobFileName> written = new ArrayList<>();
            for (TableFileWriter w : normalizer.openWriters()) {
                w.close();
                files += w.files().size();
                written.addAll(w.files());
            }
            Map<JobFileName, Long> rowsPerFile = new LinkedHashMap<>();
            for (TableFileWriter w : normalizer.openWriters()) {
                rowsPerFile.putAll(w.rowsPerFile());
            }
            return new GroupRun(normalizer.schema(), normalizer.rowCounts(), files, written, rowsPerFile, null);
        }

        /** Closes the writers after {@code e}: the failed group, with the files to delete. */
        GroupRun failed(Throwable e) {
            List<JobFileName> written = new ArrayList<>();
            for (TableFileWriter w : normalizer.openWriters()) {
                try {
                    w.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                written.addAll(w.files());
            }
            return new GroupRun(null, Map.of(), 0, written, Map.of(), e);
        }
    }

    /** What one group produced: its schema, rows per table and job files, or its failure. */
    private record GroupRun(Schema schema, Map<String, Long> rowCounts, int files, List<JobFileName> written,
            Map<JobFileName, Long> rowsPerFile, Throwable failure) {
        void throwIfFailed() {
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error err) {
                throw err;
            }
        }

        void deleteFiles(LoadPackage pkg) {
            for (JobFileName f : written) {
                try {
                    Files.deleteIfExists(pkg.jobPath(JobState.NEW, f));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete job file " + f + " of package " + pkg.loadId(), e);
                }
            }
        }
    }

    /**
     * An extracted file must be where extract put it, as large as extract wrote it; one that is not
     * was truncated or replaced, and normalizing it would load fewer rows than were extracted.
     */
    private static void checkSize(LoadPackage extracted, JobFileName job, Optional<JobCount> expected) {
        if (expected.isEmpty()) {
            if (extracted.jobCounts().isPresent()) {
                throw NormalizeException.unreadableFile(job.table(), "extracted file " + job + " of package "
                        + extracted.loadId() + " is not among the files extract recorded in "
                        + LoadPackage.JOB_COUNTS_FILE + "; it was added after extract, so the package is refused", null);
            }
            return;
        }
        long size = LoadPackage.size(extracted.jobPath(JobState.NEW, job));
        if (size != expected.get().bytes()) {
            throw truncated(extracted, job, size + " bytes", expected.get().bytes() + " bytes");
        }
    }

    private void checkColumnLimit(Schema evolved) {
        if (maxColumns.isEmpty()) {
            return;
        }
        for (Table t : evolved.tables().values()) {
            if (t.columns().size() > maxColumns.getAsInt()) {
                throw new NormalizeException(t.name(), "it would have " + t.columns().size() + " columns, more than"
                        + " the " + maxColumns.getAsInt() + " destination " + destinationType + " allows in a table;"
                        + " set max_table_nesting lower, or load nested data as json columns, to keep fewer columns");
            }
        }
    }

    /** Every file extract recorded must still be there: a deleted one would silently drop its rows. */
    private static void checkNoneMissing(LoadPackage extracted, List<JobFileName> present) {
        Optional<Map<String, JobCount>> recorded = extracted.jobCounts();
        if (recorded.isEmpty()) {
            return;
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        present.forEach(j -> ids.add(j.jobId()));
        for (Map.Entry<String, JobCount> e : recorded.get().entrySet()) {
            if (!ids.contains(e.getKey())) {
                throw NormalizeException.unreadableFile(e.getKey().substring(0, e.getKey().indexOf('.')),
                        "extracted file " + e.getKey() + " (" + e.getValue().rows() + " rows) of package "
                        + extracted.loadId() + " is missing from " + extracted.jobFolder(JobState.NEW)
                        + ", so the package is refused rather than loaded with rows missing", null);
            }
        }
    }

    private static NormalizeException truncated(LoadPackage extracted, JobFileName job, String found, String written) {
        return NormalizeException.unreadableFile(job.table(), "extracted file " + extracted.jobPath(JobState.NEW, job)
                + " holds " + found + ", but extract wrote " + written + ": the file was truncated or changed after"
                + " extract, so the package is refused rather than loaded with rows missing", null);
    }

    /**
     * Files sorted by name in {@code workers} contiguous groups (fewer when there are fewer files),
     * the remainder spread over the first groups, as dlt splits them.
     */
    static List<List<JobFileName>> groups(List<JobFileName> jobs, int workers) {
        int n = Math.max(1, Math.min(workers, jobs.size()));
        List<List<JobFileName>> out = new ArrayList<>();
        int base = jobs.size() / n;
        int extra = jobs.size() % n;
        int from = 0;
        for (int g = 0; g < n; g++) {
            int size = base + (g < extra ? 1 : 0);
            out.add(List.copyOf(jobs.subList(from, from + size)));
            from += size;
        }
        return out;
    }

    /**
     * {@code acc} plus the tables and columns {@code group} added, in the group's order; tables that
     * saw data in either have seen data. {@code null} when the group defined a column differently
     * from {@code acc} (a conflict to resolve by normalizing the group again).
     */
    /**
     * {@code acc} plus what {@code next} added, in {@code next}'s order ({@link #mergeGroup}); empty
     * when {@code next} defined a column differently. The committer of a split run (dlt4j-spark)
     * merges its partitions' schemas with it, in partition order, as normalize merges its groups.
     */
    public static java.util.Optional<Schema> mergeInOrder(Schema acc, Schema next) {
        return java.util.Optional.ofNullable(mergeGroup(acc, next));
    }

    static Schema mergeGroup(Schema acc, Schema group) {
        Map<String, Table> out = new LinkedHashMap<>(acc.tables());
        for (Table t : group.tables().values()) {
            Table mine = out.get(t.name());
            if (mine == null) {
                out.put(t.name(), t);
                continue;
            }
            Table merged = mine.toBuilder().marks(mine.marks().or(t.marks())).build();
            for (Column c : t.columns().values()) {
                Column have = merged.columns().get(c.name());
                if (have == null) {
                    merged = merged.withColumn(c);
                } else if (!have.equals(c)) {
                    return null;
                }
            }
            out.put(t.name(), merged);
        }
        return new Schema(acc.name(), acc.version(), out);
    }

    /** A table's format: its root table's {@code file_format} hint, else the pipeline's. */
    private LoaderFileFormat formatFor(Schema schema, String table) {
        String root = table;
        while (!schema.tables().containsKey(root) && root.contains("__")) {
            root = root.substring(0, root.lastIndexOf("__"));
        }
        if (!schema.tables().containsKey(root)) {
            return format;
        }
        return schema.rootOf(root).fileFormat().orElse(format);
    }

    private TableFileWriter newWriter(LoadPackage pkg, LoaderFileFormat format, String table) {
        return JobFileWriter.of(pkg, format, table, writerConfig);
    }

    /** The live schema plus tables and hints that only the package's copy has (set by extract). */
    static Schema merge(Schema live, Schema fromPackage) {
        Schema out = live;
        for (Table t : fromPackage.tables().values()) {
            Table mine = live.tables().get(t.name());
            if (mine == null) {
                out = out.withTable(t);
            } else if (t.isRoot()) {
                Table merged = mine.toBuilder().resource(t.resource()).hints(t.hints()).columnHints(t.columnHints())
                        .marks(mine.marks().or(t.marks())).build();
                for (Column c : t.columns().values()) {
                    Column have = merged.columns().get(c.name());
                    if (have == null) {
                        merged = merged.withColumn(c);
                    } else if (c.hardDelete() && !have.hardDelete()
                            || c.dedupSort().isPresent() && !c.dedupSort().equals(have.dedupSort())) {
                        // merge hints the resource put on a column that existed before this extract
                        merged = merged.withColumn(have.withMergeHints(c.hardDelete(), c.dedupSort()));
                    }
                }
                // the keys the package's resource declared (its key lists), not its columns' flags, which are those of
                // the schema it was extracted from, maybe older than the live one
                out = out.withTable(merged.withDeclaredKeys(t.primaryKey(), t.mergeKey()));
            }
        }
        return out;
    }

    /** Tables and columns that {@code evolved} has and {@code before} has not, in dlt's layout. */
    /**
     * The tables and columns {@code evolved} adds to {@code before}, as {@code schema_updates.json}
     * records them for the loader's migration.
     */
    public static ObjectNode schemaUpdates(Schema before, Schema evolved) {
        ObjectNode updates = MAPPER.createObjectNode();
        for (Table t : evolved.tables().values()) {
            Table old = before.tables().get(t.name());
            ArrayNode added = MAPPER.createArrayNode();
            for (Column c : t.columns().values()) {
                if (old == null || !old.columns().containsKey(c.name())) {
                    added.add(MAPPER.createObjectNode().put("name", c.name()).put("data_type", c.dataType().dltName()));
                }
            }
            if (old == null || added.size() > 0) {
                ObjectNode tn = updates.putObject(t.name());
                tn.put("name", t.name());
                tn.set("columns", added);
            }
        }
        return updates;
    }

    public NormalizeConfig config() {
        return config;
    }
}
