package dev.dlt4j.destination;

import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.storage.JobFileName;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * A destination's side of one load run. The loader calls {@link #initializeStorage},
 * {@link #migrate} and {@link #truncate} once per package from one thread, then {@link #beginLoad}, then
 * {@link #loadJob} once per job file from up to {@code load.workers} threads at once, then
 * {@link #completeLoad}. A failed call throws {@link DestinationTerminalException} (the job can
 * never succeed) or any other exception (transient: the job is retried).
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
     * {@link #loadJob}, on the loader thread, also when a crashed load resumes (when
     * {@link #migrate} is not called again). Lets a client see the package's schema (its name,
     * the root and write disposition of nested tables). Default: nothing.
     */
    default void beginLoad(Schema schema, String loadId) {
    }

    /** Loads one job file into its table, all or nothing. */
    void loadJob(Table table, JobFileName job, Path file, String loadId);

    /** Writes the rows that mark the package complete, in one transaction. */
    void completeLoad(CompletedLoad load);

    @Override
    void close();
}
