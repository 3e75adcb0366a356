package dev.dlt4j.postgres;

import dev.dlt4j.Column;
import dev.dlt4j.schema.Table;
import dev.dlt4j.spi.CompletedLoad;
import dev.dlt4j.spi.Compression;
import dev.dlt4j.spi.CsvHeader;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.spi.DestinationTerminalException;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.spi.Secrets;
import dev.dlt4j.sql.SqlDestinationClient;
import dev.dlt4j.sql.SqlLog;
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
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * One load run against one PostgreSQL database: its connections, the {@code COPY} of a job file
 * and the {@link PostgresDialect}; the rest is {@link SqlDestinationClient}'s. Connections are
 * opened when a caller needs one and kept for reuse, so there are never more than callers at once:
 * the loader's {@code workers} threads. Each job is one {@code COPY}, its own transaction, all or
 * nothing.
 */
final class PostgresClient extends SqlDestinationClient {
    private static final String DLT_ID = "_dlt_id";
    /** The comment of a table whose {@code UNIQUE} constraint on {@code _dlt_id} waits for its load to complete. */
    static final String PENDING_UNIQUE = "dlt4j: the UNIQUE constraint on _dlt_id is added when the load completes";
    private final PostgresCredentials credentials;
    /** Shared with the staging client, so both together stay within {@code load.workers} connections. */
    private final Pool pool;

    PostgresClient(PostgresCredentials credentials, DestinationContext context) {
        this(credentials, context, () -> connect(credentials));
    }

    /** A client whose connections come from {@code opener} (the driver, or a user's {@code DataSource}). */
    PostgresClient(PostgresCredentials credentials, DestinationContext context,
            java.util.function.Supplier<Connection> opener) {
        super(PostgresDialect.of(context.config().destination(context.pipelineName(),
                PostgresConfigKeys.CREATE_INDEXES).value()), context.datasetName());
        this.credentials = credentials;
        this.pool = new Pool(opener);
        pool.release(pool.borrow()); // fail now, naming the server, if it cannot be reached
    }

    private PostgresClient(PostgresClient of, Scope scope) {
        super(of, scope);
        this.credentials = of.credentials;
        this.pool = of.pool;
    }

    @Override
    protected SqlDestinationClient derive(Scope scope) {
        return new PostgresClient(this, scope);
    }

    @Override
    protected Connection borrowConnection() {
        return pool.borrow();
    }

    @Override
    protected void releaseConnection(Connection c) {
        pool.release(c);
    }

    @Override
    protected void closeConnections() {
        pool.close();
    }

    static Connection connect(PostgresCredentials c) {
        Properties p = new Properties();
        p.setProperty("user", c.username());
        c.password().ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("connectTimeout", Integer.toString(c.connectTimeoutSeconds()));
        p.setProperty("ApplicationName", "dlt4j");
        c.driverProperties().forEach(p::setProperty); // [destination.postgres] sslmode, application_name, ...
        try {
            SqlLog.connecting(c.display() + " (" + c.where() + ")");
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

    /**
     * A connection from a user's {@code DataSource} (its own pool, TLS and properties); {@code c} only
     * names the server in errors. Closing it hands it back to that pool.
     */
    static Connection connect(javax.sql.DataSource dataSource, PostgresCredentials c) {
        try {
            Connection conn = dataSource.getConnection();
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

    /** How long a pooled connection may stay idle before it is checked before use, in milliseconds. */
    static long checkAfterIdleMillis() {
        return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(Pool.CHECK_AFTER_IDLE_NANOS);
    }

    /**
     * Connections opened when a caller needs one and kept for reuse: never more than callers at
     * once, which the loader bounds by {@code load.workers}.
     */
    private static final class Pool {
        /**
         * A connection idle this long is checked with a round trip before it is lent again: the pool
         * lives for a whole run, and the server (or a proxy) may have closed it between two packages.
         */
        static final long CHECK_AFTER_IDLE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
        private static final int CHECK_TIMEOUT_SECONDS = 10;

        private record Idle(Connection connection, long sinceNanos) {
        }

        private final java.util.function.Supplier<Connection> opener;
        private final ConcurrentLinkedQueue<Idle> idle = new ConcurrentLinkedQueue<>();
        private final List<Connection> all = new java.util.concurrent.CopyOnWriteArrayList<>();

        Pool(java.util.function.Supplier<Connection> opener) {
            this.opener = opener;
        }

        Connection borrow() {
            Idle i;
            while ((i = idle.poll()) != null) {
                Connection c = i.connection();
                try {
                    if (!c.isClosed() && (System.nanoTime() - i.sinceNanos() < CHECK_AFTER_IDLE_NANOS
                            || c.isValid(CHECK_TIMEOUT_SECONDS))) {
                        return c;
                    }
                } catch (SQLException ignored) {
                    // a broken connection is dropped; a new one is opened below
                }
                all.remove(c);
                closeQuietly(c);
            }
            Connection c = opener.get();
            all.add(c);
            return c;
        }

        void release(Connection c) {
            try {
                if (!c.isClosed() && c.getAutoCommit()) {
                    idle.add(new Idle(c, System.nanoTime()));
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

    /**
     * A transaction-scoped advisory lock on the dataset's name: concurrent creators and migrators of
     * one dataset (other pipelines, other processes) take turns, and each sees what the one before it
     * committed. {@code IF NOT EXISTS} alone is not enough when two pipelines create the same new
     * dataset at once: both pass the check and one fails on the catalog's unique index.
     */
    @Override
    protected void lockDataset(Connection c, String datasetName) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "dlt4j dataset " + datasetName);
            lock.execute();
        }
    }

    /**
     * A new table of the dataset is created without the {@code UNIQUE} constraint on {@code _dlt_id}
     * ({@code create_indexes}), with a comment saying it is pending; the load adds it when it completes
     * ({@link #completeLoad}), after its rows are in. PostgreSQL then builds the index once from the rows
     * instead of inserting every random id into a B-tree while {@code COPY} runs: 1M rows took 1.1 s plus
     * 1.2 s for the index instead of 5.2 s (measured in psql). The outcome is dlt's: the same constraint,
     * named by PostgreSQL as for a column constraint ({@code <table>__dlt_id_key}). The comment survives a
     * load stopped in between, whose next attempt adds it. Only {@code _dlt_id}: its values are 80 random
     * bits the normalizer draws, or the hash of a key that a merge inserts once, so no data makes the late
     * constraint fail; a user's {@code unique} column keeps its constraint inline (a duplicate fails its
     * job, as before). A staging table has no {@code UNIQUE} constraint at all: it holds one load's rows,
     * which merge deduplicates, and an upsert's rows of one key share their {@code _dlt_id}.
     */
    @Override
    protected List<String> createTable(String qualifiedTable, Table table) {
        PostgresDialect d = (PostgresDialect) dialect();
        if (isStaging()) {
            return List.of("CREATE TABLE " + qualifiedTable + " (" + table.columns().values().stream()
                    .map(d::columnDefinitionWithoutConstraint).collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
        Column id = table.columns().get(DLT_ID);
        if (!d.createIndexes() || id == null || !id.unique()) {
            return super.createTable(qualifiedTable, table);
        }
        List<String> columns = table.columns().values().stream().map(c -> c == id
                ? d.columnDefinitionWithoutConstraint(c) : d.columnDefinition(c)).toList();
        return List.of("CREATE TABLE " + qualifiedTable + " (" + String.join(", ", columns) + ")",
                "COMMENT ON TABLE " + qualifiedTable + " IS '" + PENDING_UNIQUE + "'");
    }

    /**
     * Migrates as every SQL destination does; in the staging dataset it then drops the {@code UNIQUE}
     * constraints that tables created by an earlier dlt4j have (see {@link #createTable}): an upsert's
     * two rows of one key would fail on them. Under the dataset's lock, one catalog query when none is left.
     */
    @Override
    public List<String> migrate(dev.dlt4j.schema.Schema packageSchema, java.util.Collection<Table> tables) {
        List<String> statements = new java.util.ArrayList<>(super.migrate(packageSchema, tables));
        if (isStaging()) {
            inTransaction("cannot drop the UNIQUE constraints of staging dataset " + datasetName(), c -> {
                lockDataset(c, datasetName());
                List<String> drops = new java.util.ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT t.relname, k.conname FROM pg_constraint k"
                        + " JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
                        + " WHERE n.nspname = ? AND k.contype = 'u' ORDER BY 1, 2")) {
                    ps.setString(1, datasetName());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            drops.add("ALTER TABLE " + qualified(rs.getString(1)) + " DROP CONSTRAINT "
                                    + dialect().quote(rs.getString(2)));
                        }
                    }
                }
                try (Statement st = c.createStatement()) {
                    for (String sql : drops) {
                        SqlLog.statement(datasetName(), sql);
                        st.execute(sql);
                    }
                }
                statements.addAll(drops);
                return null;
            });
        }
        return statements;
    }

    /** The pending {@code UNIQUE} constraints of the load's tables ({@link #createTable}), then dlt's load records. */
    @Override
    public void completeLoad(CompletedLoad load) {
        inTransaction("cannot add the UNIQUE constraints of the tables load " + load.loadId() + " created in dataset "
                + datasetName(), c -> {
                    addPendingConstraints(c, load.schema().tables().keySet());
                    return null;
                });
        super.completeLoad(load);
    }

    /**
     * Adds the pending constraints of the tables of {@code ownTables} (the load's schema: another
     * pipeline's tables in the same dataset are its own load's to complete). Each table is locked and
     * checked again first: a concurrent load of the same schema that completed it meanwhile has cleared
     * its comment, and adding the constraints again would give the table a second index; one that a
     * concurrent load still writes is left pending ({@link #lockedIfFree}).
     */
    private void addPendingConstraints(Connection c, java.util.Set<String> ownTables) throws SQLException {
        java.util.SortedSet<String> pending = new java.util.TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_description d ON d.objoid = c.oid"
                + " AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0"
                + " WHERE n.nspname = ? AND c.relkind = 'r' AND d.description = ?")) {
            ps.setString(1, datasetName());
            ps.setString(2, PENDING_UNIQUE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (ownTables.contains(rs.getString(1))) {
                        pending.add(rs.getString(1));
                    }
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String name : pending) {
                String table = qualified(name);
                if (!lockedIfFree(c, st, table) || !stillPending(c, name)) {
                    continue;
                }
                for (String sql : List.of("ALTER TABLE " + table + " ADD UNIQUE (" + dialect().quote(DLT_ID) + ")",
                        "COMMENT ON TABLE " + table + " IS NULL")) {
                    SqlLog.statement(datasetName(), sql);
                    st.execute(sql);
                }
            }
        }
    }

    /**
     * Locks {@code table} against writers unless another transaction holds a lock that conflicts (a
     * concurrent load still copying into it): then the constraint stays pending for a later load to add,
     * instead of two loads each waiting for the other's table (a deadlock). The attempt runs in a
     * savepoint, since a failed statement would otherwise abort the package's whole transaction.
     */
    private static boolean lockedIfFree(Connection c, Statement st, String table) throws SQLException {
        java.sql.Savepoint before = c.setSavepoint();
        try {
            st.execute("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE NOWAIT");
            c.releaseSavepoint(before);
            return true;
        } catch (SQLException e) {
            if (!"55P03".equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(before);
            return false;
        }
    }

    private boolean stillPending(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT obj_description(c.oid, 'pg_class') FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, datasetName());
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && PENDING_UNIQUE.equals(rs.getString(1));
            }
        }
    }

    /** Streams the csv file into the table with {@code COPY … FROM STDIN}, in the job's transaction. */
    @Override
    protected long loadFile(Connection c, Table table, JobFileName job, Path file) throws SQLException, IOException {
        if (!job.format().equals("csv")) {
            throw new DestinationTerminalException("the postgres destination loads csv job files, not "
                    + job.format() + " (" + job.fileName() + ")");
        }
        long size = Files.size(file);
        java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
        try (InputStream raw = new java.io.FilterInputStream(Files.newInputStream(file)) {
                    // counts the file's bytes COPY has consumed, for the progress bar
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            read.addAndGet(n);
                        }
                        return n;
                    }
                };
                InputStream in = new BufferedInputStream(Compression.openInput(raw, job.compressed()), 1 << 16)) {
            copied.put(c, () -> size == 0 ? 1.0 : Math.min(1.0, (double) read.get() / size));
            List<String> header = CsvHeader.parse(readLine(in));
            if (header.isEmpty()) {
                return 0;
            }
            StringBuilder cols = new StringBuilder();
            for (String h : header) {
                if (!table.columns().containsKey(h)) {
                    throw new DestinationTerminalException("csv header of " + job.fileName() + " names column " + h
                            + ", which table " + table.name() + " does not have; columns: " + table.columns().keySet());
                }
                cols.append(cols.length() == 0 ? "" : ", ").append(quote(h));
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            String sql = "COPY " + qualified(table.name()) + " (" + cols + ") FROM STDIN WITH (FORMAT csv, NULL '')";
            SqlLog.statement("postgres", sql);
            return copy.copyIn(sql, in, 1 << 16);
        } finally {
            copied.remove(c);
        }
    }

    /** Per connection loading now: the share of its job file's bytes that COPY has read. */
    private final java.util.Map<Connection, java.util.function.DoubleSupplier> copied =
            new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    protected java.util.OptionalDouble loadProgress(Connection c) {
        java.util.function.DoubleSupplier f = copied.get(c);
        return f == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(f.getAsDouble());
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

    /**
     * Names the server (never the password); data, constraint, syntax and rights errors (SQLSTATE
     * classes 22, 23, 42) are terminal, a missing privilege with the {@code GRANT} to run; a lock
     * wait that ran out is retried.
     */
    @Override
    protected RuntimeException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("55P03")) {
            return new IllegalStateException(what + ": could not lock the table: another session holds a lock on"
                    + " it and lock_timeout " + credentials.lockTimeout().orElse("") + " ran out; the job is"
                    + " retried, and the package stays pending until it loads", safe(credentials, e));
        }
        String message = what + " (" + credentials.where() + "): " + safe(credentials, String.valueOf(e.getMessage()));
        if (state.equals("42501")) {
            return new DestinationTerminalException(message + ". The user lacks a privilege: grant it, e.g. GRANT"
                    + " CREATE ON DATABASE " + quote(credentials.database()) + " TO "
                    + quote(credentials.username()), safe(credentials, e));
        }
        if (dialect().isTerminal(e)) {
            return new DestinationTerminalException(message, safe(credentials, e));
        }
        return new IllegalStateException(message, safe(credentials, e));
    }

    private static String quote(String identifier) {
        return PostgresDialect.INSTANCE.quote(identifier);
    }

    private static String literal(String s) {
        return PostgresDialect.INSTANCE.literal(s);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing left to do
        }
    }

}
