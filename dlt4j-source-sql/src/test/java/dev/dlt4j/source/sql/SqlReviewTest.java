package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Incremental;
import dev.dlt4j.OnCursorValueMissing;
import dev.dlt4j.Pipeline;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cases found in review of the SQL source (issue 15), each against real PostgreSQL / MariaDB and DuckDB. */
class SqlReviewTest {
    static final String SCHEMA = "rev15_sql";

    @TempDir
    Path tmp;

    /** Leaves no schema behind: other tests list the schemas of the shared database (30 at most). */
    @org.junit.jupiter.api.AfterAll
    static void dropSchemas() {
        Databases.pg("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "DROP SCHEMA IF EXISTS rev15_js CASCADE");
    }

    /**
     * dlt's sql_table adds {@code OR col IS NULL} to the pushed-down range when rows without a cursor
     * value are included: a row whose cursor is NULL is loaded by every run, not only the first.
     */
    @Test
    void rowsWithANullCursorAreIncludedByLaterRunsToo() {
        Databases.pg("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".events (id int PRIMARY KEY, updated_at timestamp)",
                "INSERT INTO " + SCHEMA + ".events VALUES (1, '2024-01-01'), (2, '2024-01-02'), (3, NULL)");
        Path db = tmp.resolve("nulls.duckdb");
        SqlSource events = SqlSource.of(Databases.PG).schema(SCHEMA).tables("events").applyHints(r -> r.incremental(
                Incremental.on("updated_at").onCursorValueMissing(OnCursorValueMissing.INCLUDE)));
        run(db, events);
        Databases.pg("INSERT INTO " + SCHEMA + ".events VALUES (4, '2024-01-03')");
        run(db, events);
        List<Map<String, Object>> second = Databases.duck(db, "SELECT id FROM rev15_data.events WHERE _dlt_load_id ="
                + " (SELECT max(load_id) FROM rev15_data._dlt_loads) ORDER BY id");
        assertThat(second).extracting(r -> r.get("id")).containsExactly(3L, 4L);
    }

    /**
     * A jsonb column holding a scalar: psycopg2 hands dlt the value ({@code abc}, {@code 12.5}), which
     * does not fit a json column and goes to a variant column as that value; dlt4j gave the normalizer
     * the JSON text, so the variant held {@code "abc"} with its quotes and the number as text.
     */
    @Test
    void aJsonScalarLoadsAsItsValueNotItsJsonText() {
        Databases.pg("DROP SCHEMA IF EXISTS rev15_js CASCADE", "CREATE SCHEMA rev15_js",
                "CREATE TABLE rev15_js.docs (id int PRIMARY KEY, j jsonb)",
                "INSERT INTO rev15_js.docs VALUES (1, '{\"k\": 1}'), (2, '\"abc\"'), (3, '12.5'), (4, 'null')");
        Path db = tmp.resolve("json.duckdb");
        run(db, SqlSource.of(Databases.PG).schema("rev15_js").tables("docs"));
        assertThat(Databases.duck(db, "SELECT id, CAST(j AS VARCHAR) AS j, j__v_text AS t, j__v_double AS d"
                + " FROM rev15_data.docs ORDER BY id")).containsExactly(
                        row(1, "{\"k\":1}", null, null), row(2, null, "abc", null), row(3, null, null, 12.5),
                        row(4, null, null, null));
    }

    private static Map<String, Object> row(int id, String j, String t, Double d) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", (long) id);
        m.put("j", j);
        m.put("t", t);
        m.put("d", d);
        return m;
    }

    private void run(Path db, SqlSource source) {
        Pipeline.builder("rev15").destination("duckdb:" + db).dataset("rev15_data").pipelinesDir(tmp.resolve("pipelines"))
                .projectDir(tmp).environment(Map.of()).build().run(source.toSource());
    }
}
