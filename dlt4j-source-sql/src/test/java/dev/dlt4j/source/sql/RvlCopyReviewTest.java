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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Review of the binary COPY reader ({@link PgCopyPages}): quoted identifiers, a server error in the
 * middle of a COPY, a table altered after it was reflected (a source object kept across runs).
 */
class RvlCopyReviewTest {
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
                "CREATE TABLE " + s + ".retyped (id integer, n integer)",
                "CREATE TABLE " + s + ".dropped (id integer, a integer, b bigint)",
                "INSERT INTO " + s + ".dropped VALUES (1, 2, 3)",
                "CREATE VIEW " + s + ".failing AS SELECT g AS id, 1 / (g - 20000) AS v FROM generate_series(1, 30000) g");
    }

    @AfterAll
    static void dropTables() {
        Databases.pg("DROP SCHEMA IF EXISTS " + q(SCHEMA) + " CASCADE");
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

    private static PgCopyPagesTest.Read read(SqlTable table, int chunkSize) {
        Connector connector = Connector.ofUri(Databases.PG);
        String sql = "SELECT * FROM " + table.qualifiedName();
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
            return new PgCopyPagesTest.Read(rows, pages, reader.copied());
        }
    }

    private static SqlTable reflect(String name) {
        Connector connector = Connector.ofUri(Databases.PG);
        try (Connection c = connector.open("test")) {
            Reflector r = new Reflector(connector, c);
            return r.reflect(SCHEMA, List.of(name), List.of(), List.of(), Map.of(), true).get(0);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SqlTable asQuery(SqlTable t) {
        return new SqlTable(t.schema(), t.name(), t.columns(), t.primaryKey(), t.qualifiedName(),
                Optional.of("SELECT * FROM " + t.qualifiedName()));
    }

    private static List<Column> columns(SqlTable t) {
        SqlSource source = SqlSource.of(Databases.PG);
        List<Column> out = new ArrayList<>();
        for (SqlColumn c : t.columns()) {
            out.add(source.column(c, false));
        }
        return out;
    }
}
