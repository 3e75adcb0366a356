package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Column;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Review of the binary COPY reader ({@link PgCopyPages}): quoted identifiers, a server error in the
 * middle of a COPY, a table altered after it was reflected (a source object kept across runs).
 */
class PgCopyReviewTest {
    static final String SCHEMA = "rvl Copy\"s";

    private static String q(String id) {
        return "\"" + id.replace("\"", "\"\"") + "\"";
    }

    @BeforeAll
    static void createTables() {
        String s = q(SCHEMA);
        Databases.pg("DROP SCHEMA IF EXISTS " + s + " CASCADE", "CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".\"Mixed Case\" (\"select\" integer, \"a b\" text, \"Up\" char(4), \"x\"\"y\" numeric)",
                "INSERT INTO " + s + ".\"Mixed Case\" VALUES (1, 'é👋', 'ab', -1.5e-20), (NULL, NULL, NULL, NULL),"
                        + " (3, '', '', 0), (4, 'z', 'abcd', 1e300)",
                "CREATE TABLE " + s + ".\"x); DROP TABLE rvl_victim; --\" (id integer, \"v) TO STDOUT; --\" text)",
                "INSERT INTO " + s + ".\"x); DROP TABLE rvl_victim; --\" VALUES (1, 'a'), (2, NULL)",
                "CREATE TABLE IF NOT EXISTS public.rvl_victim (id integer)",
                "CREATE TABLE " + s + ".retyped (id integer, n integer)",
                "CREATE TABLE " + s + ".dropped (id integer, a integer, b bigint)",
                "INSERT INTO " + s + ".dropped VALUES (1, 2, 3)",
                "CREATE TABLE " + s + ".nums (id integer, neg numeric(7,-2), huge numeric, tiny numeric, z numeric(5,2))",
                "INSERT INTO " + s + ".nums VALUES (1, 1234567, 9e1000, 1e-1000, 0), (2, -50, -1e131071, -1e-16383, -0.00),"
                        + " (3, NULL, 0.000000000000000000001, 123.4500, NULL)",
                "CREATE TABLE " + s + ".inf (id integer, n numeric)",
                "INSERT INTO " + s + ".inf VALUES (1, 'Infinity')",
                "CREATE TABLE " + s + ".secured (id integer, owner text)",
                "INSERT INTO " + s + ".secured SELECT g, CASE WHEN g % 2 = 0 THEN 'rvl_reader' ELSE 'other' END"
                        + " FROM generate_series(1, 10) g",
                "ALTER TABLE " + s + ".secured ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY mine ON " + s + ".secured USING (owner = current_user)",
                "DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rvl_reader') THEN"
                        + " CREATE ROLE rvl_reader LOGIN; END IF; END$$",
                "GRANT USAGE ON SCHEMA " + s + " TO rvl_reader",
                "GRANT SELECT ON " + s + ".secured TO rvl_reader",
                "CREATE TABLE " + s + ".big AS SELECT g AS id, repeat('x', 100) AS t FROM generate_series(1, 200000) g",
                "CREATE VIEW " + s + ".slow AS SELECT g AS id, pg_sleep(CASE WHEN g = 5000 THEN 5 ELSE 0 END)::text AS s"
                        + " FROM generate_series(1, 6000) g",
                "CREATE VIEW " + s + ".midway AS SELECT g AS id, 1 / (g - 20000) AS v FROM generate_series(1, 30000) g",
                "CREATE VIEW " + s + ".failing AS SELECT g AS id, 1 / (g - 20000) AS v FROM generate_series(1, 30000) g");
    }

    @AfterAll
    static void dropTables() {
        Databases.pg("DROP SCHEMA IF EXISTS " + q(SCHEMA) + " CASCADE", "DROP TABLE IF EXISTS public.rvl_victim");
    }

    @Test
    void quotedSchemaTableAndColumnNamesAreReadByCopyAsByTheCursor() {
        SqlTable t = reflect("Mixed Case");
        PgCopyPagesTest.Read copy = read(t, 2);
        PgCopyPagesTest.Read cursor = read(asQuery(t), 2);
        assertThat(copy.copied()).isTrue();
        assertThat(cursor.copied()).isFalse();
        assertThat(copy.rows()).hasSize(4);
        for (int r = 0; r < 4; r++) {
            assertThat(Arrays.deepEquals(copy.rows().get(r), cursor.rows().get(r)))
                    .as("row %d %s %s", r, Arrays.deepToString(copy.rows().get(r)),
                            Arrays.deepToString(cursor.rows().get(r))).isTrue();
        }
        assertThat(copy.rows().get(0)[2]).isEqualTo("ab  "); // char(4) keeps its padding, as the cursor
    }

    @Test
    void identifiersMeantToBreakOutOfTheCopyAreQuoted() {
        SqlTable t = reflect("x); DROP TABLE rvl_victim; --");
        PgCopyPagesTest.Read copy = read(t, 100);
        assertThat(copy.copied()).isTrue();
        assertThat(copy.rows()).hasSize(2);
        assertThat(Databases.query(Databases.PG_JDBC, "SELECT count(*) AS n FROM pg_tables WHERE tablename = 'rvl_victim'")
                .get(0).get("n")).isEqualTo(1L);
    }

    @Test
    void aServerErrorInTheMiddleOfACopyFailsNamingTableAndHostAfterTheRowsRead() {
        SqlTable t = reflect("failing");
        Connector connector = Connector.ofUri(Databases.PG);
        List<Object> pages = new ArrayList<>();
        try (TableReader reader = new TableReader(connector, t, "SELECT * FROM " + t.qualifiedName(), List.of(), 1_000,
                new ConnectionPermits(OptionalInt.of(1), "t"), Optional.of(columns(t)))) {
            assertThatThrownBy(() -> {
                while (reader.hasNext()) {
                    pages.add(reader.next());
                }
            }).isInstanceOf(SqlSourceException.class).hasMessageContaining("failing")
                    .hasMessageContaining("host 127.0.0.1").hasMessageContaining("division by zero");
            assertThat(reader.copied()).isTrue();
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void aRunWhoseCopyFailsMidwayLoadsNoRowOfTheTableAndTheNextRunLoadsItWhole(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path tmp) {
        dev.dlt4j.Pipeline p = dev.dlt4j.Pipeline.builder("rvl_mid").destination("duckdb:" + tmp.resolve("rvl_mid.duckdb"))
                .dataset("rvl_mid_data").pipelinesDir(tmp.resolve("pipelines")).build();
        SqlSource source = SqlSource.of(Databases.PG).schema(SCHEMA).tables("midway").includeViews(true).chunkSize(1_000);
        assertThatThrownBy(() -> p.run(source.toSource())).hasMessageContaining("midway")
                .hasMessageContaining("division by zero");
        assertThat(p.lastTrace()).isPresent();
        // nothing of the table reached the destination; nothing of it waits in a package for the next run
        java.nio.file.Path db = tmp.resolve("rvl_mid.duckdb");
        if (java.nio.file.Files.exists(db)) {
            assertThat(Databases.duck(db, "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'midway'")
                    .get(0).get("n")).isEqualTo(0L);
        }
        Databases.pg("CREATE OR REPLACE VIEW " + q(SCHEMA) + ".midway AS SELECT g AS id, 1 / (g - 40000) AS v"
                + " FROM generate_series(1, 30000) g");
        p.run(source.toSource());
        assertThat(Databases.duck(db, "SELECT count(*) AS n, count(DISTINCT id) AS d FROM rvl_mid_data.midway").get(0))
                .containsEntry("n", 30000L).containsEntry("d", 30000L);
    }

    @Test
    void aColumnRetypedAfterReflectionIsNeverMisread() {
        // a source reflected once and run again later (a long-lived process) reads a table altered since
        Databases.pg("DELETE FROM " + q(SCHEMA) + ".retyped",
                "ALTER TABLE " + q(SCHEMA) + ".retyped ALTER COLUMN n TYPE integer",
                "INSERT INTO " + q(SCHEMA) + ".retyped VALUES (1, 7)");
        SqlTable t = reflect("retyped");
        Databases.pg("ALTER TABLE " + q(SCHEMA) + ".retyped ALTER COLUMN n TYPE bigint",
                "INSERT INTO " + q(SCHEMA) + ".retyped VALUES (2, 5000000000)");
        PgCopyPagesTest.Read cursor = read(asQuery(t), 100);
        assertThat(cursor.rows().get(1)[1]).isEqualTo(5_000_000_000L);
        // the COPY path gives the cursor's values, or fails clearly; never other numbers
        PgCopyPagesTest.Read copy;
        try {
            copy = read(t, 100);
        } catch (SqlSourceException e) {
            assertThat(e).hasMessageContaining("retyped").hasMessageContaining("n");
            return;
        }
        assertThat(copy.copied()).isTrue(); // still by COPY, decoded as the server sends it now
        assertThat(copy.rows().get(0)[1]).isEqualTo(7L);
        assertThat(copy.rows().get(1)[1]).isEqualTo(5_000_000_000L);
    }

    @Test
    void aColumnDroppedAndAnotherAddedAfterReflectionIsNeverMisread() {
        SqlTable t = reflect("dropped");
        Databases.pg("ALTER TABLE " + q(SCHEMA) + ".dropped DROP COLUMN a",
                "ALTER TABLE " + q(SCHEMA) + ".dropped ADD COLUMN c text",
                "UPDATE " + q(SCHEMA) + ".dropped SET c = 'abcd'");
        PgCopyPagesTest.Read copy;
        try {
            copy = read(t, 100);
        } catch (SqlSourceException e) {
            assertThat(e).hasMessageContaining("dropped");
            return;
        }
        PgCopyPagesTest.Read cursor;
        try {
            cursor = read(asQuery(t), 100);
        } catch (SqlSourceException e) {
            throw new AssertionError("COPY read " + Arrays.deepToString(copy.rows().get(0))
                    + " where the cursor fails: " + e.getMessage());
        }
        assertThat(Arrays.deepEquals(copy.rows().get(0), cursor.rows().get(0))).as("copy %s cursor %s",
                Arrays.deepToString(copy.rows().get(0)), Arrays.deepToString(cursor.rows().get(0))).isTrue();
    }

    @Test
    void numericsOfNegativeScaleHugeTinyAndZeroAreReadByCopyAsByTheCursor() {
        SqlTable t = reflect("nums");
        PgCopyPagesTest.Read copy = read(t, 100);
        PgCopyPagesTest.Read cursor = read(asQuery(t), 100);
        assertThat(copy.copied()).isTrue();
        assertThat(copy.rows()).hasSize(3);
        for (int r = 0; r < 3; r++) {
            assertThat(Arrays.deepEquals(copy.rows().get(r), cursor.rows().get(r)))
                    .as("row %d %s %s", r, Arrays.deepToString(copy.rows().get(r)),
                            Arrays.deepToString(cursor.rows().get(r))).isTrue();
        }
        assertThat((java.math.BigDecimal) copy.rows().get(0)[1]).isEqualByComparingTo("1234600");
    }

    @Test
    void aNumericInfinityFailsOnCopyAsOnTheCursor() {
        SqlTable t = reflect("inf");
        assertThatThrownBy(() -> read(t, 100)).isInstanceOf(SqlSourceException.class).hasMessageContaining("inf")
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> read(asQuery(t), 100)).hasMessageContaining("Infinity");
    }

    @Test
    void aRoleWithOnlySelectReadsByCopyAndRowLevelSecurityFiltersAsOnTheCursor() {
        SqlTable t = reflect("secured");
        Connector reader = Connector.ofUri("postgresql://rvl_reader@127.0.0.1:5432/test");
        PgCopyPagesTest.Read copy = read(reader, t, 100);
        PgCopyPagesTest.Read cursor = read(reader, asQuery(t), 100);
        assertThat(copy.copied()).isTrue();
        assertThat(copy.rows()).hasSize(5);
        assertThat(cursor.rows()).hasSize(5);
    }

    @Test
    void aCopyCancelledByCloseLeavesItsConnectionUsable() throws SQLException {
        SqlTable t = reflect("big");
        Connector connector = Connector.ofUri(Databases.PG);
        for (int round = 0; round < 3; round++) {
        try (Connection c = connector.open("test")) {
            c.setAutoCommit(false);
            PgCopyPages.Field[] fields = PgCopyPages.described(c, "SELECT * FROM " + t.qualifiedName(),
                    t.columns().stream().map(SqlColumn::kind).toArray(ColumnKind[]::new)).orElseThrow();
            PgCopyPages copy = PgCopyPages.start(c, "big", "SELECT * FROM " + t.qualifiedName(),
                    columns(t).toArray(Column[]::new), fields, 1_000, 1L << 20).orElseThrow();
            assertThat(copy.next().rowCount()).isEqualTo(1_000);
            copy.cancel();
            // as TableReader.closeQuietly: a rollback, then the connection is closed, or (a DataSource's pool)
            // lent again: it must work (pgjdbc's cancelCopy left the COPY's messages unread: the next statement
            // failed with a NoSuchElementException inside the driver)
            c.rollback();
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM " + t.qualifiedName())) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(200_000);
            }
        }
        }
    }

    @Test
    void aStatementTimeoutInTheMiddleOfACopyFailsNamingTheTable() {
        SqlTable t = reflect("slow");
        Connector connector = Connector.ofUri("postgresql://postgres@127.0.0.1:5432/test?options=-c%20statement_timeout%3D1000");
        assertThatThrownBy(() -> read(connector, t, 1_000)).isInstanceOf(SqlSourceException.class)
                .hasMessageContaining("slow").hasMessageContaining("statement timeout")
                .hasMessageContaining("failed after 4000 rows");
    }

    @Test
    void aBackendTerminatedInTheMiddleOfACopyFailsNamingTheTableAndHost() {
        SqlTable t = reflect("slow");
        Connector connector = Connector.ofUri(Databases.PG);
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            Databases.pg("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'COPY (SELECT * FROM "
                    + q(SCHEMA).replace("'", "''") + ".\"slow\"%'");
        });
        killer.start();
        assertThatThrownBy(() -> read(connector, t, 1_000)).isInstanceOf(SqlSourceException.class)
                .hasMessageContaining("slow").hasMessageContaining("host 127.0.0.1");
    }

    private static PgCopyPagesTest.Read read(SqlTable table, int chunkSize) {
        return read(Connector.ofUri(Databases.PG), table, chunkSize);
    }

    private static PgCopyPagesTest.Read read(Connector connector, SqlTable table, int chunkSize) {
        return PgCopyPagesTest.read(connector, table, "SELECT * FROM " + table.qualifiedName(), chunkSize);
    }

    private static SqlTable reflect(String name) {
        return PgCopyPagesTest.reflect(SCHEMA, name, true);
    }

    private static SqlTable asQuery(SqlTable t) {
        return PgCopyPagesTest.asQuery(t);
    }

    private static List<Column> columns(SqlTable t) {
        return PgCopyPagesTest.columns(t);
    }
}
