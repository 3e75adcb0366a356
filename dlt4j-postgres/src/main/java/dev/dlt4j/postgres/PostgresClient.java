package dev.dlt4j.postgres;

import dev.dlt4j.spi.CompletedLoad;
import dev.dlt4j.spi.CsvHeader;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.spi.DestinationTerminalException;
import dev.dlt4j.spi.Secrets;
import dev.dlt4j.sql.SqlLoadRecords;
import dev.dlt4j.schema.Column;
import dev.dlt4j.schema.DataType;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.spi.Compression;
import dev.dlt4j.spi.JobFileName;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * One load run against one PostgreSQL database. Connections are opened when a caller needs one
 * and kept for reuse, so there are never more than callers at once: the loader's {@code workers}
 * threads. Each job is one {@code COPY}, its own transaction, all or nothing.
 */
final class PostgresClient implements DestinationClient {
    private final PostgresCredentials credentials;
    private final String datasetName;
    private final String dataset;
    /** Shared with the staging client, so both together stay within {@code load.workers} connections. */
    private final Pool pool;
    private final boolean staging;
    /** The connection of a package transaction ({@link #beginPackageTransaction()}): every call joins it. */
    private final java.util.Optional<Connection> packageConnection;
    private boolean committed;
    /** The package's schema, to find the root (and so the write disposition) of a nested table. */
    private volatile Schema schema;

    PostgresClient(PostgresCredentials credentials, DestinationContext context) {
        this(credentials, context.datasetName(), new Pool(credentials), false, java.util.Optional.empty());
        release(borrow()); // fail now, naming the server, if it cannot be reached
    }

    private PostgresClient(PostgresCredentials credentials, String datasetName, Pool pool, boolean staging,
            java.util.Optional<Connection> packageConnection) {
        this.packageConnection = packageConnection;
        this.credentials = credentials;
        this.datasetName = datasetName;
        this.dataset = quote(datasetName);
        this.pool = pool;
        this.staging = staging;
    }

    /** dlt's staging dataset name: {@code <dataset>_staging}. */
    static String stagingName(String dataset) {
        return dataset + "_staging";
    }

    /** A client of the staging dataset on the same connections; closing it leaves them open. */
    PostgresClient stagingClient() {
        PostgresClient out = new PostgresClient(credentials, stagingName(datasetName), pool, true, packageConnection);
        out.schema = schema;
        return out;
    }

    @Override
    public boolean transactionalPackages() {
        return true;
    }

    /** One connection with a transaction open: the package's every write (also to staging) joins it. */
    @Override
    public DestinationClient beginPackageTransaction() {
        Connection c = pool.borrow();
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            pool.release(c);
            throw sqlFailure("cannot begin a transaction in dataset " + datasetName, e);
        }
        PostgresClient tx = new PostgresClient(credentials, datasetName, pool, staging, java.util.Optional.of(c));
        tx.schema = schema;
        return tx;
    }

    @Override
    public void commitPackage() {
        Connection c = packageConnection.orElseThrow(() -> new IllegalStateException("not a package transaction"));
        try {
            c.commit();
            committed = true;
        } catch (SQLException e) {
            throw sqlFailure("cannot commit the load into dataset " + datasetName, e);
        }
    }

    /** Work on a connection, which may throw what JDBC and file reading throw. */
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    /**
     * Runs {@code work} in a transaction of its own, committed at its end, or, in a package
     * transaction, as part of that transaction (committed by {@link #commitPackage()}).
     */
    private <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException, IOException {
        if (packageConnection.isPresent()) {
            return work.run(c);
        }
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Runs {@code statements} (e.g. a merge of a staged table chain) and records {@code jobId} as
     * completed, in one transaction: both happen or neither.
     */
    void runInTransaction(String loadId, String jobId, String tableName, List<String> statements) {
        Connection conn = borrow();
        try {
            inTransaction(conn, c -> {
                try (Statement st = c.createStatement()) {
                    for (String sql : statements) {
                        st.execute(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualified(JOBS_TABLE)
                        + " (load_id, job_id, table_name) VALUES (?, ?, ?)")) {
                    ps.setString(1, loadId);
                    ps.setString(2, jobId);
                    ps.setString(3, tableName);
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw sqlFailure("job " + jobId + " of load " + loadId + " in dataset " + datasetName + " failed", e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            release(conn);
        }
    }

    static Connection connect(PostgresCredentials c) {
        Properties p = new Properties();
        p.setProperty("user", c.username());
        c.password().ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("connectTimeout", Integer.toString(c.connectTimeoutSeconds()));
        p.setProperty("ApplicationName", "dlt4j");
        c.driverProperties().forEach(p::setProperty); // [destination.postgres] sslmode, application_name, ...
        try {
            Connection conn = DriverManager.getConnection(c.jdbcUrl(), p);
            if (c.lockTimeout().isPresent()) {
                try (Statement st = conn.createStatement()) {
                    st.execute("SET lock_timeout = " + literal(c.lockTimeout().get()));
                }
            }
            return conn;
        } catch (SQLException e) {
            throw connectFailure(c, e);
        }
    }

    /** An error that says which server, database and user, and what to check; never the password. */
    static RuntimeException connectFailure(PostgresCredentials c, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String m = String.valueOf(e.getMessage());
        String where = " (" + c.where() + ")";
        if (state.equals("28P01") || state.equals("28000")) {
            return new DestinationTerminalException("PostgreSQL refused the login" + where + ": " + safe(c, m)
                    + ". Check the user name and password in DESTINATION__POSTGRES__CREDENTIALS or the URI",
                    safe(c, e));
        }
        if (state.equals("3D000")) {
            return new DestinationTerminalException("PostgreSQL database " + c.database() + " does not exist" + where
                    + ". Create it (CREATE DATABASE " + quote(c.database()) + ") or fix the URI", safe(c, e));
        }
        if (state.startsWith("42")) {
            return new DestinationTerminalException("PostgreSQL denied access" + where + ": " + safe(c, m),
                    safe(c, e));
        }
        return new IllegalStateException("cannot connect to PostgreSQL" + where + ": " + safe(c, m)
                + ". Is the server running and accepting TCP connections on " + c.host() + ":" + c.port() + "?",
                safe(c, e));
    }

    private static String safe(PostgresCredentials c, String text) {
        String message = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        return Secrets.mask(message, c.secrets());
    }

    /** The driver's exception as a cause that is safe to log: the password masked wherever the driver echoed it. */
    private static Throwable safe(PostgresCredentials c, SQLException e) {
        return Secrets.scrub(e, c.secrets());
    }

    private Connection borrow() {
        return packageConnection.orElseGet(pool::borrow);
    }

    private void release(Connection c) {
        if (packageConnection.isEmpty()) {
            pool.release(c);
        }
    }

    /**
     * Connections opened when a caller needs one and kept for reuse: never more than callers at
     * once, which the loader bounds by {@code load.workers}.
     */
    private static final class Pool {
        private final PostgresCredentials credentials;
        private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
        private final List<Connection> all = new java.util.concurrent.CopyOnWriteArrayList<>();

        Pool(PostgresCredentials credentials) {
            this.credentials = credentials;
        }

        Connection borrow() {
            Connection c;
            while ((c = idle.poll()) != null) {
                try {
                    if (!c.isClosed()) {
                        return c;
                    }
                } catch (SQLException ignored) {
                    // a broken connection is dropped; a new one is opened below
                }
                all.remove(c);
            }
            c = connect(credentials);
            all.add(c);
            return c;
        }

        void release(Connection c) {
            try {
                if (!c.isClosed() && c.getAutoCommit()) {
                    idle.add(c);
                    return;
                }
            } catch (SQLException ignored) {
                // fall through: close it
            }
            all.remove(c);
            closeQuietly(c);
        }

        void close() {
            for (Connection c : all) {
                closeQuietly(c);
            }
            all.clear();
            idle.clear();
        }
    }

    /** Job ids committed per load: written in each job's COPY transaction, read when a package resumes. */
    static final String JOBS_TABLE = "_dlt4j_jobs";

    /**
     * Creates the dataset and the jobs table. {@code IF NOT EXISTS} alone is not enough when two
     * pipelines create the same new dataset at once: both pass the check and one fails on the
     * catalog's unique index. So creation runs in a transaction holding the dataset's advisory lock.
     */
    @Override
    public void initializeStorage() {
        Connection c = borrow();
        try {
            inDatasetLock(c, st -> {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + dataset);
                st.execute("CREATE TABLE IF NOT EXISTS " + qualified(JOBS_TABLE) + " (load_id varchar NOT NULL,"
                        + " job_id varchar NOT NULL, table_name varchar NOT NULL,"
                        + " inserted_at timestamp with time zone NOT NULL DEFAULT now())");
                return null;
            });
        } catch (SQLException e) {
            throw sqlFailure("cannot create schema " + datasetName, e);
        } finally {
            release(c);
        }
    }

    /** Work of a transaction on one connection, under the dataset's advisory lock. */
    private interface LockedWork<T> {
        T run(Statement st) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction that first takes a transaction-scoped advisory lock on
     * the dataset's name: concurrent creators and migrators of one dataset (other pipelines, other
     * processes) take turns, and each sees what the one before it committed.
     */
    private <T> T inDatasetLock(Connection c, LockedWork<T> work) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "dlt4j dataset " + datasetName);
                lock.execute();
            }
            T result = work.run(st);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Creates missing tables and columns, reading what exists and changing it under the dataset's lock. */
    @Override
    public List<String> migrate(Schema schema, Collection<Table> tables) {
        Connection c = borrow();
        try {
            return inDatasetLock(c, st -> migrateLocked(c, st, tables));
        } catch (SQLException e) {
            throw sqlFailure("schema migration of dataset " + datasetName + " failed", e);
        } finally {
            release(c);
        }
    }

    private List<String> migrateLocked(Connection c, Statement st, Collection<Table> tables) throws SQLException {
        Map<String, Set<String>> existing = existingColumns(c);
        List<String> statements = new ArrayList<>();
        for (Table t : tables) {
            Set<String> have = existing.get(t.name());
            if (have == null) {
                StringBuilder sb = new StringBuilder("CREATE TABLE ").append(qualified(t.name())).append(" (");
                boolean first = true;
                for (Column col : t.columns().values()) {
                    sb.append(first ? "" : ", ").append(quote(col.name())).append(' ').append(sqlType(col))
                            .append(col.nullable() ? "" : " NOT NULL").append(col.unique() ? " UNIQUE" : "");
                    first = false;
                }
                statements.add(sb.append(')').toString());
            } else {
                List<String> adds = new ArrayList<>();
                for (Column col : t.columns().values()) {
                    if (!have.contains(col.name())) {
                        // NOT NULL cannot be added to a table that has rows; dlt adds columns nullable too
                        adds.add("ADD COLUMN " + quote(col.name()) + " " + sqlType(col));
                    }
                }
                if (!adds.isEmpty()) {
                    statements.add("ALTER TABLE " + qualified(t.name()) + " " + String.join(", ", adds));
                }
            }
        }
        for (String sql : statements) {
            st.execute(sql);
        }
        return statements;
    }

    private Map<String, Set<String>> existingColumns(Connection c) throws SQLException {
        Map<String, Set<String>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ?")) {
            ps.setString(1, datasetName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
        }
        return out;
    }

    @Override
    public void truncate(Collection<String> tables) {
        if (tables.isEmpty()) {
            return;
        }
        Connection c = borrow();
        try {
            Set<String> existing = existingColumns(c).keySet();
            List<String> present = tables.stream().filter(existing::contains).map(this::qualified).toList();
            if (!present.isEmpty()) {
                try (Statement st = c.createStatement()) {
                    st.execute("TRUNCATE TABLE " + String.join(", ", present));
                }
            }
        } catch (SQLException e) {
            throw sqlFailure("cannot truncate " + tables + " in dataset " + datasetName, e);
        } finally {
            release(c);
        }
    }

    /**
     * The ids of the jobs of {@code loadId} whose rows are committed: the loader skips them when it
     * resumes a package, so a run killed right after a COPY committed loads nothing twice.
     */
    public Set<String> completedJobs(String loadId) {
        Set<String> out = new HashSet<>();
        Connection c = borrow();
        try (PreparedStatement ps = c.prepareStatement("SELECT job_id FROM " + qualified(JOBS_TABLE)
                + " WHERE load_id = ?")) {
            ps.setString(1, loadId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return out; // no jobs table yet: nothing was loaded
            }
            throw sqlFailure("cannot read the completed jobs of load " + loadId, e);
        } finally {
            release(c);
        }
        return out;
    }

    /** Merge tables load into {@code <dataset>_staging}, on this client's connections. */
    @Override
    public DestinationClient staging() {
        return stagingClient();
    }

    /** dlt's merge follow-up: the staged chain moves into the dataset with the table's strategy, in one transaction. */
    @Override
    public void merge(dev.dlt4j.spi.MergeJob job) {
        String stagingDataset = stagingName(datasetName);
        dev.dlt4j.sql.SqlMerge.Dialect dialect = new dev.dlt4j.sql.SqlMerge.Dialect() {
            @Override
            public String quote(String identifier) {
                return PostgresClient.quote(identifier);
            }

            @Override
            public String table(String name, boolean inStaging) {
                return PostgresClient.quote(inStaging ? stagingDataset : datasetName) + "." + PostgresClient.quote(name);
            }

            @Override
            public String insertionOrder() {
                return "ctid";
            }

            @Override
            public String timestamp(java.time.Instant value) {
                return "TIMESTAMPTZ '" + value + "'";
            }
        };
        runInTransaction(job.loadId(), job.jobId(), job.root().name(),
                dev.dlt4j.sql.SqlMerge.statements(job, dialect));
    }

    @Override
    public void beginLoad(Schema packageSchema, String loadId) {
        this.schema = packageSchema;
    }

    @Override
    public long loadJob(Table table, JobFileName job, Path file, String loadId) {
        if (!job.format().equals("csv")) {
            throw new DestinationTerminalException("the postgres destination loads csv job files, not "
                    + job.format() + " (" + job.fileName() + ")");
        }
        Schema s = schema;
        Table root = table.isRoot() || s == null ? table : s.rootOf(table.name());
        // merge tables load into the staging dataset only; into the dataset they would be appended
        if (!staging && root.writeDisposition() == WriteDisposition.MERGE) {
            throw new DestinationTerminalException("write disposition merge is not supported by the postgres"
                    + " destination yet (table " + table.name() + "); use append or replace");
        }
        Connection c = borrow();
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = new BufferedInputStream(Compression.openInput(raw, job.compressed()), 1 << 16)) {
            List<String> header = CsvHeader.parse(readLine(in));
            if (header.isEmpty()) {
                return 0;
            }
            for (String h : header) {
                if (!table.columns().containsKey(h)) {
                    throw new DestinationTerminalException("csv header of " + job.fileName() + " names column " + h
                            + ", which table " + table.name() + " does not have; columns: " + table.columns().keySet());
                }
            }
            StringBuilder cols = new StringBuilder();
            for (String h : header) {
                cols.append(cols.length() == 0 ? "" : ", ").append(quote(h));
            }
            String sql = "COPY " + qualified(table.name()) + " (" + cols + ") FROM STDIN WITH (FORMAT csv, NULL '')";
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            // the rows and the job's completion marker commit together: a crash leaves both or neither
            return inTransaction(c, conn -> {
                long copied = copy.copyIn(sql, in, 1 << 16);
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + qualified(JOBS_TABLE)
                        + " (load_id, job_id, table_name) VALUES (?, ?, ?)")) {
                    ps.setString(1, loadId);
                    ps.setString(2, job.jobId());
                    ps.setString(3, table.name());
                    ps.executeUpdate();
                }
                return copied;
            });
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String where = "COPY of " + job.fileName() + " into " + datasetName + "." + table.name();
            if (state.equals("55P03")) {
                throw new IllegalStateException(where + " could not lock the table: another session holds a lock on"
                        + " it and lock_timeout " + credentials.lockTimeout().orElse("") + " ran out; the job is"
                        + " retried, and the package stays pending until it loads", e);
            }
            throw sqlFailure(where + " failed", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read job file " + file + ": " + e.getMessage(), e);
        } finally {
            release(c);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            out.write(b);
        }
        String s = out.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void completeLoad(CompletedLoad load) {
        Connection c = borrow();
        try {
            // writes nothing when the load is recorded already (by a run that crashed before it moved the package)
            inTransaction(c, conn -> SqlLoadRecords.write(conn, this::qualified, load,
                    load.insertedAt().atOffset(ZoneOffset.UTC)));
        } catch (SQLException | IOException e) {
            throw e instanceof SQLException se ? sqlFailure("cannot record load " + load.loadId() + " in dataset "
                    + datasetName, se) : new java.io.UncheckedIOException((IOException) e);
        } finally {
            release(c);
        }
    }

    /**
     * Data, constraint, syntax and rights errors (SQLSTATE classes 22, 23, 42) cannot be fixed by
     * a retry; anything else (connection loss, lock timeout, deadlock) may pass.
     */
    private RuntimeException sqlFailure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = what + " (" + credentials.where() + "): " + safe(credentials, String.valueOf(e.getMessage()));
        if (state.equals("42501")) {
            return new DestinationTerminalException(message + ". The user lacks a privilege: grant it, e.g. GRANT"
                    + " CREATE ON DATABASE " + quote(credentials.database()) + " TO " + quote(credentials.username()),
                    safe(credentials, e));
        }
        if (state.startsWith("22") || state.startsWith("23") || state.startsWith("42")) {
            return new DestinationTerminalException(message, safe(credentials, e));
        }
        return new IllegalStateException(message, safe(credentials, e));
    }

    private String qualified(String table) {
        return dataset + "." + quote(table);
    }

    /** dlt's postgres type mapping (../shared/spec/destinations.md §2). */
    static String sqlType(Column c) {
        DataType t = c.dataType();
        return switch (t) {
            case TEXT -> c.precision() > 0 ? "varchar(" + c.precision() + ")" : "varchar";
            case DOUBLE -> "double precision";
            case BOOL -> "boolean";
            case BIGINT -> c.precision() <= 0 || c.precision() > 32 ? "bigint"
                    : c.precision() <= 16 ? "smallint" : "integer";
            case TIMESTAMP -> (c.precision() > 0 && c.precision() <= 6 ? "timestamp (" + c.precision() + ")"
                    : "timestamp") + (c.timezone() ? " with time zone" : " without time zone");
            case DATE -> "date";
            case TIME -> (c.precision() > 0 && c.precision() <= 6 ? "time (" + c.precision() + ")" : "time")
                    + " without time zone";
            case DECIMAL -> c.precision() > 0 ? "numeric(" + c.precision() + "," + c.scale() + ")" : "numeric(38,9)";
            case WEI -> "numeric(156,78)";
            case BINARY -> "bytea";
            case JSON -> "jsonb";
        };
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing left to do
        }
    }

    @Override
    public void close() {
        if (packageConnection.isPresent()) {
            if (!staging) {
                // the package becomes visible whole or not at all; the connection goes back to the pool
                Connection c = packageConnection.get();
                try {
                    if (!committed) {
                        c.rollback();
                    }
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // a broken connection: the pool closes it instead of reusing it
                }
                pool.release(c);
            }
            return;
        }
        if (!staging) {
            pool.close();
        }
    }
}
