package dev.dlt4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.source.sql.SqlDatabaseSourceFactory;
import dev.dlt4j.spi.SourcePartition;
import dev.dlt4j.spi.SplittableSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edges of the SQL source's split, without Spark: each partition run by {@link Pipeline#runPartition}
 * in a folder of its own and committed by {@link Pipeline#commitPartitions}, against a single-JVM run
 * of the same settings. A split run loads what one JVM loads: rows whose split column is NULL, a
 * table defined by a query, keys at the ends of the long range.
 */
class SplitEdgesTest {
    static final String PG = "postgresql://postgres@127.0.0.1:5432/test";
    static final String PG_JDBC = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String SCHEMA = "reviewspark_edges";

    @TempDir
    static Path dir;

    @BeforeAll
    static void tables() throws Exception {
        try (Connection c = DriverManager.getConnection(PG_JDBC); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            // every tenth k is NULL: a nullable split column
            s.execute("CREATE TABLE " + SCHEMA + ".nullkeys (k bigint, v text NOT NULL)");
            s.execute("INSERT INTO " + SCHEMA + ".nullkeys SELECT CASE WHEN g % 10 = 0 THEN NULL ELSE g END, 'v' || g"
                    + " FROM generate_series(1, 100) g");
            s.execute("CREATE TABLE " + SCHEMA + ".items (id bigint PRIMARY KEY, v text NOT NULL)");
            s.execute("INSERT INTO " + SCHEMA + ".items SELECT g, 'i' || g FROM generate_series(1, 100) g");
            s.execute("CREATE TABLE " + SCHEMA + ".extremes (id bigint PRIMARY KEY)");
            s.execute("INSERT INTO " + SCHEMA + ".extremes VALUES (" + Long.MIN_VALUE + "), (-1), (0), (1), ("
                    + (Long.MAX_VALUE - 1) + "), (" + Long.MAX_VALUE + ")");
            s.execute("CREATE TABLE " + SCHEMA + ".top (id bigint PRIMARY KEY)");
            s.execute("INSERT INTO " + SCHEMA + ".top SELECT " + Long.MAX_VALUE + " - g FROM generate_series(0, 4) g");
        }
    }

    @AfterAll
    static void drop() throws Exception {
        try (Connection c = DriverManager.getConnection(PG_JDBC); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static Map<String, Object> settings(String table, Object... more) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(Map.of("credentials", PG, "schema", SCHEMA,
                "table_names", List.of(table)));
        for (int i = 0; i < more.length; i += 2) {
            out.put((String) more[i], more[i + 1]);
        }
        return out;
    }

    private static Pipeline pipeline(String run) {
        return Pipeline.builder("reviewspark_" + run).destination("duckdb:" + dir.resolve(run + ".duckdb"))
                .dataset("data").pipelinesDir(dir.resolve("pipelines-" + run)).build();
    }

    private static LoadInfo single(String run, Map<String, Object> settings) {
        Pipeline p = pipeline(run);
        return p.run(new SqlDatabaseSourceFactory().create("shop", settings, p.config()));
    }

    /** Splits into {@code n}, runs each partition in a fresh folder, commits them; as Spark does. */
    static LoadInfo splitRun(String run, SplittableSource factory, Map<String, Object> settings, int n) {
        return SplitRuns.splitRun(dir, pipeline(run), run, factory, settings, n);
    }

    static String query(String run, String sql) throws Exception {
        return SplitRuns.query(dir, run, sql);
    }

    @Test
    void rowsWithANullPartitionColumnLoadOnceAsInOneJvm() throws Exception {
        Map<String, Object> s = settings("nullkeys", "partition_column", "k");
        single("nulls_single", s);
        List<SourcePartition> parts = new SqlDatabaseSourceFactory().split("shop", s, pipeline("nulls_split").config(),
                4);
        // the first range of a nullable column also takes its NULLs
        assertThat(parts.get(0).description()).isEqualTo("nullkeys.k in [1, 26) or null");
        splitRun("nulls_split", new SqlDatabaseSourceFactory(), s, 4);
        String sql = "SELECT count(*) || '/' || count(k) || '/' || count(DISTINCT v) FROM data.nullkeys";
        assertThat(query("nulls_split", sql)).isEqualTo(query("nulls_single", sql)).isEqualTo("100/90/100");
    }

    /**
     * A NULL cursor without an initial value: one JVM reads the row and fails (dlt's
     * {@code on_cursor_value_missing = "raise"}); the split run must fail too, not drop the row.
     */
    @Test
    void aNullCursorFailsTheSplitRunAsItFailsOneJvm() {
        Map<String, Object> s = settings("nullkeys", "incremental", "k");
        assertThatThrownBy(() -> single("nullcursor_single", s)).hasStackTraceContaining("k");
        assertThatThrownBy(() -> splitRun("nullcursor_split", new SqlDatabaseSourceFactory(), s, 3))
                .hasStackTraceContaining("k");
    }

    @Test
    void aTableDefinedByAQueryIsCutByItsRangesNotReadWholeByEachPartition() throws Exception {
        Map<String, Object> s = settings("recent", "queries", Map.of("recent", "SELECT id, v FROM " + SCHEMA
                + ".items WHERE id > 20"), "partition_column", "id");
        single("query_single", s);
        LoadInfo info = splitRun("query_split", new SqlDatabaseSourceFactory(), s, 4);
        assertThat(info.rowCounts()).containsEntry("recent", 80L);
        String sql = "SELECT count(*) || '/' || count(DISTINCT id) FROM data.recent";
        assertThat(query("query_split", sql)).isEqualTo(query("query_single", sql)).isEqualTo("80/80");
    }

    @Test
    void keysAtTheEndsOfTheLongRangeSplitWithoutOverflowAndLoadOnce() throws Exception {
        SqlDatabaseSourceFactory f = new SqlDatabaseSourceFactory();
        Map<String, Object> whole = settings("extremes");
        assertThat(f.split("shop", whole, pipeline("x").config(), 2)).extracting(SourcePartition::description)
                .containsExactly("extremes.id in [-9223372036854775808, 0)",
                        "extremes.id in [0, 9223372036854775807]");
        splitRun("extremes_split", f, whole, 3);
        assertThat(query("extremes_split", "SELECT count(DISTINCT id) FROM data.extremes")).isEqualTo("6");

        // 5 keys in 4 ranges of 2: three ranges, none beyond the largest key (no overflow past Long.MAX_VALUE)
        Map<String, Object> top = settings("top");
        assertThat(f.split("shop", top, pipeline("x").config(), 4)).extracting(SourcePartition::description)
                .containsExactly("top.id in [9223372036854775803, 9223372036854775805)",
                        "top.id in [9223372036854775805, 9223372036854775807)",
                        "top.id in [9223372036854775807, 9223372036854775807]");
        splitRun("top_split", f, top, 4);
        assertThat(query("top_split", "SELECT count(DISTINCT id) FROM data.top")).isEqualTo("5");
    }

    /** A table named twice: one JVM refuses the source (two resources of one name); so does the split. */
    @Test
    void aTableNamedTwiceIsRefusedBySplitAsByOneJvm() {
        Map<String, Object> s = new java.util.LinkedHashMap<>(settings("items"));
        s.put("table_names", List.of("items", "ITEMS"));
        assertThatThrownBy(() -> single("twice_single", s)).hasMessageContaining("two resources named items");
        assertThatThrownBy(() -> new SqlDatabaseSourceFactory().split("shop", s, pipeline("twice_split").config(), 2))
                .hasMessageContaining("two resources named items");
    }

    /**
     * Backfill windows of the cursor under dlt's other incremental settings: the rows and the stored
     * cursor are one JVM's (an end value: no state; an initial value above the largest key; an open
     * start with a closed end; {@code min}).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"end", "above", "open", "min"})
    void cursorWindowsUnderDltsIncrementalSettingsLoadWhatOneJvmLoads(String kind) throws Exception {
        Map<String, Object> inc = switch (kind) {
            case "end" -> Map.of("cursor_path", "id", "initial_value", 10, "end_value", 50);
            case "above" -> Map.of("cursor_path", "id", "initial_value", 500);
            case "open" -> Map.of("cursor_path", "id", "initial_value", 10, "end_value", 50, "range_start", "open",
                    "range_end", "closed");
            default -> Map.of("cursor_path", "id", "initial_value", 60, "last_value_func", "min");
        };
        Map<String, Object> s = settings("items", "incremental", inc);
        String one = "win_" + kind + "_single";
        String split = "win_" + kind + "_split";
        single(one, s);
        splitRun(split, new SqlDatabaseSourceFactory(), s, 4);
        String sql = "SELECT count(*) || '/' || coalesce(min(id), -1) || '/' || coalesce(max(id), -1) FROM data.items";
        String exists = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'data'"
                + " AND table_name = 'items'";
        assertThat(query(split, exists)).isEqualTo(query(one, exists));
        if (query(one, exists).equals("1")) {
            assertThat(query(split, sql)).isEqualTo(query(one, sql));
        }
        assertThat(state(split)).isEqualTo(state(one));
    }

    private static Object state(String run) {
        return java.util.Optional.ofNullable(pipeline(run).state().sources().get("shop"))
                .map(x -> x.resource("items").get("incremental")).orElse(null);
    }
}
