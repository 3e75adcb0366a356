package dev.dlt4j.spi;

import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * A destination's side of one load run, for each of its packages in turn. The loader calls
 * {@link #initializeStorage} once (before the first package), {@link #migrate} and
 * {@link #truncate} once per package from one thread, then {@link #beginLoad}, then
 * {@link #newLoadJob} once per job file (and per retry) from up to {@code load.workers} threads at
 * once, each job run, committed or aborted on its thread (see {@link LoadJob}), then
 * {@link #completeLoad}. A failed call throws {@link DestinationTerminalException} (the job can
 * never succeed) or any other exception (transient: the job is retried).
 *
 * <p>A SQL destination extends {@code dev.dlt4j.sql.SqlDestinationClient} (module {@code dlt4j-sql})
 * with its dialect, its connections and its bulk load of a file.
 */
public interface DestinationClient extends AutoCloseable {

    /** Creates the dataset (schema) if it does not exist. */
    void initializeStorage();

    /**
     * Creates missing tables and adds missing columns for {@code tables}, as the schema declares
     * them; never drops or changes columns. Returns the statements that were run.
     */
    List<String> migrate(Schema schema, Collection<Table> tables);

    /** Empties the tables (those that do not exist are skipped). */
    void truncate(Collection<String> tables);

    /**
     * Called once per package, after migration and truncation and before the first
     * {@link #newLoadJob}, on the loader thread, also when a crashed load resumes (when
     * {@link #migrate} is not called again). Lets a client see the package's schema (its name,
     * the root and write disposition of nested tables). Default: nothing.
     */
    default void beginLoad(Schema schema, String loadId) {
    }

    /**
     * A job that loads one job file into its table, all or nothing; nothing happens before the
     * loader calls its {@link LoadJob#run()}. Its run returns the rows the destination took from the
     * file, which the loader checks against the rows normalize wrote before it commits. A
     * destination that can records the job id ({@link JobFileName#jobId()}) in the job's commit,
     * in the same transaction as the rows, so that {@link #completedJobs} reports it after a crash.
     * Called from several threads at once.
     */
    LoadJob newLoadJob(Table table, JobFileName job, Path file, String loadId);

    /**
     * The ids of jobs (and merges) of this load whose data is committed at the destination. The
     * loader skips them when it resumes a package, so a run killed right after a commit loads
     * nothing twice. Consulted only when the destination declares job markers ({@link
     * DestinationCapabilities#supportsJobMarkers()}); for any other the loader never calls it and
     * goes by the package's own record of completed jobs. Called on the loader thread, once or
     * twice per package. Default: none.
     */
    default java.util.Set<String> completedJobs(String loadId) {
        return java.util.Set.of();
    }

    /**
     * The newest pipeline state stored for {@code pipelineName} whose load completed: dlt's
     * {@code get_stored_state}, the {@code _dlt_pipeline_state} row with the greatest load id among
     * those whose {@code _dlt_loads} row has status 0. Empty when the dataset, the tables or such a
     * row do not exist. A row of a load that never completed is never returned, so a package that
     * did not finish never moves a restored state. Called on one thread, outside any load, only when
     * the destination declares {@link DestinationCapabilities#supportsStateSync()}.
     *
     * @throws DestinationTerminalException when the stored rows cannot be read as they are laid out
     */
    default java.util.Optional<StoredState> storedState(String pipelineName) {
        throw new UnsupportedOperationException("this destination does not store pipeline state it can read back");
    }

    /**
     * The newest stored version of the schema {@code schemaName} ({@code _dlt_version}): dlt's
     * {@code get_stored_schema}. Empty when there is none. Called like {@link #storedState}, only when
     * the destination declares {@link DestinationCapabilities#supportsStateSync()}.
     */
    default java.util.Optional<StoredSchema> storedSchema(String schemaName) {
        throw new UnsupportedOperationException("this destination does not store schemas it can read back");
    }

    /**
     * Drops the tables (those that do not exist are skipped) and deletes every stored version of the
     * schema {@code schemaName} ({@code _dlt_version} rows), as dlt's {@code drop_tables(...,
     * delete_schema=True)}: the package that asks for it carries the schema without the tables, and
     * its load stores that schema anew. Called by the loader once per package, before migration, only
     * when the destination declares {@link DestinationCapabilities#supportsDropTables()}; running it
     * again (a resumed package) drops nothing more.
     */
    default void dropTables(String schemaName, Collection<String> tables) {
        throw new UnsupportedOperationException("this destination cannot drop tables");
    }

    /** Writes the rows that mark the package complete, in one transaction; a no-op if the load is recorded already. */
    void completeLoad(CompletedLoad load);

    /**
     * A client of the same destination for the staging dataset ({@code <dataset>_staging}), where
     * {@code merge} tables are loaded before the merge. Closing it does not close this client.
     */
    default DestinationClient staging() {
        throw new DestinationTerminalException("this destination has no staging dataset, so it cannot merge");
    }

    /**
     * Moves a merge table chain from the staging dataset into the dataset, in one transaction that
     * also records {@link MergeJob#jobId()} as completed (see {@link #completedJobs}).
     */
    default void merge(MergeJob job) {
        throw new DestinationTerminalException("this destination does not support write disposition merge");
    }

    /**
     * A client of the same dataset whose {@link #truncate}, {@link #newLoadJob}, {@link #merge} (also
     * those of its {@link #staging()}) and {@link #completeLoad} all run in one transaction on one
     * connection, called from one thread. Nothing is visible to readers until
     * {@link #commitPackage()}; closing it before that rolls everything back. The loader calls it
     * only when the destination declares {@link DestinationCapabilities#supportsTransactionalPackages()}
     * (and {@code [load] atomic_packages} is on). Called after
     * {@link #initializeStorage} and {@link #migrate}, whose changes are committed.
     */
    default DestinationClient beginPackageTransaction() {
        throw new UnsupportedOperationException("this destination cannot load a package in one transaction");
    }

    /** Commits the transaction of a client returned by {@link #beginPackageTransaction}. */
    default void commitPackage() {
        throw new UnsupportedOperationException("not a package transaction");
    }

    @Override
    void close();
}
