package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Column;
import dev.dlt4j.ColumnPage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL tables of typed pages are read with binary COPY ({@link PgCopyPages}), and give exactly
 * the values the cursor gives (pgjdbc's binary protocol), value by value, for every type the COPY
 * decoder knows and their edge values (infinities, 24:00, years before 1 and after 9999, NaN, -0.0,
 * nulls, multi-byte text); a table with a type it does not know, a custom query and an incremental
 * query (bound parameters) are read by the cursor; a reader closed in the middle of a COPY stops it.
 */
class PgCopyPagesTest {
    static final String SCHEMA = "sqlfast_copy";

    @BeforeAll
    static void createTables() {
        Databases.pg("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".types (id serial PRIMARY KEY, small smallint, i integer, big bigint,"
                        + " num numeric(12,3), num_free numeric, r real, dbl double precision, flag boolean, txt text,"
                        + " vc varchar(20), ch char(3), nm name, u uuid, d date, t time, ts timestamp, tstz timestamptz,"
                        + " bin bytea)",
                "INSERT INTO " + SCHEMA + ".types (small, i, big, num, num_free, r, dbl, flag, txt, vc, ch, nm, u, d, t,"
                        + " ts, tstz, bin) VALUES"
                        + " (-32768, -2147483648, -9223372036854775808, -999999999.999, 1e-30, 1.1, 'NaN', true,"
                        + " 'grüße 👋 \u00e9', '', 'a', 'pg_name', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '0001-01-01',"
                        + " '00:00:00', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00', '\\x00ff'),"
                        + " (32767, 2147483647, 9223372036854775807, 999999999.999, 123456789012345678901234567890.5,"
                        + " '-Infinity', 'Infinity', false, 'x', 'vc', 'abc', '', 'ffffffff-ffff-ffff-ffff-ffffffffffff',"
                        + " 'infinity', '24:00:00', 'infinity', 'infinity', '\\x'),"
                        + " (0, 0, 0, 0, -0.0000001, -0.0, -0.0, true, '2024-01-02T03:04:05', ' ', ' ', 'n',"
                        + " '00000000-0000-0000-0000-000000000000', '-infinity', '23:59:59.999999', '-infinity',"
                        + " '-infinity', '\\xdeadbeef'),"
                        + " (1, 1, 1, 0.001, 1, 3.4e38, 1.7976931348623157e308, false, 'line\nbreak\ttab', 'q\"''', 'zz',"
                        + " 'x', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', '4713-01-01 BC', '12:34:56.789',"
                        + " '4713-01-01 00:00:00 BC', '1969-12-31 23:59:59.999999-08', '\\x01'),"
                        + " (2, 2, 2, 12.5, 99.99, 1e-45, 5e-324, true, 'text', 'vc', 'ch', 'x',"
                        + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13', '294276-12-31', '01:02:03',"
                        + " '294276-12-31 23:59:59.999999', '2024-03-31 01:30:00+01', '\\x02')",
                "INSERT INTO " + SCHEMA + ".types (id) VALUES (100000)",
                "INSERT INTO " + SCHEMA + ".types (small, i, big, num, num_free, r, dbl, flag, txt, vc, ch, nm, u, d, t,"
                        + " ts, tstz, bin) SELECT g % 7, g, g::bigint * 1000003, g * 0.01, g / 7.0, g / 3.0, g / 3.0, g % 2 = 0,"
                        + " 'row ' || g, 'v' || g, 'c', 'n' || g, md5(g::text)::uuid, date '2024-01-01' + g,"
                        + " time '00:00' + g * interval '1 second', timestamp '2024-01-01' + g * interval '1 ms',"
                        + " timestamptz '2024-01-01 00:00+00' + g * interval '1 microsecond', int4send(g)"
                        + " FROM generate_series(1, 30000) g",
                "CREATE TABLE " + SCHEMA + ".nan (id integer, n numeric)",
                "INSERT INTO " + SCHEMA + ".nan VALUES (1, 1.5), (2, 'NaN')",
                "CREATE TABLE " + SCHEMA + ".empty (id integer, t text)",
                "CREATE TABLE " + SCHEMA + ".cash (id integer, c money)",
                "INSERT INTO " + SCHEMA + ".cash VALUES (1, 12.5)");
    }

    @AfterAll
    static void dropTables() {
        Databases.pg("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    @Test
    void copyGivesTheCursorsValuesForEveryTypeItDecodes() {
        SqlTable table = reflect("types");
        assertThat(PgCopyPages.fields(table.columns())).isPresent();
        // small pages, so that pages end, grow their arrays and start again within the table
        Read byCopy = read(table, 7_000);
        Read byCursor = read(asQuery(table), 7_000);
        assertThat(byCopy.copied).isTrue();
        assertThat(byCursor.copied).isFalse();
        assertThat(byCopy.rows).hasSize(30_006);
        assertThat(byCopy.rows).hasSameSizeAs(byCursor.rows);
        for (int r = 0; r < byCopy.rows.size(); r++) {
            Object[] a = byCopy.rows.get(r);
            Object[] b = byCursor.rows.get(r);
            assertThat(Arrays.deepEquals(a, b)).as("row %d: copy %s, cursor %s", r, Arrays.deepToString(a),
                    Arrays.deepToString(b)).isTrue();
        }
        // the edge values are there (not all nulls on both sides)
        Object[] second = byCopy.rows.get(1);
        assertThat(second[14]).isEqualTo(java.time.LocalDate.MAX);
        assertThat(second[15]).isEqualTo(java.time.LocalTime.MAX);
        assertThat(byCopy.rows.get(0)[9]).isEqualTo("grüße 👋 é");
        assertThat(byCopy.rows.get(30_005)[4]).isNull(); // the row of only an id: every other column null
        assertThat(byCopy.pages).isGreaterThan(4);
    }

    @Test
    void anEmptyTableIsReadByCopyAsNoPage() {
        // the binary header and trailer come in one message, with no row between them
        Read r = read(reflect("empty"), 100);
        assertThat(r.copied).isTrue();
        assertThat(r.rows).isEmpty();
        assertThat(r.pages).isZero();
    }

    @Test
    void aNumericNanFailsAsOnTheCursorNamingTheColumn() {
        SqlTable table = reflect("nan");
        assertThatThrownBy(() -> read(table, 100)).hasMessageContaining("nan").hasMessageContaining("NaN")
                .hasMessageContaining("column n");
        assertThatThrownBy(() -> read(asQuery(table), 100)).hasMessageContaining("NaN");
    }

    @Test
    void aTypeTheDecoderDoesNotKnowAQueryAndBoundParametersAreReadByTheCursor() {
        SqlTable cash = reflect("cash");
        assertThat(PgCopyPages.fields(cash.columns())).isEmpty();
        Read r = read(cash, 100);
        assertThat(r.copied).isFalse();
        assertThat(r.rows).hasSize(1);

        SqlTable types = reflect("types");
        Connector connector = Connector.ofUri(Databases.PG);
        try (TableReader reader = new TableReader(connector, types, "SELECT * FROM " + types.qualifiedName()
                + " WHERE id >= ?", List.of(30_000), 100, new ConnectionPermits(OptionalInt.of(1), "t"),
                Optional.of(columns(types)))) {
            int n = 0;
            while (reader.hasNext()) {
                Object page = reader.next();
                n += page == null ? 0 : ((ColumnPage) page).rowCount();
            }
            assertThat(n).isEqualTo(7); // ids 30000 .. 30005 and 100000
            assertThat(reader.copied()).isFalse();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aReaderClosedInTheMiddleOfACopyStopsItAndReleasesItsConnection() throws SQLException {
        SqlTable table = reflect("types");
        Connector connector = Connector.ofUri(Databases.PG);
        ConnectionPermits permits = new ConnectionPermits(OptionalInt.of(1), "t");
        for (int i = 0; i < 2; i++) {
            // the second reader gets the one permit only when the first released it
            TableReader reader = new TableReader(connector, table, "SELECT * FROM " + table.qualifiedName(), List.of(),
                    1_000, permits, Optional.of(columns(table)));
            Object first = null;
            while (first == null) {
                first = reader.next();
            }
            assertThat(((ColumnPage) first).rowCount()).isEqualTo(1_000);
            assertThat(reader.copied()).isTrue();
            reader.close();
        }
        try (Connection c = connector.open("check")) {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE query LIKE 'COPY (SELECT * FROM \"" + SCHEMA + "\"%' AND state = 'active'")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    @Test
    void timestampsAndDatesConvertAsPgjdbcDoes() {
        assertThat(PgCopyPages.timestamp(0, false)).isEqualTo(java.time.Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(PgCopyPages.timestamp(-1, true)).isEqualTo(java.time.Instant.parse("1999-12-31T23:59:59.999999Z"));
        assertThat(PgCopyPages.date(0)).isEqualTo(java.time.LocalDate.of(2000, 1, 1));
        assertThat(PgCopyPages.date(-1)).isEqualTo(java.time.LocalDate.of(1999, 12, 31));
        assertThat(PgCopyPages.time(86_400_000_000L)).isEqualTo(java.time.LocalTime.MAX);
    }

    /** The rows of a table as a typed page reader gives them, each as its Java values. */
    record Read(List<Object[]> rows, int pages, boolean copied) {
    }

    private static Read read(SqlTable table, int chunkSize) {
        // a query's table is read by the cursor whatever the SQL: both read the same ordered rows
        return read(Connector.ofUri(Databases.PG), table, "SELECT * FROM " + table.qualifiedName() + " ORDER BY id",
                chunkSize);
    }

    /** Every value {@code table}'s reader yields (COPY for a table, the cursor for a query), page by page. */
    static Read read(Connector connector, SqlTable table, String sql, int chunkSize) {
        List<Object[]> rows = new ArrayList<>();
        int pages = 0;
        try (TableReader reader = new TableReader(connector, table, sql, List.of(), chunkSize,
                new ConnectionPermits(OptionalInt.of(1), "t"), Optional.of(columns(table)))) {
            while (reader.hasNext()) {
                Object item = reader.next();
                if (item instanceof ColumnPage page) {
                    pages++;
                    for (int r = 0; r < page.rowCount(); r++) {
                        Object[] row = new Object[page.columns().size()];
                        for (int c = 0; c < row.length; c++) {
                            row[c] = page.get(c, r);
                        }
                        rows.add(row);
                    }
                }
            }
            return new Read(rows, pages, reader.copied());
        }
    }

    private static SqlTable reflect(String name) {
        return reflect(SCHEMA, name, false);
    }

    static SqlTable reflect(String schema, String name, boolean includeViews) {
        Connector connector = Connector.ofUri(Databases.PG);
        try (Connection c = connector.open("test")) {
            Reflector r = new Reflector(connector, c);
            return r.reflect(schema, List.of(name), List.of(), List.of(), Map.of(), includeViews).get(0);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same table as a custom query, which the cursor reads. */
    static SqlTable asQuery(SqlTable t) {
        return new SqlTable(t.schema(), t.name(), t.columns(), t.primaryKey(), t.qualifiedName(),
                Optional.of("SELECT * FROM " + t.qualifiedName()));
    }

    static List<Column> columns(SqlTable t) {
        SqlSource source = SqlSource.of(Databases.PG);
        List<Column> out = new ArrayList<>();
        for (SqlColumn c : t.columns()) {
            out.add(source.column(c, false));
        }
        return out;
    }
}
