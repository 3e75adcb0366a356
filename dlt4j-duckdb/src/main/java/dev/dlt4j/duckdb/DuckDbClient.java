package dev.dlt4j.duckdb;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.schema.Table;
import dev.dlt4j.spi.CsvHeader;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.spi.DestinationTerminalException;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.sql.SqlDestinationClient;
import dev.dlt4j.sql.SqlLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * One load run against one DuckDB file: the connection, the bulk load of a job file (DuckDB reads
 * csv, jsonl and parquet itself; {@code insert_values} files run as SQL) and the
 * {@link DuckDbDialect}; the rest is {@link SqlDestinationClient}'s. Holds one connection to the
 * database; every job and every call runs on a duplicate of it (DuckDB's way to give each thread
 * its own connection to one database).
 */
final class DuckDbClient extends SqlDestinationClient {
    private final Path file;
    private final DuckDBConnection root;
    /**
     * Set once this run merged (any client of it). A run's checkpoints do not vacuum until it merges:
     * a merge deletes rows here and there, whose space only DuckDB's vacuum gives back, so from the
     * first merge on the run's checkpoints vacuum as DuckDB's do by default. Appends and whole-table
     * deletes (truncation, replace) need no vacuum: a row group deleted whole is dropped without one.
     * Without it, each bulk-loaded job file leaves its last, partial row group (one per DuckDB thread)
     * unmerged with the next one.
     */
    private final java.util.concurrent.atomic.AtomicBoolean merged;
    /** The database file's catalog ({@code shop} for {@code shop.duckdb}): part of every table's name. */
    private final String catalog;

    DuckDbClient(Path file, DestinationContext context, DuckDbSettings settings) {
        super(DuckDbDialect.INSTANCE, context.datasetName());
        this.file = file;
        this.root = open(file, settings.storageVersion());
        settings.applyTo(root);
        this.catalog = catalog(root, file);
        this.merged = new java.util.concurrent.atomic.AtomicBoolean();
        // jobs need not keep a file's row order: DuckDB's readers are ~30% faster without it (measured)
        execute(root, "SET preserve_insertion_order = false");
        // no vacuum at checkpoints (see merged): DuckDB's checkpoint otherwise rewrites the partial row groups each
        // package leaves, ~1.1 s of CPU per 1M rows loaded in packages of 250k (measured, docs/performance.md)
        execute(root, "SET max_vacuum_tasks = 0");
    }

    private DuckDbClient(DuckDbClient of, Scope scope) {
        super(of, scope);
        this.file = of.file;
        this.root = of.root;
        this.catalog = of.catalog;
        this.merged = of.merged;
    }

    /** The catalog DuckDB gave the database file (its name without the extension), as dlt qualifies with it. */
    static String catalog(Connection c, Path file) {
        try (Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the catalog name of DuckDB database " + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    protected String schemaReference(String dataset) {
        return quote(catalog) + "." + quote(dataset);
    }

    @Override
    protected SqlDestinationClient derive(Scope scope) {
        return new DuckDbClient(this, scope);
    }

    /**
     * Opens the database file; one that does not exist yet is created in {@code storageVersion}
     * (DuckDB's {@code storage_compatibility_version}, which an existing file ignores: it keeps its own).
     */
    private static DuckDBConnection open(Path file, String storageVersion) {
        java.util.Properties config = new java.util.Properties();
        config.setProperty("storage_compatibility_version", storageVersion);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return (DuckDBConnection) DuckDbDestination.connect(file.toAbsolutePath(), config);
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("storage_compatibility_version")) {
                throw new IllegalArgumentException("DuckDB database " + file + ": storage_version '" + storageVersion
                        + "' is not one this DuckDB knows (" + e.getMessage() + ")", e);
            }
            throw new IllegalStateException("cannot open DuckDB database " + file + ": " + e.getMessage()
                    + " (is another process holding it open?)", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot open DuckDB database " + file + ": " + e.getMessage()
                    + " (is another process holding it open?)", e);
        }
    }

    @Override
    protected Connection borrowConnection() {
        try {
            return root.duplicate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a connection to DuckDB database " + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    protected void releaseConnection(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // a duplicate that cannot close holds nothing the database needs
        }
    }

    /** Closing the database checkpoints it: the file holds every committed package, without the WAL. */
    @Override
    protected void closeConnections() {
        try {
            root.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close DuckDB database " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void merge(dev.dlt4j.spi.MergeJob job) {
        if (merged.compareAndSet(false, true)) {
            execute(root, "RESET max_vacuum_tasks"); // the database's setting, for every connection
        }
        super.merge(job);
    }

    @Override
    protected RuntimeException failure(String what, SQLException e) {
        return super.failure("DuckDB " + file + ": " + what, e);
    }

    @Override
    public dev.dlt4j.spi.DestinationClient staging() {
        // merge deduplication keeps the row loaded last (by rowid): staging loads keep the file's order; the setting
        // is the database's, so it stays on for the rest of the run (its later packages load a little slower)
        execute(root, "SET preserve_insertion_order = true");
        return super.staging();
    }

    @Override
    protected long loadFile(Connection c, Table table, JobFileName job, Path jobFile) throws SQLException, IOException {
        try (Statement st = c.createStatement()) {
            // DuckDB tracks a statement's progress only with its progress bar on (not printed): for loadProgress
            st.execute("SET enable_progress_bar = true");
            st.execute("SET enable_progress_bar_print = false");
            running.put(c, st);
            try {
                return load(c, st, table, job, jobFile);
            } finally {
                running.remove(c);
            }
        }
    }

    /** The statement each connection is loading a job file with now, for {@link #loadProgress}. */
    private final java.util.Map<Connection, Statement> running = new java.util.concurrent.ConcurrentHashMap<>();

    /** DuckDB's own progress of the statement loading on {@code c} (as its CLI's progress bar shows it). */
    @Override
    protected java.util.OptionalDouble loadProgress(Connection c) {
        Statement st = running.get(c);
        if (st == null) {
            return java.util.OptionalDouble.empty();
        }
        try {
            double percent = st.unwrap(org.duckdb.DuckDBPreparedStatement.class).getQueryProgress().getPercentage();
            return percent < 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(Math.min(1, percent / 100));
        } catch (SQLException | RuntimeException e) {
            return java.util.OptionalDouble.empty(); // the statement just ended, or DuckDB cannot tell
        }
    }

    private long load(Connection c, Statement st, Table table, JobFileName job, Path jobFile)
            throws SQLException, IOException {
        {
            return switch (LoaderFileFormat.fromName(job.format())) {
                case INSERT_VALUES -> InsertValuesJob.execute(c, st, qualified(table.name()), jobFile,
                        job.compressed());
                case CSV -> st.executeUpdate(logged(insertFromCsv(table, job, jobFile)));
                case PARQUET -> st.executeUpdate(logged("INSERT INTO " + qualified(table.name()) + " BY NAME"
                        + " SELECT * FROM read_parquet(" + literal(jobFile.toAbsolutePath().toString()) + ")"));
                default -> st.executeUpdate(logged(insertFromFile(table, job, jobFile)));
            };
        }
    }

    /**
     * {@code INSERT INTO t (header cols) SELECT casts FROM read_csv(file)}: every field is read as
     * text (an empty unquoted field is NULL, {@code ""} an empty string) and cast to the column's
     * type; binary comes in PostgreSQL's {@code \\x} hex form.
     */
    String insertFromCsv(Table table, JobFileName job, Path jobFile) throws IOException {
        List<String> header = CsvHeader.read(jobFile, job.compressed());
        StringBuilder cols = new StringBuilder();
        StringBuilder exprs = new StringBuilder();
        StringBuilder struct = new StringBuilder();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            Column c = table.columns().get(name);
            if (c == null) {
                throw new DestinationTerminalException("csv job " + job + " has column " + name + ", which table "
                        + table.name() + " does not have");
            }
            String q = quote(name);
            String sep = i == 0 ? "" : ", ";
            cols.append(sep).append(q);
            exprs.append(sep).append(c.dataType() == DataType.BINARY ? "from_hex(substr(" + q + ", 3))"
                    : "CAST(" + q + " AS " + sqlType(c) + ")");
            struct.append(sep).append(literal(name)).append(": 'VARCHAR'");
        }
        return "INSERT INTO " + qualified(table.name()) + " (" + cols + ") SELECT " + exprs + " FROM read_csv("
                + literal(jobFile.toAbsolutePath().toString()) + ", header = true, auto_detect = false, delim = ',',"
                + " quote = '\"', escape = '\"', allow_quoted_nulls = false, compression = '"
                + (job.compressed() ? "gzip" : "none") + "', columns = {" + struct + "})";
    }

    /** {@code INSERT INTO t (cols) SELECT exprs FROM read_json(file, columns = {…})}: DuckDB reads the file itself. */
    String insertFromFile(Table table, JobFileName job, Path jobFile) {
        return insertFromJsonl(qualified(table.name()), table, jobFile, job.compressed());
    }

    /** The statement of {@link #insertFromFile} for a table already qualified (also the benchmarks' baseline). */
    static String insertFromJsonl(String qualifiedTable, Table table, Path jobFile, boolean gzip) {
        StringBuilder cols = new StringBuilder();
        StringBuilder exprs = new StringBuilder();
        StringBuilder struct = new StringBuilder();
        boolean first = true;
        for (Column c : table.columns().values()) {
            String q = quote(c.name());
            cols.append(first ? "" : ", ").append(q);
            String readType;
            String expr;
            switch (c.dataType()) {
                case BINARY -> {
                    readType = "VARCHAR";
                    expr = "from_base64(" + q + ")";
                }
                case TIMESTAMP -> {
                    readType = "VARCHAR";
                    expr = "CAST(" + q + " AS " + sqlType(c) + ")";
                }
                default -> {
                    readType = sqlType(c);
                    expr = q;
                }
            }
            exprs.append(first ? "" : ", ").append(expr);
            struct.append(first ? "" : ", ").append(literal(c.name())).append(": ").append(literal(readType));
            first = false;
        }
        return "INSERT INTO " + qualifiedTable + " (" + cols + ") SELECT " + exprs + " FROM read_json("
                + literal(jobFile.toAbsolutePath().toString()) + ", format = 'newline_delimited', compression = '"
                + (gzip ? "gzip" : "none") + "', columns = {" + struct + "})";
    }

    /** {@code sql}, logged at DEBUG first (see {@link SqlLog}). */
    private String logged(String sql) {
        SqlLog.statement("duckdb", sql);
        return sql;
    }

    private void execute(Connection c, String sql) {
        SqlLog.statement("duckdb", sql);
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB " + file + " failed on: " + sql + ": " + e.getMessage(), e);
        }
    }

    private static String sqlType(Column c) {
        return DuckDbDialect.INSTANCE.columnType(c);
    }

    private static String quote(String identifier) {
        return DuckDbDialect.INSTANCE.quote(identifier);
    }

    private static String literal(String s) {
        return DuckDbDialect.INSTANCE.literal(s);
    }
}
