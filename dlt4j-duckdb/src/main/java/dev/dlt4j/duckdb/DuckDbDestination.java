package dev.dlt4j.duckdb;

import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationCapabilities;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.LoaderFileFormat;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The DuckDB destination, dlt4j's default: the dataset is a schema inside one database file,
 * and each job file is ingested by DuckDB's own reader ({@code read_json}) in one
 * {@code INSERT … SELECT}, never row by row.
 */
public final class DuckDbDestination implements Destination {
    /**
     * jsonl job files by default, also insert_values, csv and parquet; every merge and replace strategy,
     * through the staging schema {@code <dataset>_staging}; identifiers up to 65536 characters, not case
     * sensitive; DECIMAL up to 38 digits; DDL, each job with its marker row, and a whole package in
     * transactions; stored state and schemas read back, tables dropped.
     */
    static final DestinationCapabilities CAPABILITIES = DestinationCapabilities.builder(LoaderFileFormat.JSONL)
            .supportedFormats(LoaderFileFormat.INSERT_VALUES, LoaderFileFormat.CSV, LoaderFileFormat.PARQUET)
            .mergeStrategies(MergeStrategy.values())
            .replaceStrategies(ReplaceStrategy.values())
            .hasStagingDataset(true)
            .maxIdentifierLength(65536)
            .caseSensitiveIdentifiers(false)
            .maxDecimalPrecision(38)
            .maxIntegerPrecision(128) // HUGEINT
            .maxTimestampPrecision(9) // TIMESTAMP_NS
            .supportsTransactionalDdl(true)
            .supportsJobMarkers(true)
            .supportsTransactionalPackages(true)
            .supportsStateSync(true)
            .supportsDropTables(true)
            .supportsDatasetQueries(true)
            .compressesJobFiles(false) // plain job files: less CPU than gzip + gunzip (docs/performance.md)
            .build();

    // each empty: the [destination.duckdb] key of the pipeline's config (see DuckDbConfigKeys), else the default
    private final Optional<Path> database;
    private final Optional<String> memoryLimit;
    private final Optional<Integer> threads;
    private final Optional<String> storageVersion;

    DuckDbDestination(Optional<Path> database) {
        this(database, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private DuckDbDestination(Optional<Path> database, Optional<String> memoryLimit, Optional<Integer> threads,
            Optional<String> storageVersion) {
        this.database = database;
        this.memoryLimit = memoryLimit;
        this.threads = threads;
        this.storageVersion = storageVersion;
    }

    /**
     * The same destination with DuckDB's {@code memory_limit} (e.g. {@code 256MB}): caps the memory
     * DuckDB takes inside this process while loading; it spills to disk beyond it. Wins over
     * {@code [destination.duckdb] memory_limit}.
     *
     * @throws IllegalArgumentException when the value is not a size such as {@code 256MB}
     */
    public DuckDbDestination withMemoryLimit(String limit) {
        return new DuckDbDestination(database, Optional.of(DuckDbConfigKeys.MEMORY_LIMIT.check("DuckDB", limit)),
                threads, storageVersion);
    }

    /**
     * The same destination with DuckDB's {@code threads}: the threads DuckDB uses inside a load job.
     * Wins over {@code [destination.duckdb] threads}.
     *
     * @throws IllegalArgumentException when the value is less than 1
     */
    public DuckDbDestination withThreads(int value) {
        return new DuckDbDestination(database, memoryLimit, Optional.of(DuckDbConfigKeys.THREADS.check("DuckDB",
                value)), storageVersion);
    }

    /**
     * The same destination creating its file in another storage version: {@code latest}, or a
     * DuckDB version such as {@code v1.4.0} (the default, read by DuckDB 1.4 LTS and newer). An
     * existing file keeps the version it was created with. Wins over {@code [destination.duckdb]
     * storage_version}.
     *
     * @throws IllegalArgumentException when the value is neither {@code latest} nor {@code v<x.y.z>}
     */
    public DuckDbDestination withStorageVersion(String version) {
        return new DuckDbDestination(database, memoryLimit, threads,
                Optional.of(DuckDbConfigKeys.STORAGE_VERSION.check("DuckDB", version)));
    }

    /** The settings a load applies: set in code or URI, else the pipeline's config, else DuckDB's defaults. */
    DuckDbSettings settings(DestinationContext context) {
        return DuckDbSettings.resolve(context, memoryLimit, threads, storageVersion);
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

    /**
     * The database file for a pipeline: the path of the URI or code, else {@code [destination.duckdb]
     * credentials} of the pipeline's config, else {@code <local_dir>/<pipeline_name>.duckdb}; a relative
     * path is against the local dir.
     */
    public Path databaseFile(DestinationContext context) {
        Path p = database.or(() -> context.config().destinationOptional(context.pipelineName(),
                DuckDbConfigKeys.CREDENTIALS).value().map(Path::of))
                .orElse(Path.of(context.pipelineName() + ".duckdb"));
        return p.isAbsolute() ? p : context.localDir().resolve(p).toAbsolutePath().normalize();
    }

    /**
     * How long a JVM that exits waits for the native library's copy it started: the copy takes well under a
     * second; the bound keeps an exit from hanging on a stuck disk.
     */
    private static final long WARM_UP_EXIT_WAIT_MILLIS = 5_000;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DuckDbDestination.class);

    /** Set once the native library's load has been started in this JVM. */
    private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Starts loading DuckDB's native library (copying 68 MB out of the driver jar and linking it:
     * ~0.6 s from the driver's own jar, ~0.3 s from the CLI jar, measured) on a daemon thread, once per
     * JVM, so that it overlaps extract; a JVM that exits meanwhile lets the copy finish first. The thread
     * then deletes the copies killed JVMs left in the temporary folder ({@link StaleLibraryCopies}). The first
     * connection then finds it loaded; class initialisation makes a connection opened meanwhile wait
     * for it. A failure is left to {@link #connect}, which fails with DuckDB's own message.
     */
    @Override
    public void warmUp() {
        loadLibrary();
    }

    private static volatile Throwable libraryFailure;
    private static volatile Thread warmUpThread;

    /**
     * Every connection of this module: the native library is loaded on the warm-up thread first, and a
     * library that cannot load is reported with the driver's own error (the JVM's later "Could not
     * initialize class" carries none).
     */
    static java.sql.Connection connect(Path file, java.util.Properties properties) throws java.sql.SQLException {
        loadLibrary();
        try {
            return java.sql.DriverManager.getConnection("jdbc:duckdb:" + file, properties);
        } catch (LinkageError e) {
            Thread warmUp = warmUpThread;
            // whichever thread ran the class's initialisation holds the driver's reason; the other one only
            // "Could not initialize class"
            if (!(e instanceof ExceptionInInitializerError) && libraryFailure == null && warmUp != null) {
                try {
                    warmUp.join(WARM_UP_EXIT_WAIT_MILLIS); // it may not have recorded its failure yet
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            Throwable cause = e instanceof ExceptionInInitializerError || libraryFailure == null ? e : libraryFailure;
            throw new IllegalStateException("DuckDB's native library cannot be loaded (" + cause + "): the driver"
                    + " copies it into the temporary folder " + System.getProperty("java.io.tmpdir")
                    + " (-Djava.io.tmpdir), which must be writable and allow running programs, and has it for"
                    + " Linux, macOS and Windows on x86-64 and arm64", cause);
        }
    }

    /**
     * {@link #warmUp}'s work, also started by every connection's opening ({@link #connect}), which then
     * waits for it in the driver's class initialisation: so that the copy is made on the thread a JVM
     * that exits waits for, whoever opens DuckDB first ({@code pipeline … query} does not warm up).
     */
    static void loadLibrary() {
        if (!WARMING.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                Class.forName("org.duckdb.DuckDBNative", true, DuckDbDestination.class.getClassLoader());
            } catch (Throwable e) {
                // connect() reports it: a later use of the class fails without this cause
                libraryFailure = e;
            }
            int deleted = StaleLibraryCopies.delete(Path.of(System.getProperty("java.io.tmpdir")),
                    java.time.Instant.now());
            if (deleted > 0) {
                LOG.debug("deleted {} copies of DuckDB's native library older than {} from the temporary folder",
                        deleted, StaleLibraryCopies.STALE_AFTER);
            }
        }, "dlt4j-duckdb-warm-up");
        warmUpThread = t;
        t.setDaemon(true);
        t.start();
        // The driver copies its native library (68 MB) into the temporary folder and marks the copy for
        // deletion at exit only once it is whole: a JVM stopped mid-copy (Ctrl-C early in a run) left a
        // partial file there. This lets the copy finish; the JVM deletes the files marked for deletion
        // after the shutdown hooks have run.
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitWarmUp(t), "dlt4j-duckdb-warm-up-exit"));
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: nothing can be marked for deletion any more
        }
    }

    private static void awaitWarmUp(Thread warmUp) {
        try {
            warmUp.join(WARM_UP_EXIT_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public DestinationClient open(DestinationContext context) {
        return new DuckDbClient(databaseFile(context), context, settings(context));
    }

    /** No database file yet: nothing loaded there, and opening it would create it. */
    @Override
    public boolean certainlyEmpty(DestinationContext context) {
        return !java.nio.file.Files.exists(databaseFile(context));
    }

    /** Rows per table of the dataset's schema in the database file, counted by DuckDB. */
    @Override
    public Optional<java.util.SortedMap<String, Long>> rowCounts(DestinationContext context) {
        Path file = databaseFile(context);
        try (java.sql.Connection c = connect(file, new java.util.Properties())) {
            return Optional.of(dev.dlt4j.sql.SqlRowCounts.count(c, Optional.of(DuckDbClient.catalog(c, file)),
                    context.datasetName()));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot count the rows of dataset " + context.datasetName() + " in "
                    + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The dataset read back through a read-only connection to the database file (so a reader never
     * changes it), the dataset's schema as DuckDB's default schema.
     */
    @Override
    public dev.dlt4j.spi.DatasetReader openDataset(DestinationContext context) {
        Path file = databaseFile(context);
        if (!java.nio.file.Files.exists(file)) {
            throw new IllegalStateException("cannot read dataset " + context.datasetName() + ": the DuckDB file "
                    + file + " does not exist (nothing was loaded there yet)");
        }
        java.util.Properties readOnly = new java.util.Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try {
            java.sql.Connection c = connect(file, readOnly);
            // USE with the catalog: a dataset named like the file ("shop" in shop.duckdb) is otherwise ambiguous
            return dev.dlt4j.spi.JdbcDatasetReader.open(c, context.datasetName(), "USE "
                    + DuckDbDialect.INSTANCE.quote(DuckDbClient.catalog(c, file)) + "."
                    + DuckDbDialect.INSTANCE.quote(context.datasetName()), file.toString());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read dataset " + context.datasetName() + " in " + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "duckdb " + displayLocation();
    }
}
