package dev.dlt4j.source.sql;

import dev.dlt4j.Column;
import dev.dlt4j.ColumnPage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.postgresql.util.ByteConverter;

/**
 * Reads a PostgreSQL table as typed pages through {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)}
 * instead of a cursor: the server streams the rows while the pages are built (a cursor's fetches
 * alternate: the server waits while the client decodes a fetch, the client while the server makes the
 * next), and each row is one message whose fields are decoded straight into the page's arrays, with
 * no driver object per row or value. {@code docs/sql_database.md} (speed) has the measurements.
 *
 * <p>The values are exactly those pgjdbc's binary protocol gives the cursor path ({@link ColumnKind}):
 * the same Java values, infinities of dates and timestamps as the driver's {@code MAX} and {@code MIN},
 * a numeric {@code NaN} refused as the driver refuses it ({@code PgCopyPagesTest} compares both paths
 * value by value). Only for tables whose every column has a type in {@link #of}'s list; any other
 * table, a custom query and a query with parameters (an incremental cursor) are read by the cursor.
 *
 * <p>Memory stays a page: each row is one {@code CopyData} message (PostgreSQL sends one per row), read
 * when the page wants it; the socket's flow control holds the server back meanwhile. Not thread-safe:
 * one per {@link TableReader}, stepped as it is.
 */
final class PgCopyPages {
    /** How a column's binary field is decoded: the PostgreSQL types this reader knows. */
    enum Field {
        INT2, INT4, INT8, FLOAT4, FLOAT8, BOOL, NUMERIC, TEXT, UUID, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, BYTEA
    }

    /** Seconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01 (UTC). */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    /** Days from 1970-01-01 to 2000-01-01. */
    private static final int PG_EPOCH_DAYS = 10_957;
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int START_ROWS = 1024;

    private final String table;
    private final Column[] columns;
    private final Field[] fields;
    private final int chunkSize;
    private final long pageMaxBytes;
    private final CopyOut copy;
    private final PGConnection connection;
    /** Per column: long[], double[], boolean[] or Object[], reused from page to page. */
    private final Object[] values;
    /** Per column: which rows of the page being read are null; null until a column has a null. */
    private final boolean[][] nulls;
    private int capacity;
    private boolean headerRead;
    private boolean ended;

    private PgCopyPages(String table, Column[] columns, Field[] fields, int chunkSize, long pageMaxBytes,
            CopyOut copy, PGConnection connection) {
        this.table = table;
        this.columns = columns;
        this.fields = fields;
        this.chunkSize = chunkSize;
        this.pageMaxBytes = pageMaxBytes;
        this.copy = copy;
        this.connection = connection;
        this.capacity = Math.min(chunkSize, START_ROWS);
        this.values = new Object[fields.length];
        this.nulls = new boolean[fields.length][];
        for (int c = 0; c < fields.length; c++) {
            values[c] = newArray(fields[c], capacity);
        }
    }

    /**
     * How each column of {@code table} is decoded, when every one has a type this reader knows (by the
     * database's type name; a domain, an enum or an extension's type is not known); empty otherwise.
     */
    static Optional<Field[]> fields(List<SqlColumn> columns) {
        Field[] out = new Field[columns.size()];
        for (int i = 0; i < out.length; i++) {
            SqlColumn c = columns.get(i);
            Optional<Field> f = field(c.kind(), c.typeName().toLowerCase(Locale.ROOT));
            if (f.isEmpty()) {
                return Optional.empty();
            }
            out[i] = f.get();
        }
        return Optional.of(out);
    }

    private static Optional<Field> field(ColumnKind kind, String type) {
        Field f = switch (type) {
            case "int2", "smallint", "smallserial" -> Field.INT2;
            case "int4", "integer", "serial" -> Field.INT4;
            case "int8", "bigint", "bigserial" -> Field.INT8;
            case "float4", "real" -> Field.FLOAT4;
            case "float8", "double precision" -> Field.FLOAT8;
            case "bool", "boolean" -> Field.BOOL;
            case "numeric", "decimal" -> Field.NUMERIC;
            case "text", "varchar", "character varying", "bpchar", "character", "name" -> Field.TEXT;
            case "uuid" -> Field.UUID;
            case "date" -> Field.DATE;
            case "time", "time without time zone" -> Field.TIME;
            case "timestamp", "timestamp without time zone" -> Field.TIMESTAMP;
            case "timestamptz", "timestamp with time zone" -> Field.TIMESTAMPTZ;
            case "bytea" -> Field.BYTEA;
            default -> null;
        };
        if (f == null) {
            return Optional.empty();
        }
        // the kind the cursor would read the column as must be the one the field decodes to
        ColumnKind expected = switch (f) {
            case INT2, INT4, INT8 -> ColumnKind.BIGINT;
            case FLOAT4, FLOAT8 -> ColumnKind.DOUBLE;
            case BOOL -> ColumnKind.BOOL;
            case NUMERIC -> ColumnKind.DECIMAL;
            case TEXT, UUID -> ColumnKind.TEXT;
            case DATE -> ColumnKind.DATE;
            case TIME -> ColumnKind.TIME;
            case TIMESTAMP -> ColumnKind.TIMESTAMP;
            case TIMESTAMPTZ -> ColumnKind.TIMESTAMP_TZ;
            case BYTEA -> ColumnKind.BINARY;
        };
        return kind == expected ? Optional.of(f) : Optional.empty();
    }

    /**
     * How each column of {@code sql}'s rows is decoded, as the server describes them now (not as they
     * were reflected: a source kept across runs may read a table altered since, and a binary field
     * decoded by the reflected type gives other numbers, e.g. an int4 retyped int8 read as its high
     * half); empty when the columns are not as many as {@code kinds} or one's type is not one this
     * reader decodes into its reflected kind, then the cursor reads (the driver converts by the type
     * sent). Called inside the COPY's transaction: the describe's lock keeps the table as described.
     */
    static Optional<Field[]> described(Connection connection, String sql, ColumnKind[] kinds) throws SQLException {
        try (java.sql.PreparedStatement st = connection.prepareStatement(sql)) {
            java.sql.ResultSetMetaData meta = st.getMetaData();
            if (meta == null || meta.getColumnCount() != kinds.length) {
                return Optional.empty();
            }
            Field[] out = new Field[kinds.length];
            for (int i = 0; i < out.length; i++) {
                Optional<Field> f = field(kinds[i], meta.getColumnTypeName(i + 1).toLowerCase(Locale.ROOT));
                if (f.isEmpty()) {
                    return Optional.empty();
                }
                out[i] = f.get();
            }
            return Optional.of(out);
        }
    }

    /**
     * Starts {@code COPY (sql) TO STDOUT (FORMAT binary)} on {@code connection}; empty when the
     * connection is not pgjdbc's (a pool that does not unwrap to it), then the cursor reads.
     * {@code fields} are the {@link #described} ones.
     */
    static Optional<PgCopyPages> start(Connection connection, String table, String sql, Column[] columns,
            Field[] fields, int chunkSize, long pageMaxBytes) throws SQLException {
        if (!connection.isWrapperFor(PGConnection.class)) {
            return Optional.empty();
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        CopyOut copy = pg.getCopyAPI().copyOut("COPY (" + sql + ") TO STDOUT (FORMAT binary)");
        return Optional.of(new PgCopyPages(table, columns, fields, chunkSize, pageMaxBytes, copy, pg));
    }

    /**
     * Stops a copy that is still running (a reader closed before the end), leaving the connection
     * usable: the server is asked to cancel, and what it sent meanwhile is read up to its error.
     * pgjdbc's {@code CopyOut.cancelCopy} only sends the cancel and leaves the rest of the COPY's
     * messages unread, so the connection's next statement failed (a {@code NoSuchElementException}
     * inside the driver), which a {@link javax.sql.DataSource}'s pool would lend on.
     */
    void cancel() throws SQLException {
        if (!copy.isActive()) {
            return;
        }
        connection.cancelQuery();
        try {
            while (copy.readFromCopy() != null) {
                // the rows in flight before the cancel took effect: dropped
            }
        } catch (SQLException expected) {
            // "canceling statement due to user request": the copy has ended, the transaction is aborted
        }
    }

    /** The next page of at most {@code chunkSize} rows and about {@code pageMaxBytes}; null at the end. */
    ColumnPage next() throws SQLException {
        int n = 0;
        long bytes = 0;
        for (boolean[] flags : nulls) {
            if (flags != null) {
                Arrays.fill(flags, false);
            }
        }
        while (!ended && n < chunkSize && bytes < pageMaxBytes) {
            byte[] row = copy.readFromCopy();
            if (row == null) {
                ended = true;
                break;
            }
            int p = 0;
            if (!headerRead) {
                p = header(row);
                headerRead = true;
                if (p == row.length) {
                    continue; // the header came on its own
                }
            }
            int count = be16(row, p);
            p += 2;
            if (count == -1) {
                continue; // the trailer; readFromCopy gives null next
            }
            if (count != fields.length) {
                throw new SQLException("COPY of table " + table + " gave rows of " + count + " columns, but the"
                        + " table was reflected with " + fields.length + "; was it altered while it was read?");
            }
            if (n == capacity) {
                grow();
            }
            for (int c = 0; c < fields.length; c++) {
                int len = be32(row, p);
                p += 4;
                if (len < 0) {
                    setNull(c, n);
                    bytes += 4;
                    continue;
                }
                try {
                    bytes += put(c, n, row, p, len);
                } catch (IndexOutOfBoundsException e) {
                    throw new SQLException("COPY of table " + table + " gave a field of " + len + " bytes for column "
                            + columns[c].name() + ", which was described as " + fields[c], e);
                }
                p += len;
            }
            n++;
        }
        return n == 0 ? null : page(n);
    }

    private int header(byte[] row) throws SQLException {
        if (row.length < SIGNATURE.length + 8
                || !Arrays.equals(row, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw new SQLException("COPY of table " + table + " did not start with PostgreSQL's binary header");
        }
        int p = SIGNATURE.length + 4; // the flags: nothing this reader needs (no OIDs were asked for)
        int extension = be32(row, p);
        return p + 4 + extension;
    }

    /**
     * Decodes a field into row {@code r} of column {@code c}; returns about the bytes of heap the value
     * takes in the page, as {@link ColumnKind#heapBytes} counts them for the cursor's pages.
     */
    private int put(int c, int r, byte[] b, int p, int len) throws SQLException {
        Object a = values[c];
        switch (fields[c]) {
            case INT2 -> ((long[]) a)[r] = be16(b, p);
            case INT4 -> ((long[]) a)[r] = be32(b, p);
            case INT8 -> ((long[]) a)[r] = be64(b, p);
            case FLOAT4 -> ((double[]) a)[r] = Float.intBitsToFloat(be32(b, p));
            case FLOAT8 -> ((double[]) a)[r] = Double.longBitsToDouble(be64(b, p));
            case BOOL -> {
                ((boolean[]) a)[r] = b[p] != 0;
                return 1;
            }
            case NUMERIC -> {
                Number v = ByteConverter.numeric(b, p, len);
                if (!(v instanceof BigDecimal d)) {
                    // pgjdbc's getBigDecimal refuses NaN and the infinities so: the same error either way
                    throw new SQLException("Bad value for type BigDecimal : " + v + " (column "
                            + columns[c].name() + " of table " + table + ")", "22003");
                }
                ((Object[]) a)[r] = d;
            }
            case TEXT -> ((Object[]) a)[r] = new String(b, p, len, StandardCharsets.UTF_8);
            case UUID -> ((Object[]) a)[r] = new UUID(be64(b, p), be64(b, p + 8)).toString();
            case DATE -> ((Object[]) a)[r] = date(be32(b, p));
            case TIME -> ((Object[]) a)[r] = time(be64(b, p));
            case TIMESTAMP -> ((Object[]) a)[r] = timestamp(be64(b, p), false);
            case TIMESTAMPTZ -> ((Object[]) a)[r] = timestamp(be64(b, p), true);
            case BYTEA -> {
                ((Object[]) a)[r] = Arrays.copyOfRange(b, p, p + len);
                return 4 + 16 + len;
            }
        }
        return switch (fields[c]) {
            case INT2, INT4, INT8, FLOAT4, FLOAT8 -> 8;
            case TEXT, UUID -> 4 + 40 + len; // about a byte a character, as heapBytes
            case NUMERIC -> ColumnKind.heapBytes(((Object[]) a)[r]);
            default -> 4 + 24;
        };
    }

    /** A date as pgjdbc gives it ({@code infinity} as {@link LocalDate#MAX}, {@code -infinity} as MIN). */
    static LocalDate date(int days) {
        if (days == Integer.MAX_VALUE) {
            return LocalDate.MAX;
        }
        if (days == Integer.MIN_VALUE) {
            return LocalDate.MIN;
        }
        return LocalDate.ofEpochDay((long) days + PG_EPOCH_DAYS);
    }

    /** A time as pgjdbc gives it: {@code 24:00:00} as {@link LocalTime#MAX}. */
    static LocalTime time(long micros) {
        if (micros == MICROS_PER_DAY) {
            return LocalTime.MAX;
        }
        return LocalTime.ofNanoOfDay(micros * 1000);
    }

    /**
     * A timestamp as the instant a page holds: without time zone as pgjdbc's {@code LocalDateTime}
     * taken as UTC, with time zone as its {@code OffsetDateTime}; infinities as theirs.
     */
    static Instant timestamp(long micros, boolean withZone) {
        if (micros == Long.MAX_VALUE) {
            return withZone ? OffsetDateTime.MAX.toInstant() : LocalDateTime.MAX.toInstant(ZoneOffset.UTC);
        }
        if (micros == Long.MIN_VALUE) {
            return withZone ? OffsetDateTime.MIN.toInstant() : LocalDateTime.MIN.toInstant(ZoneOffset.UTC);
        }
        long seconds = Math.floorDiv(micros, 1_000_000L);
        long nanos = Math.floorMod(micros, 1_000_000L) * 1000L;
        return Instant.ofEpochSecond(seconds + PG_EPOCH_SECONDS, nanos);
    }

    private void setNull(int c, int r) {
        boolean[] flags = nulls[c];
        if (flags == null) {
            flags = new boolean[capacity];
            nulls[c] = flags;
        }
        flags[r] = true;
        Object a = values[c];
        if (a instanceof long[] l) {
            l[r] = 0; // a page's null reads as 0 / false, as the builder leaves it
        } else if (a instanceof double[] d) {
            d[r] = 0;
        } else if (a instanceof boolean[] z) {
            z[r] = false;
        } else {
            ((Object[]) a)[r] = null;
        }
    }

    private void grow() {
        capacity = (int) Math.min((long) capacity * 2, chunkSize);
        for (int c = 0; c < values.length; c++) {
            values[c] = copyOf(values[c], capacity);
            if (nulls[c] != null) {
                nulls[c] = Arrays.copyOf(nulls[c], capacity);
            }
        }
    }

    private ColumnPage page(int n) {
        ColumnPage.Builder page = ColumnPage.builder();
        for (int c = 0; c < columns.length; c++) {
            boolean[] flags = nulls[c] == null ? null : Arrays.copyOf(nulls[c], n);
            Object a = values[c];
            // the builder copies the primitive arrays and checks each object: the scratch arrays are reused
            if (a instanceof long[] l) {
                page.column(columns[c], Arrays.copyOf(l, n), flags);
            } else if (a instanceof double[] d) {
                page.column(columns[c], Arrays.copyOf(d, n), flags);
            } else if (a instanceof boolean[] z) {
                page.column(columns[c], Arrays.copyOf(z, n), flags);
            } else {
                Object[] o = (Object[]) a;
                page.column(columns[c], Arrays.copyOf(o, n));
                Arrays.fill(o, 0, n, null); // the page holds them now; the scratch array must not keep them alive
            }
        }
        return page.build();
    }

    private static Object newArray(Field f, int n) {
        return switch (f) {
            case INT2, INT4, INT8 -> new long[n];
            case FLOAT4, FLOAT8 -> new double[n];
            case BOOL -> new boolean[n];
            default -> new Object[n];
        };
    }

    private static Object copyOf(Object a, int n) {
        if (a instanceof long[] l) {
            return Arrays.copyOf(l, n);
        }
        if (a instanceof double[] d) {
            return Arrays.copyOf(d, n);
        }
        if (a instanceof boolean[] z) {
            return Arrays.copyOf(z, n);
        }
        return Arrays.copyOf((Object[]) a, n);
    }

    private static int be16(byte[] b, int p) {
        return (short) (((b[p] & 0xff) << 8) | (b[p + 1] & 0xff));
    }

    private static int be32(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }

    private static long be64(byte[] b, int p) {
        return ((long) be32(b, p) << 32) | (be32(b, p + 4) & 0xffffffffL);
    }
}
