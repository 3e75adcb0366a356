package dev.dlt4j.duckdb;

import dev.dlt4j.spi.CompletedLoad;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationCapabilities;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.spi.MergeJob;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.spi.LoadJob;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The real DuckDB destination with a fault injected before each load job, or after a job's commit
 * reached the database (Iceberg's failCommits style).
 */
final class FaultyDestination implements Destination {
    private final DuckDbDestination duck;
    private final Consumer<JobFileName> beforeJob;
    private final Consumer<JobFileName> afterCommit;
    private final boolean gzipJobs;
    private final Path db;

    FaultyDestination(Path db, Consumer<JobFileName> beforeJob) {
        this(db, beforeJob, job -> { }, false);
    }

    private FaultyDestination(Path db, Consumer<JobFileName> beforeJob, Consumer<JobFileName> afterCommit,
            boolean gzipJobs) {
        this.duck = DuckDbDestination.at(db);
        this.db = db;
        this.beforeJob = beforeJob;
        this.afterCommit = afterCommit;
        this.gzipJobs = gzipJobs;
    }

    /** A DuckDB destination without faults that asks for gzipped job files (DuckDB's own are plain). */
    static FaultyDestination gzipJobFiles(Path db) {
        return new FaultyDestination(db, job -> { }, job -> { }, true);
    }

    /** The same wrapper asking for gzipped job files unless {@code disable_compression}. */
    FaultyDestination withGzipJobFiles() {
        return new FaultyDestination(db, beforeJob, afterCommit, true);
    }

    /** Calls {@code fault} once a job's rows and marker are committed, before the loader hears of it. */
    static FaultyDestination afterCommit(Path db, Consumer<JobFileName> fault) {
        return new FaultyDestination(db, job -> { }, fault, false);
    }

    @Override
    public String type() {
        return duck.type();
    }

    @Override
    public String displayLocation() {
        return duck.displayLocation();
    }

    @Override
    public DestinationCapabilities capabilities() {
        // the wrapper loads job by job (its faults hit single jobs): it does not pass package transactions on
        return duck.capabilities().toBuilder().supportsTransactionalPackages(false)
                .compressesJobFiles(gzipJobs || duck.capabilities().compressesJobFiles()).build();
    }

    @Override
    public DestinationClient open(DestinationContext context) {
        return wrap(duck.open(context));
    }

    private DestinationClient wrap(DestinationClient c) {
        return new DestinationClient() {
            @Override
            public void initializeStorage() {
                c.initializeStorage();
            }

            @Override
            public List<String> migrate(Schema schema, Collection<Table> tables) {
                return c.migrate(schema, tables);
            }

            @Override
            public void truncate(Collection<String> tables) {
                c.truncate(tables);
            }

            @Override
            public void beginLoad(Schema schema, String loadId) {
                c.beginLoad(schema, loadId);
            }

            @Override
            public LoadJob newLoadJob(Table table, JobFileName job, Path file, String loadId) {
                beforeJob.accept(job);
                LoadJob inner = c.newLoadJob(table, job, file, loadId);
                return new LoadJob() {
                    @Override
                    public long run() {
                        return inner.run();
                    }

                    @Override
                    public void commit() {
                        inner.commit();
                        afterCommit.accept(job);
                    }

                    @Override
                    public void abort() {
                        inner.abort();
                    }

                    @Override
                    public void close() {
                        inner.close();
                    }
                };
            }

            @Override
            public Set<String> completedJobs(String loadId) {
                return c.completedJobs(loadId);
            }

            @Override
            public DestinationClient staging() {
                return wrap(c.staging());
            }

            @Override
            public void merge(MergeJob job) {
                c.merge(job);
            }

            @Override
            public void completeLoad(CompletedLoad load) {
                c.completeLoad(load);
            }

            @Override
            public java.util.Optional<dev.dlt4j.spi.StoredState> storedState(String pipelineName) {
                return c.storedState(pipelineName);
            }

            @Override
            public java.util.Optional<dev.dlt4j.spi.StoredSchema> storedSchema(String schemaName) {
                return c.storedSchema(schemaName);
            }

            @Override
            public void dropTables(String schemaName, Collection<String> tables) {
                c.dropTables(schemaName, tables);
            }

            @Override
            public void close() {
                c.close();
            }
        };
    }
}
