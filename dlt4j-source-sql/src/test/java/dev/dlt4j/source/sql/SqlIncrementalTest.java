package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Incremental;
import dev.dlt4j.IncrementalCursor;
import dev.dlt4j.LastValueFunc;
import dev.dlt4j.Pipeline;
import dev.dlt4j.RangeBound;
import dev.dlt4j.RowOrder;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An incremental cursor on a column is pushed into the table's query, and a growing table loads each row once. */
class SqlIncrementalTest {
    static final String SCHEMA = "sqlsrc_inc";

    @TempDir
    Path tmp;

    /** A cursor as the extract stage hands it to a resource: plain values. */
    record Cursor(String cursorPath, Optional<Object> startValue, Optional<Object> endValue, Optional<RowOrder> rowOrder,
            RangeBound rangeStart, RangeBound rangeEnd, LastValueFunc lastValueFunc) implements IncrementalCursor {
        @Override
        public Optional<Object> lastValue() {
            return startValue;
        }

        @Override
        public Optional<Object> initialValue() {
            return Optional.empty();
        }

        @Override
        public Optional<Object> parentKey() {
            return Optional.empty();
        }

        @Override
        public List<String> primaryKey() {
            return List.of();
        }
    }

    static final SqlTable EVENTS = new SqlTable("s", "events", List.of(
            new SqlColumn("id", ColumnKind.BIGINT, "int8", 19, 0, false, true),
            new SqlColumn("at", ColumnKind.TIMESTAMP, "timestamp", 29, 6, false, true),
            new SqlColumn("meta", ColumnKind.JSON, "jsonb", 0, 0, true, true)),
            List.of("id"), "\"s\".\"events\"", Optional.empty());

    @BeforeAll
    static void table() {
        Databases.pg("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".events (id int PRIMARY KEY, updated_at timestamp NOT NULL, v text)");
    }

    @Test
    void theCursorBecomesAWhereClauseAndAnOrder() {
        Object start = "2024-01-02T03:04:05Z";
        IncrementalQuery q = IncrementalQuery.of(EVENTS, "SELECT * FROM \"s\".\"events\"", "\"", Optional.of(
                new Cursor("at", Optional.of(start), Optional.empty(), Optional.of(RowOrder.ASC), RangeBound.CLOSED,
                        RangeBound.OPEN, LastValueFunc.MAX)));
        assertThat(q.sql()).isEqualTo("SELECT * FROM \"s\".\"events\" WHERE \"at\" >= ? ORDER BY \"at\" ASC");
        assertThat(q.parameters()).containsExactly(LocalDateTime.parse("2024-01-02T03:04:05"));

        IncrementalQuery window = IncrementalQuery.of(EVENTS, "SELECT * FROM \"s\".\"events\"", "\"", Optional.of(
                new Cursor("id", Optional.of(10L), Optional.of(20L), Optional.empty(), RangeBound.OPEN,
                        RangeBound.CLOSED, LastValueFunc.MAX)));
        assertThat(window.sql()).isEqualTo("SELECT * FROM \"s\".\"events\" WHERE \"id\" > ? AND \"id\" <= ?");
        assertThat(window.parameters()).containsExactly(10L, 20L);

        IncrementalQuery down = IncrementalQuery.of(EVENTS, "SELECT * FROM \"s\".\"events\"", "\"", Optional.of(
                new Cursor("id", Optional.of(10L), Optional.empty(), Optional.of(RowOrder.DESC), RangeBound.CLOSED,
                        RangeBound.OPEN, LastValueFunc.MIN)));
        assertThat(down.sql()).isEqualTo("SELECT * FROM \"s\".\"events\" WHERE \"id\" <= ? ORDER BY \"id\" DESC");
    }

    @Test
    void aFirstRunANestedPathOrACustomOrderReadsTheWholeTable() {
        String base = "SELECT * FROM \"s\".\"events\"";
        assertThat(IncrementalQuery.of(EVENTS, base, "\"", Optional.of(new Cursor("at", Optional.empty(),
                Optional.empty(), Optional.empty(), RangeBound.CLOSED, RangeBound.OPEN, LastValueFunc.MAX))).sql())
                .isEqualTo("SELECT * FROM \"s\".\"events\"");
        assertThat(IncrementalQuery.of(EVENTS, base, "\"", Optional.of(new Cursor("meta.at", Optional.of("x"),
                Optional.empty(), Optional.empty(), RangeBound.CLOSED, RangeBound.OPEN, LastValueFunc.MAX))).sql())
                .isEqualTo(base);
        assertThat(IncrementalQuery.of(EVENTS, base, "\"", Optional.of(new Cursor("id", Optional.of(1L),
                Optional.empty(), Optional.empty(), RangeBound.CLOSED, RangeBound.OPEN,
                LastValueFunc.comparing("odd", java.util.Comparator.comparing(Object::toString))))).sql())
                .isEqualTo(base);
        assertThat(IncrementalQuery.of(EVENTS, base, "\"", Optional.empty()).sql()).isEqualTo(base);
    }

    @Test
    void anIncrementalTableCopiedThreeTimesAsItGrowsLoadsEachRowOnce() {
        Path db = tmp.resolve("inc.duckdb");
        SqlSource events = SqlSource.of(Databases.PG).schema(SCHEMA).tables("events")
                .applyHints(r -> r.incremental(Incremental.on("updated_at")));
        Databases.pg("TRUNCATE " + SCHEMA + ".events",
                "INSERT INTO " + SCHEMA + ".events SELECT g, timestamp '2024-01-01' + (g / 2) * interval '1 day',"
                        + " 'a' FROM generate_series(1, 10) g");
        run(db, events);
        // two more rows at the last value (a tie at the boundary) and later ones
        Databases.pg("INSERT INTO " + SCHEMA + ".events VALUES (11, timestamp '2024-01-06', 'b'),"
                + " (12, timestamp '2024-01-07', 'b')");
        run(db, events);
        Databases.pg("INSERT INTO " + SCHEMA + ".events SELECT g, timestamp '2024-01-07' + g * interval '1 hour', 'c'"
                + " FROM generate_series(13, 20) g");
        run(db, events);
        assertThat(Databases.duck(db, "SELECT count(*) n, count(DISTINCT id) d FROM inc_data.events"))
                .containsExactly(Map.of("n", 20L, "d", 20L));
    }

    private void run(Path db, SqlSource source) {
        Pipeline.builder("inc").destination("duckdb:" + db).dataset("inc_data").pipelinesDir(tmp.resolve("pipelines"))
                .projectDir(tmp).environment(Map.of()).build().run(source.toSource());
    }
}
