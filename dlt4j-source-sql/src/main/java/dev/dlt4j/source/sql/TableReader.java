package dev.dlt4j.source.sql;

import dev.dlt4j.Column;
import dev.dlt4j.ColumnPage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Streams one table as pages of at most {@code chunkSize} rows, so memory holds a page, never the
 * table: PostgreSQL through a server-side cursor, which it keeps only inside a transaction with a
 * fetch size (autocommit off); MariaDB with a fetch size, which Connector/J reads the rows by while
 * the server sends them as it reads the table (no cursor, no temporary table; the server waits on the
 * network while the reader is behind). A PostgreSQL table of typed pages whose column
 * types {@link PgCopyPages} decodes is read with binary COPY instead (the same values, streamed). The connection is opened on the first step,
 * once a {@link ConnectionPermits} permit is free, and closed (permit released) when the table is
 * read or the reader is closed.
 *
 * <p>One reader per table and run; stepped by one thread at a time (an extract worker, as the
 * resource is parallelized), closed by the extracting thread, possibly while another step runs.
 */
final class TableReader implements Iterator<Object>, AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TableReader.class);
    /** How long a step waits for a free connection before it yields nothing and lets others run. */
    private static final long PERMIT_WAIT_MILLIS = 50;
    /**
     * Rows the driver fetches per round trip (at most a page): what the driver holds besides the
     * page; more saves no measurable time (a round trip is well under a millisecond next to the
     * decoding of 10,000 rows).
     */
    static final int FETCH_SIZE = 10_000;
    /**
     * About how many bytes of values a page holds at most ({@link ColumnKind#heapBytes}), whatever
     * {@code chunkSize} says: a page of wide rows (long text, blobs) ends sooner, so the pages in flight
     * (the one being read, the one being written) stay a few megabytes. With 50,000 rows of ten
     * columns a page was about 12 MB and the run's peak RSS 45-55 MB higher than with pages of 2 MB
     * (about 9,000 such rows), at the same CPU time (docs/sql_database.md, speed).
     */
    static final long PAGE_MAX_BYTES = 2L << 20;
    /** The heap of a {@link Row} besides its values: the row, its array and the page's reference. */
    private static final int ROW_BYTES = 16 + 16 + 4;

    private final Connector connector;
    private final SqlTable table;
    private final String sql;
    private final List<Object> parameters;
    private final int chunkSize;
    private final ConnectionPermits permits;
    private final Row.Keys keys;
    private final ColumnKind[] kinds;
    /** The columns of a typed page, or null when the table is read as rows (see {@code SqlSource.pageColumns}). */
    private final Column[] pageColumns;
    /** How PostgreSQL's binary COPY decodes each column, or null when the cursor reads the table. */
    private final PgCopyPages.Field[] copyFields;

    private boolean holdsPermit;
    private Connection connection;
    private PreparedStatement statement;
    private ResultSet rows;
    /** The COPY reading the table instead of {@link #rows}, or null. */
    private PgCopyPages copy;
    /** Whether the table was read by COPY (for tests). */
    private boolean copied;
    private boolean done;
    /** Whether {@link #rows} reached its end (else closing it leaves rows the server is still sending). */
    private boolean rowsEnded;
    private long read;

    TableReader(Connector connector, SqlTable table, String sql, List<Object> parameters, int chunkSize,
            ConnectionPermits permits, Optional<List<Column>> pageColumns) {
        this.connector = connector;
        this.table = table;
        this.sql = sql;
        this.parameters = List.copyOf(parameters);
        this.chunkSize = chunkSize;
        this.permits = permits;
        String[] names = new String[table.columns().size()];
        this.kinds = new ColumnKind[names.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = table.columns().get(i).name();
            kinds[i] = table.columns().get(i).kind();
            if (kinds[i] == ColumnKind.INSTANT && connector.mariaDbTimestampsInJvmZone()) {
                kinds[i] = ColumnKind.INSTANT_JVM_ZONE;
            }
        }
        this.keys = Row.Keys.of(names);
        this.pageColumns = pageColumns.map(c -> c.toArray(Column[]::new)).orElse(null);
        this.copyFields = copyFields(connector, table, parameters, this.pageColumns);
    }

    /**
     * PostgreSQL reads a table of typed pages with binary COPY when it can ({@link PgCopyPages}): a
     * table (not a custom query) without bound parameters (an incremental cursor's), whose every
     * column has a type the COPY decoder knows; else null, and the cursor reads it.
     */
    private static PgCopyPages.Field[] copyFields(Connector connector, SqlTable table, List<Object> parameters,
            Column[] pageColumns) {
        if (pageColumns == null || connector.dialect() != Dialect.POSTGRESQL || !parameters.isEmpty()
                || table.query().isPresent()) {
            return null;
        }
        return PgCopyPages.fields(table.columns()).orElse(null);
    }

    @Override
    public synchronized boolean hasNext() {
        return !done;
    }

    /**
     * The next page: a typed {@link ColumnPage} where the page columns are known, else a {@code List}
     * of {@link Row}s; or null when no connection is free yet (the pipe drops a null item and steps
     * the table again).
     */
    @Override
    public synchronized Object next() {
        if (done) {
            throw new NoSuchElementException(table.displayName() + " is read to the end");
        }
        try {
            if (rows == null && copy == null) {
                if (!start()) {
                    return null;
                }
            }
            if (copy != null) {
                return copyPage();
            }
            return pageColumns != null ? typedPage() : rowPage();
        } catch (SQLException e) {
            closeQuietly(false); // the query failed: nothing to stop (and the server may not be reachable)
            throw new SqlSourceException("reading table " + table.displayName() + " from " + connector.where()
                    + " failed after " + read + " rows: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(true);
            throw new IllegalStateException("reading table " + table.displayName() + " was interrupted", e);
        }
    }

    /** The next rows as a typed page: columns of unboxed numbers, no map or array per row. */
    private ColumnPage typedPage() throws SQLException {
        ColumnPage.Builder page = ColumnPage.builder();
        for (Column c : pageColumns) {
            page.column(c);
        }
        int n = kinds.length;
        int count = 0;
        long bytes = 0;
        boolean more = true;
        while (count < chunkSize && bytes < PAGE_MAX_BYTES && (more = rows.next())) {
            for (int i = 0; i < n; i++) {
                bytes += kinds[i].put(rows, i + 1, page, i);
            }
            page.endRow();
            count++;
        }
        read += count;
        if (!more) {
            rowsEnded = true;
            finish();
        }
        return count == 0 ? null : page.build();
    }

    /** The next rows as a typed page from PostgreSQL's COPY. */
    private ColumnPage copyPage() throws SQLException {
        ColumnPage page = copy.next();
        if (page == null) {
            finish();
            return null;
        }
        read += page.rowCount();
        return page;
    }

    /** The next rows as a list of {@link Row} maps (json or array columns, or minimal reflection). */
    private List<Object> rowPage() throws SQLException {
        List<Object> page = new ArrayList<>(Math.min(chunkSize, 4096));
        int n = kinds.length;
        long bytes = 0;
        boolean more = true;
        while (page.size() < chunkSize && bytes < PAGE_MAX_BYTES && (more = rows.next())) {
            Object[] values = new Object[n];
            bytes += ROW_BYTES;
            for (int i = 0; i < n; i++) {
                values[i] = kinds[i].read(rows, i + 1);
                bytes += ColumnKind.heapBytes(values[i]);
            }
            page.add(new Row(keys, values));
        }
        read += page.size();
        if (!more) {
            rowsEnded = true;
            finish();
        }
        return page.isEmpty() ? null : page;
    }

    private boolean start() throws SQLException, InterruptedException {
        if (!holdsPermit) {
            if (!permits.tryAcquire(PERMIT_WAIT_MILLIS)) {
                return false;
            }
            holdsPermit = true;
        }
        connection = connector.open("table " + table.displayName());
        if (connector.dialect().needsTransactionToStream) {
            connection.setAutoCommit(false); // PostgreSQL streams only within a transaction
        }
        connection.setReadOnly(true);
        if (copyFields != null) {
            try {
                PgCopyPages.Field[] fields = PgCopyPages.described(connection, sql, kinds).orElse(null);
                copy = fields == null ? null : PgCopyPages.start(connection, table.displayName(), sql, pageColumns,
                        fields, chunkSize, PAGE_MAX_BYTES).orElse(null);
            } catch (SQLException e) {
                // a server that speaks PostgreSQL's protocol without binary COPY of a query: the cursor reads
                LOG.debug("table {}: COPY failed before any row ({}); reading with a cursor", table.displayName(),
                        e.getMessage());
                connection.rollback();
            }
            if (copy != null) {
                copied = true;
                return true;
            }
        }
        statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(Math.min(chunkSize, FETCH_SIZE));
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        rows = statement.executeQuery();
        return true;
    }

    /** Whether PostgreSQL's binary COPY read the table (else the cursor did, or nothing was read yet). */
    synchronized boolean copied() {
        return copied;
    }

    private void finish() {
        done = true;
        closeQuietly(false);
    }

    @Override
    public synchronized void close() {
        done = true;
        closeQuietly(true);
    }

    /**
     * Stops a MariaDB query whose rows are still coming (a reader closed before the end: a limit, an
     * incremental's end value, another table's failure). MariaDB streams the rows as it reads the
     * table, and Connector/J closes such a result set by reading every row left, so closing a reader
     * after the first page of a 1M-row table took 1.0 s, of a larger table proportionally longer, and a
     * slow query's rest as long as the server needed for it. {@code Statement.cancel} has the server
     * kill the query (Connector/J sends {@code KILL QUERY} on a connection of its own), and the close
     * reads only what was in flight: 0.04-0.06 s. The connection stays usable (a DataSource's pool may
     * lend it again). If the cancel fails (e.g. no connection is free for it), the close reads the
     * rest as before.
     */
    private void stopMariaDbQuery() {
        try {
            statement.cancel();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("table {}: cancelling the query before closing it failed ({}); the close reads the rows left",
                    table.displayName(), e.getMessage());
        }
    }

    /** Closes what is open and releases the permit; {@code stopQuery}: a MariaDB query still sending is stopped first. */
    private void closeQuietly(boolean stopQuery) {
        done = true;
        if (copy != null) {
            try {
                copy.cancel(); // closed before the end: the server stops sending
            } catch (SQLException e) {
                // the connection is being closed anyway
            }
            copy = null;
        }
        if (stopQuery && rows != null && !rowsEnded && connector.dialect() == Dialect.MARIADB) {
            stopMariaDbQuery();
        }
        try {
            if (connection != null && !connection.getAutoCommit()) {
                connection.rollback(); // read-only: nothing to keep; ends the cursor's transaction
            }
        } catch (SQLException e) {
            // the connection is being closed anyway
        }
        for (AutoCloseable c : new AutoCloseable[] {rows, statement, connection}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing what is already broken: nothing to do
                }
            }
        }
        rows = null;
        statement = null;
        connection = null;
        if (holdsPermit) {
            holdsPermit = false;
            permits.release();
        }
    }
}
