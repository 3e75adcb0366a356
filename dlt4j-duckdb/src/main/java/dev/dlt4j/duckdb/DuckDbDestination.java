package dev.dlt4j.duckdb;

import dev.dlt4j.config.ReplaceStrategy;
import dev.dlt4j.destination.Destination;
import dev.dlt4j.destination.DestinationCapabilities;
import dev.dlt4j.destination.DestinationClient;
import dev.dlt4j.destination.DestinationContext;
import dev.dlt4j.schema.MergeStrategy;
import dev.dlt4j.storage.LoaderFileFormat;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The DuckDB destination, dlt4j's default: the dataset is a schema inside one database file,
 * and each job file is ingested by DuckDB's own reader ({@code read_json}) in one
 * {@code INSERT … SELECT}, never row by row.
 */
public final class DuckDbDestination implements Destination {
    static final DestinationCapabilities CAPABILITIES = new DestinationCapabilities(LoaderFileFormat.JSONL,
            Set.of(LoaderFileFormat.JSONL, LoaderFileFormat.INSERT_VALUES, LoaderFileFormat.CSV,
                    LoaderFileFormat.PARQUET), 65536, true)
            .withMergeStrategies(MergeStrategy.values())
            .withReplaceStrategies(ReplaceStrategy.values());

    private final Optional<Path> database;
    private final Optional<String> memoryLimit;

    DuckDbDestination(Optional<Path> database) {
        this(database, Optional.empty());
    }

    DuckDbDestination(Optional<Path> database, Optional<String> memoryLimit) {
        this.database = database;
        this.memoryLimit = memoryLimit;
    }

    /**
     * The same destination with DuckDB's {@code memory_limit} (e.g. {@code 256MB}): caps the memory
     * DuckDB takes inside this process while loading; it spills to disk beyond it.
     */
    public DuckDbDestination withMemoryLimit(String limit) {
        return new DuckDbDestination(database, Optional.of(limit));
    }

    /** A DuckDB destination writing to the given database file. */
    public static DuckDbDestination at(Path databaseFile) {
        return new DuckDbDestination(Optional.of(databaseFile));
    }

    @Override
    public String type() {
        return "duckdb";
    }

    @Override
    public String displayLocation() {
        return database.map(Path::toString).orElse("<pipeline_name>.duckdb in the working directory");
    }

    @Override
    public String displayLocation(DestinationContext context) {
        return databaseFile(context).toString();
    }

    @Override
    public DestinationCapabilities capabilities() {
        return CAPABILITIES;
    }

    /** The database file for a pipeline: the configured path, else {@code <local_dir>/<pipeline_name>.duckdb}. */
    public Path databaseFile(DestinationContext context) {
        Path p = database.orElse(Path.of(context.pipelineName() + ".duckdb"));
        return p.isAbsolute() ? p : context.localDir().resolve(p).toAbsolutePath().normalize();
    }

    @Override
    public DestinationClient open(DestinationContext context) {
        return new DuckDbClient(databaseFile(context), context, memoryLimit);
    }

    @Override
    public String toString() {
        return "duckdb " + displayLocation();
    }
}
