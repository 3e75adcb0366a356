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

    private void run(Path db, SqlSource source) {
        Pipeline.builder("rev15").destination("duckdb:" + db).dataset("rev15_data").pipelinesDir(tmp.resolve("pipelines"))
                .projectDir(tmp).environment(Map.of()).build().run(source.toSource());
    }
}
