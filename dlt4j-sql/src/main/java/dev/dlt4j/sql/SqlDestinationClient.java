package dev.dlt4j.sql;

import dev.dlt4j.WriteDisposition;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.spi.CompletedLoad;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationTerminalException;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.spi.LoadJob;
import dev.dlt4j.spi.MergeJob;
import dev.dlt4j.spi.StoredSchema;
import dev.dlt4j.spi.StoredState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What every SQL destination's client does the same way: the dataset (a database schema) and its
 * job-marker table {@value #JOBS_TABLE}, migration from the dlt schema, truncation, the load
 * records, the staging dataset and merge ({@link SqlMerge}), package transactions, and load jobs
 * whose rows and marker commit in one transaction. A destination adds only what differs: its
 * {@link SqlDialect}, how it gets connections, and how it bulk-loads a job file.
 *
 * <p>A third SQL destination (sketch):
 * <pre>{@code
 * final class MariaDbClient extends SqlDestinationClient {
 *     private final Pool pool;                                   // the destination's connections
 *
 *     MariaDbClient(MariaDbCredentials credentials, DestinationContext context) {
 *         super(new MariaDbDialect(), context.datasetName());   // types, quoting, insertion order
 *         this.pool = new Pool(credentials);
 *     }
 *
 *     private MariaDbClient(MariaDbClient of, Scope scope) {    // staging dataset, package transaction
 *         super(of, scope);
 *         this.pool = of.pool;
 *     }
 *
 *     protected SqlDestinationClient derive(Scope scope) { return new MariaDbClient(this, scope); }
 *     protected Connection borrowConnection() { return pool.borrow(); }
 *     protected void releaseConnection(Connection c) { pool.release(c); }
 *     protected void closeConnections() { pool.close(); }
 *
 *     protected long loadFile(Connection c, Table table, JobFileName job, Path file) throws SQLException {
 *         try (Statement st = c.createStatement()) {            // in the job's open transaction
 *             return st.executeUpdate("LOAD DATA LOCAL INFILE '" + file + "' INTO TABLE " + qualified(table.name()));
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Threads: the loader calls {@link #newLoadJob} from up to {@code load.workers} threads at once;
 * each job borrows its own connection ({@link #borrowConnection()}) for its run and commit. Every
 * other call comes from the loader thread. A client of {@link #beginPackageTransaction()} runs every
 * call on its one connection, from one thread.
 *
 * <p>Failures: an {@link SQLException} becomes a {@link DestinationTerminalException} when
 * {@link SqlDialect#isTerminal} says so, else an {@link IllegalStateException} (retried); see
 * {@link #failure}.
 */
public abstract class SqlDestinationClient implements DestinationClient {
    /** Job ids committed per load: written in each job's transaction, read when a package is resumed. */
    public static final String JOBS_TABLE = "_dlt4j_jobs";
    /** The merge's own warnings, under {@link SqlMerge}'s name, where its SQL is made. */
    private static final org.slf4j.Logger MERGE_LOG = dev.dlt4j.log.Logs.get(SqlMerge.class);

    private final SqlDialect dialect;
    private final Scope scope;
    /** The package's schema, to find the root (and so the write disposition) of a nested table. */
    private volatile Schema schema;
    private boolean committed;

    /**
     * Which dataset a client loads and on which connection: the dataset or its staging dataset, on
     * connections of its own or on the one connection of a package transaction. Made by this class;
     * a subclass hands it on to its {@link #derive} constructor.
     */
    protected static final class Scope {
        /** The pipeline's dataset; a staging client loads {@code <dataset>_staging}. */
        private final String dataset;
        private final boolean staging;
        private final Optional<Connection> packageConnection;
        /** True for the client that began the package transaction: it commits, rolls back and releases it. */
        private final boolean ownsTransaction;
        private final String datasetName;

        private Scope(String dataset, boolean staging, Optional<Connection> packageConnection,
                boolean ownsTransaction) {
            this.dataset = dataset;
            this.staging = staging;
            this.packageConnection = packageConnection;
            this.ownsTransaction = ownsTransaction;
            this.datasetName = staging ? stagingName(dataset) : dataset;
        }
    }

    /** The client of one load run into {@code datasetName}: it owns the connections and closes them. */
    protected SqlDestinationClient(SqlDialect dialect, String datasetName) {
        this.dialect = dialect;
        this.scope = new Scope(datasetName, false, Optional.empty(), false);
    }

    /** A client on the connections of {@code of} in another scope (see {@link #derive}). */
    protected SqlDestinationClient(SqlDestinationClient of, Scope scope) {
        this.dialect = of.dialect;
        this.scope = scope;
        this.schema = of.schema;
    }

    /**
     * A client of the same destination and connections in {@code scope}: the staging dataset, or a
     * package transaction. Implemented as {@code new XClient(this, scope)}; closing it never closes
     * the connections of this client.
     */
    protected abstract SqlDestinationClient derive(Scope scope);

    /** A connection with auto-commit on, for one piece of work; any thread. Fails naming the database. */
    protected abstract Connection borrowConnection();

    /** Gives back a connection of {@link #borrowConnection()}, with auto-commit on again (or broken). */
    protected abstract void releaseConnection(Connection c);

    /** Closes every connection of this load run; called once, by {@link #close()} of the client that opened them. */
    protected abstract void closeConnections();

    /**
     * How much of the job file {@link #loadFile} is loading on {@code c} it has loaded so far (0 to
     * 1), for the progress bar; called from another thread while {@code loadFile} runs. Default: empty
     * (the destination cannot tell).
     */
    protected java.util.OptionalDouble loadProgress(Connection c) {
        return java.util.OptionalDouble.empty();
    }

    /**
     * Loads {@code file} into {@code table} on {@code c}, whose transaction is open (the job's, or the
     * package's), and returns the rows the database took. Does not commit: the job's commit writes
     * the marker and commits both. Runs on the job's thread.
     */
    protected abstract long loadFile(Connection c, Table table, JobFileName job, Path file)
            throws SQLException, IOException;

    /**
     * Called first in the transaction that creates or migrates the dataset. Default: nothing;
     * PostgreSQL takes an advisory lock on the dataset's name, so that pipelines creating or
     * migrating one dataset at once take turns.
     */
    protected void lockDataset(Connection c, String datasetName) throws SQLException {
    }

    /**
     * The exception for a failed {@code what} ("schema migration of dataset x failed"): terminal when
     * the dialect says so. A destination overrides it to name its server or mask secrets.
     */
    protected RuntimeException failure(String what, SQLException e) {
        String message = what + ": " + e.getMessage();
        return dialect.isTerminal(e) ? new DestinationTerminalException(message, e)
                : new IllegalStateException(message, e);
    }

    protected final SqlDialect dialect() {
        return dialect;
    }

    /** The dataset this client loads: the pipeline's dataset or its staging dataset. */
    protected final String datasetName() {
        return scope.datasetName;
    }

    /** Whether this client loads the staging dataset ({@code <dataset>_staging}) rather than the dataset. */
    protected final boolean isStaging() {
        return scope.staging;
    }

    /** A table of this client's dataset, quoted and qualified. */
    protected final String qualified(String table) {
        return schemaReference(scope.datasetName) + "." + dialect.quote(table);
    }

    /**
     * The quoted name of schema {@code dataset} in SQL. Default: the quoted name. DuckDB adds its
     * catalog: a dataset named like the database file ({@code shop} in {@code shop.duckdb}) is
     * otherwise an ambiguous reference to the catalog or the schema.
     */
    protected String schemaReference(String dataset) {
        return dialect.quote(dataset);
    }

    /** dlt's staging dataset name: {@code <dataset>_staging}. */
    public static String stagingName(String dataset) {
        return dataset + "_staging";
    }

    /** Work on a connection, which may throw what JDBC and file reading throw. */
    @FunctionalInterface
    protected interface SqlWork<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    /** Runs {@code work} on a connection of this client, as it is (auto-commit, or the package's transaction). */
    protected final <T> T withConnection(String what, SqlWork<T> work) {
        Connection c = borrow();
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": " + e.getMessage(), e);
        } finally {
            release(c);
        }
    }

    /**
     * Runs {@code work} in a transaction of its own, committed at its end and rolled back on any
     * failure, or, in a package transaction, as part of that transaction (committed by
     * {@link #commitPackage()}).
     */
    protected final <T> T inTransaction(String what, SqlWork<T> work) {
        return withConnection(what, c -> transaction(c, work));
    }

    private <T> T transaction(Connection c, SqlWork<T> work) throws SQLException, IOException {
        if (scope.packageConnection.isPresent()) {
            return work.run(c);
        }
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private Connection borrow() {
        return scope.packageConnection.orElseGet(this::borrowConnection);
    }

    private void release(Connection c) {
        if (scope.packageConnection.isEmpty()) {
            releaseConnection(c);
        }
    }

    /** Creates the dataset and its job-marker table, in one transaction under {@link #lockDataset}. */
    @Override
    public void initializeStorage() {
        inTransaction("cannot create schema " + scope.datasetName, c -> {
            lockDataset(c, scope.datasetName);
            try (Statement st = c.createStatement()) {
                SqlLog.statement(scope.datasetName, "CREATE SCHEMA IF NOT EXISTS " + schemaReference(scope.datasetName));
                st.execute("CREATE SCHEMA IF NOT EXISTS " + schemaReference(scope.datasetName));
                String text = dialect.columnType(Column.of("load_id", DataType.TEXT));
                String time = dialect.columnType(Column.of("inserted_at", DataType.TIMESTAMP));
                st.execute("CREATE TABLE IF NOT EXISTS " + qualified(JOBS_TABLE) + " (load_id " + text
                        + " NOT NULL, job_id " + text + " NOT NULL, table_name " + text + " NOT NULL, inserted_at "
                        + time + " NOT NULL)");
            }
            return null;
        });
    }

    /**
     * Creates missing tables and adds missing columns (nullable), reading what exists and changing
     * it in one transaction under {@link #lockDataset}. Returns the statements run.
     */
    @Override
    public List<String> migrate(Schema packageSchema, Collection<Table> tables) {
        return inTransaction("schema migration of dataset " + scope.datasetName + " failed", c -> {
            lockDataset(c, scope.datasetName);
            Map<String, Set<String>> existing = existingColumns(c);
            List<String> statements = new ArrayList<>();
            for (Table t : tables) {
                Set<String> have = existing.get(t.name());
                try {
                    if (have == null) {
                        statements.addAll(createTable(qualified(t.name()), t));
                    } else {
                        List<Column> missing = t.columns().values().stream()
                                .filter(col -> !have.contains(col.name())).toList();
                        if (!missing.isEmpty()) {
                            statements.addAll(dialect.addColumns(qualified(t.name()), missing));
                            // a nested table's root key (a root table may have a data column of that name)
                            missing.stream().filter(col -> col.rootKey() && t.parent().isPresent()).findFirst()
                                    .ifPresent(rootKey -> statements.add(rootKeyBackfill(packageSchema, t, rootKey)));
                        }
                    }
                } catch (IllegalArgumentException e) {
                    // a column hint no type of the database holds (the dialect's message names it): fails on
                    // every attempt, as dlt's type mapper's TerminalValueError
                    throw new DestinationTerminalException("schema migration of dataset " + scope.datasetName
                            + " failed: table " + t.name() + ", " + e.getMessage(), e);
                }
            }
            try (Statement st = c.createStatement()) {
                for (String sql : statements) {
                    SqlLog.statement(scope.datasetName, sql);
                    st.execute(sql);
                }
            }
            return statements;
        });
    }

    /**
     * Fills the root key a nested table gets when its root table starts merging (dlt's load fails there on
     * the NOT NULL column): a child of the root takes its parent's id, a deeper one its parent's root key,
     * filled before it (parents migrate before their children). Without it the rows loaded before would
     * never be deleted with their root row.
     */
    private String rootKeyBackfill(Schema schema, Table t, Column rootKey) {
        String parent = t.parent().orElseThrow();
        String parentId = dialect.quote(Schema.dltParentIdColumn().name());
        boolean parentIsRoot = schema.table(parent).map(Table::isRoot).orElse(true);
        String value = parentIsRoot ? parentId : "(SELECT p." + dialect.quote(rootKey.name()) + " FROM "
                + qualified(parent) + " p WHERE p." + dialect.quote(Schema.dltIdColumn().name()) + " = "
                + qualified(t.name()) + "." + parentId + ")";
        return "UPDATE " + qualified(t.name()) + " SET " + dialect.quote(rootKey.name()) + " = " + value + " WHERE "
                + dialect.quote(rootKey.name()) + " IS NULL";
    }

    /**
     * The statements that create {@code table} (a new table of this client's dataset) in a migration.
     * Default: {@code CREATE TABLE} with the dialect's column definitions.
     */
    protected List<String> createTable(String qualifiedTable, Table table) {
        List<String> columns = table.columns().values().stream().map(dialect::columnDefinition).toList();
        return List.of("CREATE TABLE " + qualifiedTable + " (" + String.join(", ", columns) + ")");
    }

    private Map<String, Set<String>> existingColumns(Connection c) throws SQLException {
        Map<String, Set<String>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ?")) {
            ps.setString(1, scope.datasetName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Empties the tables that exist, with the dialect's statement (auto-commit, or in the package's transaction). */
    @Override
    public void truncate(Collection<String> tables) {
        if (tables.isEmpty()) {
            return;
        }
        withConnection("cannot truncate " + tables + " in dataset " + scope.datasetName, c -> {
            Set<String> existing = existingColumns(c).keySet();
            List<String> present = tables.stream().filter(existing::contains).map(this::qualified).toList();
            if (!present.isEmpty()) {
                try (Statement st = c.createStatement()) {
                    for (String sql : dialect.truncate(present)) {
                        SqlLog.statement(scope.datasetName, sql);
                    st.execute(sql);
                    }
                }
            }
            return null;
        });
    }

    /**
     * dlt's {@code get_stored_state}: the newest {@code _dlt_pipeline_state} row of the pipeline whose
     * load has a {@code _dlt_loads} row with status 0; empty when the dataset or the tables are missing.
     */
    @Override
    public Optional<StoredState> storedState(String pipelineName) {
        return withConnection("cannot read the stored state of pipeline " + pipelineName + " in dataset "
                + scope.datasetName, c -> {
                    Set<String> tables = existingColumns(c).keySet();
                    if (!tables.contains(Schema.STATE_TABLE) || !tables.contains(Schema.LOADS_TABLE)) {
                        return Optional.empty();
                    }
                    return SqlLoadRecords.storedState(c, this::qualified, pipelineName);
                });
    }

    /** dlt's {@code get_stored_schema}: the newest {@code _dlt_version} row of the schema; empty when there is none. */
    @Override
    public Optional<StoredSchema> storedSchema(String schemaName) {
        return withConnection("cannot read the stored schema " + schemaName + " in dataset " + scope.datasetName,
                c -> existingColumns(c).containsKey(Schema.VERSION_TABLE)
                        ? SqlLoadRecords.storedSchema(c, this::qualified, schemaName) : Optional.empty());
    }

    /**
     * Drops the tables that exist, in the dataset and in its staging dataset, and deletes the stored
     * versions of the schema, in one transaction under {@link #lockDataset} (dlt's
     * {@code drop_tables(..., delete_schema=True)}).
     */
    @Override
    public void dropTables(String schemaName, Collection<String> tables) {
        inTransaction("cannot drop tables " + tables + " in dataset " + scope.datasetName, c -> {
            lockDataset(c, scope.datasetName);
            Set<String> existing = existingColumns(c).keySet();
            Set<String> staged = existingTables(c, stagingName(scope.dataset));
            try (Statement st = c.createStatement()) {
                for (String t : tables) {
                    if (existing.contains(t)) {
                        st.execute("DROP TABLE IF EXISTS " + qualified(t));
                    }
                    if (staged.contains(t)) {
                        st.execute("DROP TABLE IF EXISTS " + schemaReference(stagingName(scope.dataset)) + "."
                                + dialect.quote(t));
                    }
                }
            }
            if (existing.contains(Schema.VERSION_TABLE)) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + qualified(Schema.VERSION_TABLE)
                        + " WHERE schema_name = ?")) {
                    ps.setString(1, schemaName);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    private static Set<String> existingTables(Connection c, String dataset) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    @Override
    public void beginLoad(Schema packageSchema, String loadId) {
        this.schema = packageSchema;
    }

    /** The ids in {@value #JOBS_TABLE} for {@code loadId}; none when the table does not exist yet. */
    @Override
    public Set<String> completedJobs(String loadId) {
        return withConnection("cannot read the completed jobs of load " + loadId + " in dataset "
                + scope.datasetName, c -> {
                    if (!jobsTableExists(c)) {
                        return Set.of();
                    }
                    Set<String> out = new HashSet<>();
                    try (PreparedStatement ps = c.prepareStatement("SELECT job_id FROM " + qualified(JOBS_TABLE)
                            + " WHERE load_id = ?")) {
                        ps.setString(1, loadId);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                out.add(rs.getString(1));
                            }
                        }
                    }
                    return out;
                });
    }

    private boolean jobsTableExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, scope.datasetName);
            ps.setString(2, JOBS_TABLE);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Records {@code jobId} as committed, in the transaction open on {@code c}. */
    private void mark(Connection c, String loadId, String jobId, String tableName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualified(JOBS_TABLE)
                + " (load_id, job_id, table_name, inserted_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
            ps.setString(1, loadId);
            ps.setString(2, jobId);
            ps.setString(3, tableName);
            ps.executeUpdate();
        }
    }

    /**
     * Runs {@code statements} (e.g. a merge of a staged table chain) and records {@code jobId} as
     * completed, in one transaction: both happen or neither.
     */
    public void runInTransaction(String loadId, String jobId, String tableName, List<String> statements) {
        inTransaction("job " + jobId + " of load " + loadId + " in dataset " + scope.datasetName + " failed", c -> {
            try (Statement st = c.createStatement()) {
                for (String sql : statements) {
                    SqlLog.statement(scope.datasetName, sql);
                    st.execute(sql);
                }
            }
            mark(c, loadId, jobId, tableName);
            return null;
        });
    }

    /** A job whose rows and marker commit in one transaction (see {@link LoadJob}). */
    @Override
    public LoadJob newLoadJob(Table table, JobFileName job, Path file, String loadId) {
        return new SqlLoadJob(table, job, file, loadId);
    }

    /** Writes the load records ({@link SqlLoadRecords}) in one transaction; nothing when they are there already. */
    @Override
    public void completeLoad(CompletedLoad load) {
        inTransaction("cannot record load " + load.loadId() + " in dataset " + scope.datasetName,
                c -> SqlLoadRecords.write(c, this::qualified, load, dialect.timestampParameter(load.insertedAt())));
    }

    /** A client of {@code <dataset>_staging} on this client's connections (and transaction); closes nothing. */
    @Override
    public DestinationClient staging() {
        return derive(new Scope(scope.dataset, true, scope.packageConnection, false));
    }

    /** dlt's merge follow-up: the staged chain moves into the dataset with the table's strategy, in one transaction. */
    @Override
    public void merge(MergeJob job) {
        SqlMerge.repeatedKeysQuery(job, mergeDialect()).ifPresent(sql -> warnOfRepeatedKeys(job, sql));
        runInTransaction(job.loadId(), job.jobId(), job.root().name(), SqlMerge.statements(job, mergeDialect()));
    }

    /** Counts, never shows, the repeated keys: their values are the user's data. */
    private void warnOfRepeatedKeys(MergeJob job, String sql) {
        long repeated = inTransaction("cannot count the repeated keys of load " + job.loadId() + " in dataset "
                + scope.datasetName, c -> {
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                        return rs.next() ? rs.getLong(1) : 0L;
                    }
                });
        if (repeated > 0) {
            MERGE_LOG.warn("Table {}, load {}: {} primary key(s) are in more than one row of the load. Merge strategy {}"
                    + " keeps one row per key (the last, or by dedup_sort), but the nested rows of a key share their ids"
                    + " by list position and are kept per position from the row loaded last there, so they may mix"
                    + " the rows of the key; give each key one row per load", job.root().name(), job.loadId(), repeated,
                    job.strategy());
        }
    }


    private SqlMerge.Dialect mergeDialect() {
        return new SqlMerge.Dialect() {
            @Override
            public String quote(String identifier) {
                return dialect.quote(identifier);
            }

            @Override
            public String table(String name, boolean inStaging) {
                return schemaReference(inStaging ? stagingName(scope.dataset) : scope.dataset) + "."
                        + dialect.quote(name);
            }

            @Override
            public String insertionOrder() {
                return dialect.insertionOrder();
            }

            @Override
            public String timestamp(Instant value) {
                return dialect.timestamp(value);
            }
        };
    }

    /** One connection with a transaction open: the package's every write (also to staging) joins it. */
    @Override
    public DestinationClient beginPackageTransaction() {
        Connection c = borrowConnection();
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            releaseConnection(c);
            throw failure("cannot begin a transaction in dataset " + scope.datasetName, e);
        }
        return derive(new Scope(scope.dataset, scope.staging, Optional.of(c), true));
    }

    @Override
    public void commitPackage() {
        if (!scope.ownsTransaction) {
            throw new IllegalStateException("not a package transaction: dataset " + scope.datasetName);
        }
        try {
            scope.packageConnection.orElseThrow().commit();
            committed = true;
        } catch (SQLException e) {
            throw failure("cannot commit the load into dataset " + scope.datasetName, e);
        }
    }

    /**
     * The client of a load run closes its connections; a package transaction not committed is rolled
     * back (the package becomes visible whole or not at all) and its connection given back; a staging
     * client closes nothing.
     */
    @Override
    public void close() {
        if (scope.packageConnection.isPresent()) {
            if (scope.ownsTransaction) {
                Connection c = scope.packageConnection.get();
                try {
                    if (!committed) {
                        c.rollback();
                    }
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // a broken connection: releasing it closes it
                }
                releaseConnection(c);
            }
            return;
        }
        if (!scope.staging) {
            closeConnections();
        }
    }

    /**
     * Merge tables load into the staging dataset only: loaded into the dataset they would be appended
     * without the merge.
     */
    private void checkTarget(Table table) {
        Schema s = schema;
        Table root = table.isRoot() || s == null ? table : s.rootOf(table.name());
        if (!scope.staging && root.writeDisposition() == WriteDisposition.MERGE) {
            throw new DestinationTerminalException("table " + table.name() + " has write disposition merge: its rows"
                    + " load into the staging dataset " + stagingName(scope.datasetName) + " and are merged from"
                    + " there, never straight into dataset " + scope.datasetName);
        }
    }

    /**
     * One job file's load on a connection of its own (or the package's): {@link #run()} opens the
     * transaction and bulk-loads, {@link #commit()} writes the marker and commits both,
     * {@link #abort()} rolls back. Used by one thread.
     */
    private final class SqlLoadJob implements LoadJob {
        private final Table table;
        private final JobFileName job;
        private final Path file;
        private final String loadId;
        private volatile Connection connection;

        SqlLoadJob(Table table, JobFileName job, Path file, String loadId) {
            this.table = table;
            this.job = job;
            this.file = file;
            this.loadId = loadId;
        }

        private String what() {
            return "loading " + job.fileName() + " into " + scope.datasetName + "." + table.name() + " failed";
        }

        @Override
        public long run() {
            checkTarget(table);
            connection = borrow();
            try {
                if (scope.packageConnection.isEmpty()) {
                    connection.setAutoCommit(false);
                }
                return loadFile(connection, table, job, file);
            } catch (SQLException e) {
                throw failure(what(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read job file " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public java.util.OptionalDouble fractionDone() {
            Connection c = connection;
            return c == null ? java.util.OptionalDouble.empty() : loadProgress(c);
        }

        @Override
        public void commit() {
            if (connection == null) {
                throw new IllegalStateException("job " + job + " was not run, or was aborted: nothing to commit");
            }
            try {
                // the rows and the job's marker commit together: a crash leaves both or neither
                mark(connection, loadId, job.jobId(), table.name());
                if (scope.packageConnection.isEmpty()) {
                    connection.commit();
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw failure(what(), e);
            }
            release(connection);
            connection = null;
        }

        @Override
        public void abort() {
            Connection c = connection;
            if (c == null) {
                return;
            }
            connection = null;
            if (scope.packageConnection.isEmpty()) {
                try {
                    c.rollback();
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // a broken connection: its transaction is gone with it, and releasing it closes it
                }
            }
            release(c);
        }

        @Override
        public void close() {
            abort();
        }
    }
}
