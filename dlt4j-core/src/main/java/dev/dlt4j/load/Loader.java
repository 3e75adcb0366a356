package dev.dlt4j.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.PipelineException;
import dev.dlt4j.LoadConfig;
import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.spi.CompletedLoad;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.spi.DestinationTerminalException;
import dev.dlt4j.spi.LoadJob;
import dev.dlt4j.spi.MergeJob;
import dev.dlt4j.progress.ProgressListener;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.SchemaJson;
import dev.dlt4j.schema.Table;
import dev.dlt4j.PipelineState;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.spi.CrashPoints;
import dev.dlt4j.spi.Secrets;
import dev.dlt4j.log.Logs;
import org.slf4j.Logger;
import dev.dlt4j.storage.JobCount;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadIds;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.PipelineStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * The load stage: loads one normalized package into the destination. It migrates the schema
 * (once per package, while {@code schema_updates.json} exists), truncates {@code replace}
 * tables, runs one job per file on up to {@code workers} threads, and only when every job is
 * complete writes {@code _dlt_version}, {@code _dlt_pipeline_state} and the {@code _dlt_loads}
 * row, then moves the package to {@code load/loaded/}. A job is done only when its file is in
 * {@code completed_jobs/}; a package is done only when every job is.
 *
 * <p>One loader serves one run: the packages of a run load through one {@link DestinationClient},
 * opened for the first package and kept until {@link #close()} (a DuckDB database opened and
 * closed, with its checkpoint, per package made a run of 4 packages cost ~40 % more CPU than one
 * package, measured: docs/performance.md). A package that fails closes it: the next package, if
 * any, opens a new one, so that a broken connection is never used again.
 */
public final class Loader implements AutoCloseable {
    private static final Logger LOG = Logs.get(Loader.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PipelineStorage storage;
    private final Destination destination;
    private final DestinationContext context;
    private final LoadConfig config;
    private ProgressListener progress = ProgressListener.NONE;
    /** Rows and bytes of the package loading now (one package at a time per loader). */
    private volatile LoadProgress loadProgress = LoadProgress.start(ProgressListener.NONE, Map.of(), "");
    /** The run's client, open from the first package's load until {@link #close()} or a failed package. */
    private DestinationClient client;
    /**
     * Whether {@link #client} created the dataset, and its staging dataset, already: once per client
     * is enough (nothing in a run drops them), and on PostgreSQL it took a transaction and ~18 ms per
     * package (measured).
     */
    private boolean storageReady;
    private boolean stagingReady;

    public Loader(PipelineStorage storage, Destination destination, DestinationContext context, LoadConfig config) {
        this.storage = storage;
        this.destination = destination;
        this.context = context;
        this.config = config;
    }

    /** Where jobs done and failed are reported, from the job threads; default none. */
    public Loader progress(ProgressListener value) {
        this.progress = value;
        return this;
    }

    public LoadResult load(LoadPackage pkg) {
        Instant started = Instant.now();
        Schema schema = pkg.schema();
        // a terminal failure before the dataset is reachable is the destination's (login, rights), not the package's
        boolean packageAtFault = false;
        boolean loaded = false;
        try (LoadProgress shown = LoadProgress.start(progress, counts(pkg), pkg.loadId())) {
            loadProgress = shown;
            DestinationClient client = client();
            List<Table> mergeRoots = mergeRoots(pkg, schema);
            DestinationClient staging = mergeRoots.isEmpty() ? null : client.staging();
            if (!storageReady) {
                client.initializeStorage();
                storageReady = true;
            }
            if (staging != null && !stagingReady) {
                staging.initializeStorage();
                stagingReady = true;
            }
            packageAtFault = true;
            checkNoneMissing(pkg);
            boolean atomic = config.atomicPackages() && destination.capabilities().supportsTransactionalPackages();
            prepare(pkg, schema, client, staging, mergeRoots, !atomic);
            List<String> failed = atomic ? loadInOneTransaction(pkg, schema, client, staging, mergeRoots)
                    : loadJobByJob(pkg, schema, client, staging, mergeRoots);
            if (!failed.isEmpty() && config.raiseOnFailedJobs()) {
                storage.markLoaded(pkg, "aborted");
                throw failure(pkg, "load job(s) failed terminally: " + String.join("; ", failed)
                        + (atomic ? ". The package was marked aborted; none of its rows were loaded (it loads in"
                                + " one transaction)." : ". The package was marked aborted; its other jobs stay"
                                        + " loaded without a _dlt_loads row."),
                        "fix the data or the destination and run again; failed job files and their messages are in "
                                + storage.workingDir().resolve("load/loaded").resolve(pkg.loadId())
                                        .resolve("failed_jobs"), null);
            }
            if (!atomic) {
                CrashPoints.reached("load.before_complete_load");
                client.completeLoad(completedLoad(pkg, schema));
            }
            LoadPackage done = storage.markLoaded(pkg, "loaded");
            if (config.deleteCompletedJobs() && failed.isEmpty()) {
                storage.discard(done.jobFolder(JobState.COMPLETED), "completed_jobs");
            }
            loaded = true;
            return new LoadResult(pkg.loadId(), done.jobs(JobState.COMPLETED).size(), failed,
                    Duration.between(started, Instant.now()));
        } catch (PipelineException e) {
            throw e;
        } catch (DestinationTerminalException e) {
            if (!packageAtFault) {
                throw failure(pkg, e.getMessage(), "the package stays in load/normalized and the next run loads it", e);
            }
            // it would fail the same way on every run: set it aside so that later runs load their data
            LoadPackage aside = storage.setAside(pkg, "load", e.getMessage());
            throw failure(pkg, e.getMessage(), "the package can never load as it is, so it was set aside as failed"
                    + " in " + aside.root() + " ('dlt4j pipeline " + context.pipelineName() + " failed-jobs' shows"
                    + " it); fix the cause and run again: the next run loads new data", e);
        } catch (RuntimeException e) {
            throw failure(pkg, e.getMessage(), "the package stays in load/normalized and the next run loads it", e);
        } finally {
            if (!loaded) {
                discardClient();
            }
        }
    }

    /** Closes the client after a failed package; a failure to close is logged: the package's failure is the news. */
    private void discardClient() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("closing destination {} after a failed load failed too: {}", destination.type(),
                    Secrets.maskUris(String.valueOf(e.getMessage())));
        }
    }

    /** The run's client: opened for the first package, then kept for the next ones. */
    private DestinationClient client() {
        if (client == null) {
            client = destination.open(context);
        }
        return client;
    }

    /**
     * Closes the run's client (a DuckDB database checkpoints and releases its file here), if one is
     * open; the loader may load again afterwards, with a new one. Called by the thread that loaded,
     * or by one that joined it.
     */
    @Override
    public void close() {
        DestinationClient open = client;
        client = null;
        storageReady = false;
        stagingReady = false;
        if (open != null) {
            open.close();
        }
    }

    /** Jobs on up to {@code workers} threads, each committed on its own, then the merges; returns the failed jobs. */
    private List<String> loadJobByJob(LoadPackage pkg, Schema schema, DestinationClient client,
            DestinationClient staging, List<Table> mergeRoots) {
        client.beginLoad(schema, pkg.loadId());
        if (staging != null) {
            staging.beginLoad(schema, pkg.loadId());
        }
        List<String> failed = runJobs(pkg, schema, client, staging);
        // as dlt's table-chain follow-up jobs: a chain whose jobs all loaded is merged, whatever failed
        // elsewhere, so its rows never stay behind in staging in a package reported loaded
        Set<String> failedTables = new java.util.HashSet<>();
        pkg.jobs(JobState.FAILED).forEach(j -> failedTables.add(j.table()));
        List<Table> complete = mergeRoots.stream().filter(root -> schema.tableChain(root.name()).stream()
                .noneMatch(t -> failedTables.contains(t.name()))).toList();
        runMerges(pkg, schema, client, complete, committedJobs(pkg, client, null));
        return failed;
    }

    private void runMerges(LoadPackage pkg, Schema schema, DestinationClient client, List<Table> mergeRoots,
            Set<String> done) {
        CrashPoints.reached("load.before_merge");
        for (Table root : mergeRoots) {
            MergeJob job = new MergeJob(pkg.loadId(), schema, root, withColumns(schema.tableChain(root.name())),
                    root.mergeStrategy(), LoadIds.toInstant(pkg.loadId()),
                    root.writeDisposition() == WriteDisposition.REPLACE);
            if (!done.contains(job.jobId())) {
                client.merge(job);
            }
        }
    }

    /**
     * Truncation, every job (one at a time, on the transaction's connection), the merges and the
     * {@code _dlt_loads} row in one transaction: readers see the whole package or none of it. A
     * terminal job failure rolls everything back; with {@code raise_on_failed_jobs = false} the
     * package is then loaded again without the failed job. A transient failure rolls back and
     * retries the whole transaction. Returns the failed jobs.
     */
    private List<String> loadInOneTransaction(LoadPackage pkg, Schema schema, DestinationClient client,
            DestinationClient staging, List<Table> mergeRoots) {
        Set<String> committed = committedJobs(pkg, client, staging);
        // jobs committed by an earlier job-by-job run of this package stay; then their truncation happened too
        boolean truncate = committed.isEmpty();
        List<String> failed = earlierFailures(pkg);
        if (!failed.isEmpty() && config.raiseOnFailedJobs()) {
            // its transaction was rolled back when the job failed: none of the package is loaded
            resetUncommitted(pkg, committed);
            return failed;
        }
        int transientFailures = 0;
        while (true) {
            resetUncommitted(pkg, committed);
            List<JobFileName> jobs = pkg.jobs(JobState.NEW);
            progress.total("Jobs", jobs.size());
            int failedBefore = failed.size();
            try (DestinationClient tx = client.beginPackageTransaction()) {
                DestinationClient txStaging = staging == null ? null : tx.staging();
                tx.beginLoad(schema, pkg.loadId());
                if (txStaging != null) {
                    txStaging.beginLoad(schema, pkg.loadId());
                    if (truncate) {
                        txStaging.truncate(stagingChains(schema, mergeRoots));
                    }
                }
                if (truncate) {
                    tx.truncate(replacedTables(pkg, schema));
                }
                for (JobFileName job : jobs) {
                    runJob(pkg, schema, target(pkg, schema, job, tx, txStaging), job, failed, false);
                    if (failed.size() > failedBefore) {
                        break;
                    }
                }
                if (failed.size() > failedBefore) {
                    // closing the transaction rolls back every job loaded so far
                    if (config.raiseOnFailedJobs()) {
                        resetUncommitted(pkg, committed);
                        return failed;
                    }
                    continue;
                }
                runMerges(pkg, schema, tx, mergeRoots, committed);
                CrashPoints.reached("load.before_complete_load");
                tx.completeLoad(completedLoad(pkg, schema));
                tx.commitPackage();
                return failed;
            } catch (DestinationTerminalException e) {
                resetUncommitted(pkg, committed);
                throw e;
            } catch (RuntimeException e) {
                resetUncommitted(pkg, committed);
                if (++transientFailures >= config.retryAttempts()) {
                    throw new IllegalStateException("the load transaction failed " + config.retryAttempts()
                            + " times, last with: " + e.getMessage(), e);
                }
                LOG.info("load package {}: the package transaction failed (attempt {} of {}), retrying: {}",
                        pkg.loadId(), transientFailures, config.retryAttempts(), Secrets.maskUris(String.valueOf(e.getMessage())));
                sleepBackoff(transientFailures);
            }
        }
    }

    /**
     * The jobs and merges of the package the destination reports committed, from {@code client} and
     * {@code staging} (may be null). Only a destination that declares job markers is asked; for any
     * other none is committed, and the package's own bookkeeping (jobs moved to
     * {@code completed_jobs/}) is all a resumed load goes by.
     */
    private Set<String> committedJobs(LoadPackage pkg, DestinationClient client, DestinationClient staging) {
        if (!destination.capabilities().supportsJobMarkers()) {
            return Set.of();
        }
        Set<String> committed = new java.util.HashSet<>(client.completedJobs(pkg.loadId()));
        if (staging != null) {
            committed.addAll(staging.completedJobs(pkg.loadId()));
        }
        return committed;
    }

    /**
     * Jobs whose rows are not committed at the destination go back to {@code new_jobs/} (a rolled
     * back or crashed transaction); committed ones to {@code completed_jobs/}.
     */
    private static void resetUncommitted(LoadPackage pkg, Set<String> committed) {
        for (JobState from : List.of(JobState.STARTED, JobState.COMPLETED)) {
            for (JobFileName j : pkg.jobs(from)) {
                if (!committed.contains(j.jobId())) {
                    pkg.move(j, from, JobState.NEW);
                }
            }
        }
        for (JobFileName j : pkg.jobs(JobState.NEW)) {
            if (committed.contains(j.jobId())) {
                pkg.move(j, JobState.NEW, JobState.COMPLETED);
            }
        }
    }

    /** True when the table chain of this root loads through the staging dataset. */
    private boolean staged(LoadPackage pkg, Table root) {
        if (root.writeDisposition() == WriteDisposition.REPLACE && pkg.writtenEarlierInRun().contains(root.name())) {
            return false; // an earlier package of the same extract replaced the table: this one appends to it
        }
        // a table without merge strategies loads merge as append: the pipeline refused it unless the destination
        // declares mergeFallsBackToAppend (dlt's rule for plain files), and warned
        return (root.writeDisposition() == WriteDisposition.MERGE
                && !destination.mergeStrategies(root).isEmpty())
                || (root.writeDisposition() == WriteDisposition.REPLACE
                        && config.replaceStrategy() == ReplaceStrategy.INSERT_FROM_STAGING);
    }

    /** Root tables of this package whose chains load through the staging dataset (merge, staged replace). */
    private List<Table> mergeRoots(LoadPackage pkg, Schema schema) {
        Set<String> roots = new LinkedHashSet<>();
        for (String t : tablesWithJobs(pkg)) {
            Table root = schema.rootOf(t);
            if (staged(pkg, root)) {
                roots.add(root.name());
            }
        }
        List<Table> out = new ArrayList<>();
        for (Table t : schema.tables().values()) {
            if (roots.contains(t.name())) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<Table> withColumns(List<Table> tables) {
        return tables.stream().filter(t -> !t.columns().isEmpty()).toList();
    }

    /**
     * Migration, done once per package: while {@code schema_updates.json} is present; and with it
     * the truncation when {@code truncateNow} (a package loaded in one transaction truncates in it).
     */
    private void prepare(LoadPackage pkg, Schema schema, DestinationClient client, DestinationClient staging,
            List<Table> mergeRoots, boolean truncateNow) {
        Set<String> withJobs = tablesWithJobs(pkg);
        if (!pkg.hasFile(LoadPackage.SCHEMA_UPDATES_FILE)) {
            return;
        }
        Set<String> chains = stagingChains(schema, mergeRoots);
        List<Table> stagingTables = new ArrayList<>();
        for (String t : chains) {
            stagingTables.add(schema.tables().get(t));
        }
        List<Table> toMigrate = new ArrayList<>();
        for (Table t : schema.tables().values()) {
            if ((withJobs.contains(t.name()) || chains.contains(t.name()) || t.name().startsWith("_dlt_"))
                    && !t.columns().isEmpty()) {
                toMigrate.add(t);
            }
        }
        List<String> dropped = pkg.refreshedTables(LoadPackage.DROPPED_TABLES);
        if (!dropped.isEmpty()) {
            // a refresh (or `dlt4j pipeline drop`) drops before migration, as dlt's init_client: the package's
            // schema no longer has these tables, or has them anew from this package's data
            if (!destination.capabilities().supportsDropTables()) {
                throw new DestinationTerminalException("destination " + destination.type() + " cannot drop tables,"
                        + " but the package drops " + dropped + " (refresh)");
            }
            client.dropTables(schema.name(), dropped);
        }
        List<String> statements = new ArrayList<>(client.migrate(schema, toMigrate));
        if (staging != null) {
            statements.addAll(staging.migrate(schema, stagingTables));
        }
        Set<String> truncate = replacedTables(pkg, schema);
        if (truncateNow) {
            if (staging != null) {
                // staging holds this package's rows only
                staging.truncate(chains);
            }
            client.truncate(truncate);
        }
        ObjectNode applied = MAPPER.createObjectNode();
        applied.putArray("statements").addAll(statements.stream().map(applied::textNode).toList());
        applied.putArray("truncated_tables").addAll(truncate.stream().map(applied::textNode).toList());
        applied.putArray("dropped_tables").addAll(dropped.stream().map(applied::textNode).toList());
        pkg.writeJson(LoadPackage.APPLIED_UPDATES_FILE, applied);
        pkg.delete(LoadPackage.SCHEMA_UPDATES_FILE);
    }

    /** The tables of the staged chains (merge, staged replace) that have columns. */
    private static Set<String> stagingChains(Schema schema, List<Table> mergeRoots) {
        Set<String> chains = new LinkedHashSet<>();
        for (Table root : mergeRoots) {
            for (Table t : withColumns(schema.tableChain(root.name()))) {
                chains.add(t.name());
            }
        }
        return chains;
    }

    /** The tables a {@code replace} (not through staging) of this package empties: each whole chain. */
    private Set<String> replacedTables(LoadPackage pkg, Schema schema) {
        Set<String> truncate = new LinkedHashSet<>();
        // refresh drop_data empties the tables of the refreshed resources, with data in this package or not
        truncate.addAll(pkg.refreshedTables(LoadPackage.TRUNCATED_TABLES));
        for (String table : tablesWithJobs(pkg)) {
            Table root = schema.rootOf(table);
            if (root.writeDisposition() == WriteDisposition.REPLACE && !staged(pkg, root)
                    && !pkg.writtenEarlierInRun().contains(root.name())) {
                for (Table t : schema.tableChain(root.name())) {
                    truncate.add(t.name());
                }
            }
        }
        return truncate;
    }

    private static Set<String> tablesWithJobs(LoadPackage pkg) {
        Set<String> out = new LinkedHashSet<>();
        for (JobState s : JobState.values()) {
            for (JobFileName j : pkg.jobs(s)) {
                out.add(j.table());
            }
        }
        return out;
    }

    /** Jobs a run killed after they failed terminally left in {@code failed_jobs/}: the package stays failed. */
    private static List<String> earlierFailures(LoadPackage pkg) {
        List<String> failed = new ArrayList<>();
        for (JobFileName j : pkg.jobs(JobState.FAILED)) {
            failed.add(pkg.failureMessage(j).orElse("table " + j.table() + ", file " + j.fileName()
                    + ": failed terminally in an earlier run"));
        }
        return failed;
    }

    private List<String> runJobs(LoadPackage pkg, Schema schema, DestinationClient client,
            DestinationClient staging) {
        // a crash may have left jobs in started_jobs/: those the destination committed are done, the others run again
        Set<String> committed = committedJobs(pkg, client, staging);
        for (JobFileName j : pkg.jobs(JobState.STARTED)) {
            pkg.move(j, JobState.STARTED, committed.contains(j.jobId()) ? JobState.COMPLETED : JobState.NEW);
        }
        for (JobFileName j : pkg.jobs(JobState.NEW)) {
            if (committed.contains(j.jobId())) {
                pkg.move(j, JobState.NEW, JobState.COMPLETED);
            }
        }
        List<String> failed = Collections.synchronizedList(earlierFailures(pkg));
        List<JobFileName> jobs = pkg.jobs(JobState.NEW);
        progress.total("Jobs", jobs.size());
        int threads = Math.max(1, Math.min(config.workers(), jobs.size()));
        if (threads == 1) {
            for (JobFileName job : jobs) {
                runJob(pkg, schema, target(pkg, schema, job, client, staging), job, failed, true);
            }
            return failed;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dlt4j-load-" + pkg.loadId());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (JobFileName job : jobs) {
                futures.add(pool.submit(() -> runJob(pkg, schema, target(pkg, schema, job, client, staging), job, failed,
                        true)));
            }
            RuntimeException first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while loading", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
        return failed;
    }

    private DestinationClient target(LoadPackage pkg, Schema schema, JobFileName job, DestinationClient client,
            DestinationClient staging) {
        boolean viaStaging = schema.table(job.table()).isPresent() && staged(pkg, schema.rootOf(job.table()));
        return viaStaging && staging != null ? staging : client;
    }

    /**
     * Runs one job; a terminal failure moves it to {@code failed_jobs/} and adds it to {@code failed}.
     * A transient failure is retried with backoff when {@code retryInPlace}, else the job goes back
     * to {@code new_jobs/} and the failure is thrown (a package transaction is retried whole).
     */
    private void runJob(LoadPackage pkg, Schema schema, DestinationClient client, JobFileName job,
            List<String> failed, boolean retryInPlace) {
        JobFileName current = job;
        Optional<JobCount> expected = Optional.ofNullable(counts(pkg).get(job.jobId()));
        while (true) {
            Path file = pkg.move(current, JobState.NEW, JobState.STARTED);
            Table table = schema.table(current.table()).orElseThrow(() -> new IllegalStateException(
                    "job " + job + " is for table " + job.table() + ", which is not in the package schema"));
            try {
                checkSize(file, expected);
                LOG.debug("load package {}: job {} started (table {}, file {})", pkg.loadId(), current.jobId(),
                        table.name(), file);
                if (expected.isPresent() ? expected.get().rows() > 0 : !isEmpty(file)) {
                    loadFile(client, table, current, file, pkg.loadId(), expected);
                }
                pkg.move(current, JobState.STARTED, JobState.COMPLETED);
                LOG.debug("load package {}: job {} completed", pkg.loadId(), current.jobId());
                progress.update("Jobs", 1);
                return;
            } catch (DestinationTerminalException e) {
                String message = "table " + table.name() + ", file " + current.fileName() + ": " + e.getMessage();
                pkg.fail(current, JobState.STARTED, message);
                LOG.warn("load package {}: job {} failed terminally: {}", pkg.loadId(), current.jobId(),
                        Secrets.maskUris(message));
                failed.add(message);
                progress.update("Jobs", 1);
                progress.update("Jobs (Failed)", 1);
                return;
            } catch (RuntimeException e) {
                if (!retryInPlace) {
                    pkg.move(current, JobState.STARTED, JobState.NEW);
                    throw e;
                }
                if (committedAfterAll(client, pkg.loadId(), current)) {
                    // the destination committed rows and marker before the failure reached us (e.g. a
                    // connection lost while COMMIT replied): loading it again would duplicate its rows
                    pkg.move(current, JobState.STARTED, JobState.COMPLETED);
                    progress.update("Jobs", 1);
                    return;
                }
                if (current.retryCount() + 1 >= config.retryAttempts()) {
                    pkg.move(current, JobState.STARTED, JobState.NEW);
                    throw new IllegalStateException("table " + table.name() + ", file " + current.fileName()
                            + ": failed " + config.retryAttempts() + " times, last with: " + e.getMessage(), e);
                }
                JobFileName retry = current.withRetry(current.retryCount() + 1);
                LOG.info("load package {}: job {} failed (attempt {} of {}), retrying: {}", pkg.loadId(),
                        current.jobId(), retry.retryCount(), config.retryAttempts(),
                        Secrets.maskUris(String.valueOf(e.getMessage())));
                pkg.move(current, JobState.STARTED, JobState.NEW, retry);
                sleepBackoff(retry.retryCount());
                current = retry;
            }
        }
    }

    /**
     * True when the destination keeps job markers and has {@code job}'s: it was committed although
     * its load reported a failure. False when it cannot tell (no markers, or the check fails too).
     */
    private boolean committedAfterAll(DestinationClient client, String loadId, JobFileName job) {
        if (!destination.capabilities().supportsJobMarkers()) {
            return false;
        }
        try {
            return client.completedJobs(loadId).contains(job.jobId());
        } catch (RuntimeException unreachable) {
            return false; // the retry meets the same trouble and asks again
        }
    }

    /**
     * One job's run, row check and commit; any failure aborts it, so a job whose row count is wrong
     * leaves neither rows nor marker (in a package transaction the loader rolls the package back).
     */
    private void loadFile(DestinationClient client, Table table, JobFileName job, Path file, String loadId,
            Optional<JobCount> expected) {
        try (LoadJob load = client.newLoadJob(table, job, file, loadId)) {
            LoadProgress shown = loadProgress;
            boolean loadedWhole = false;
            expected.ifPresent(c -> shown.running(load, c));
            try {
                long loaded = load.run();
                if (expected.isPresent() && loaded != expected.get().rows()) {
                    throw new DestinationTerminalException("the destination loaded " + loaded + " rows from "
                            + file + ", but normalize wrote " + expected.get().rows()
                            + ": the package is not reported loaded with rows missing");
                }
                load.commit();
                loadedWhole = true;
            } catch (RuntimeException e) {
                try {
                    load.abort();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                shown.ended(load, loadedWhole);
            }
        }
    }

    /** Waits {@code [load] retry_backoff} × 2^attempt, capped (see {@link LoadConfig#backoff(int)}). */
    private void sleepBackoff(int attempt) {
        try {
            Thread.sleep(config.backoff(attempt).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A job file must be as large as normalize wrote it: a smaller (truncated) or replaced one would
     * load fewer rows than the package holds, so it fails terminally, naming the file.
     */
    private static void checkSize(Path file, Optional<JobCount> expected) {
        if (expected.isPresent()) {
            long size = LoadPackage.size(file);
            if (size != expected.get().bytes()) {
                throw new DestinationTerminalException("job file " + file + " is " + size + " bytes, but normalize"
                        + " wrote " + expected.get().bytes() + " bytes (" + expected.get().rows() + " rows): it was"
                        + " truncated or changed after normalize, and is not loaded");
            }
        }
    }

    /** The rows and bytes normalize recorded per job id; empty for a package of a dlt4j that did not record them. */
    private final Map<String, Map<String, JobCount>> countsByPackage = new java.util.concurrent.ConcurrentHashMap<>();

    private Map<String, JobCount> counts(LoadPackage pkg) {
        return countsByPackage.computeIfAbsent(pkg.loadId(), id -> pkg.jobCounts().orElse(Map.of()));
    }

    /** Every job file normalize recorded must be in the package: a deleted one would drop its rows unseen. */
    private void checkNoneMissing(LoadPackage pkg) {
        Set<String> present = new java.util.HashSet<>();
        for (JobState s : JobState.values()) {
            pkg.jobs(s).forEach(j -> present.add(j.jobId()));
        }
        for (Map.Entry<String, JobCount> e : counts(pkg).entrySet()) {
            if (!present.contains(e.getKey())) {
                throw new DestinationTerminalException("job file " + e.getKey() + " (" + e.getValue().rows()
                        + " rows) that normalize wrote is missing from " + pkg.root()
                        + ": the package is not loaded with rows missing");
            }
        }
    }

    /** An empty job file (a replace with no rows) only truncates; it is not handed to the destination. */
    private static boolean isEmpty(Path file) {
        try {
            if (Files.size(file) == 0) {
                return true;
            }
            if (file.getFileName().toString().endsWith(".gz")) {
                try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
                    return in.read() < 0;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read job file " + file, e);
        }
    }

    private CompletedLoad completedLoad(LoadPackage pkg, Schema schema) {
        // the state extract put into the package: its row goes in with the package, and the package's commit
        // (PipelineStorage.markLoaded) makes it the pipeline's state
        Optional<PipelineState> state = pkg.pipelineState();
        String stateJson = state.map(s -> s.toJson()).orElse("{}");
        return new CompletedLoad(pkg.loadId(), schema, SchemaJson.toJsonString(schema), context.pipelineName(),
                state.map(PipelineState::stateVersion).orElse(1L),
                state.map(PipelineState::compressed).orElseGet(() -> zlibBase64(stateJson)),
                state.flatMap(PipelineState::versionHash).orElseGet(() -> hash(stateJson)),
                hash(pkg.loadId() + stateJson).substring(0, 14), Instant.now(), writesStateRow(pkg, state));
    }

    /**
     * dlt extracts a state row only when the state's hash differs from the last one extracted (and
     * always when the package drops tables, dlt's {@code force_state_extract}). Packages load in
     * order and the pipeline's state is the last loaded package's (or the one restored from the
     * destination), so comparing with it gives the same answer on a resumed load as on the first try.
     */
    private boolean writesStateRow(LoadPackage pkg, Optional<PipelineState> state) {
        if (pkg.runLastLoadId().isPresent()) {
            // not the last package of its extract: it carries the state the extract started from, whose row
            // (if new) the last package writes with the run's state; a drop still forces one, as dlt's
            return !pkg.refreshedTables(LoadPackage.DROPPED_TABLES).isEmpty();
        }
        if (state.isEmpty() || !pkg.refreshedTables(LoadPackage.DROPPED_TABLES).isEmpty()) {
            return true;
        }
        Optional<String> before = storage.state().flatMap(PipelineState::versionHash);
        return !before.equals(state.get().versionHash());
    }

    static String zlibBase64(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, new Deflater(9))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static String hash(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA3-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private PipelineException failure(LoadPackage pkg, String message, String hint, Throwable cause) {
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put("pipeline", context.pipelineName());
        ctx.put("stage", "load");
        ctx.put("destination", destination.type() + " " + destination.displayLocation(context));
        ctx.put("load_id", pkg.loadId());
        ctx.put("hint", hint);
        return new PipelineException(message, ctx, cause);
    }
}
