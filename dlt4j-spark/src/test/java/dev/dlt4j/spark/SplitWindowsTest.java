package dev.dlt4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.source.sql.SqlDatabaseSourceFactory;
import dev.dlt4j.spi.SourcePartition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental backfill of a date or timestamp cursor in {@code [start, end)} windows, without Spark:
 * each partition run by {@link Pipeline#runPartition} in a folder of its own and committed by
 * {@link Pipeline#commitPartitions}, against a single-JVM run of the same settings. The windows meet
 * to the microsecond (rows sit on every boundary and one microsecond either side of it), so every row
 * loads once and the stored cursor is one JVM's.
 */
class SplitWindowsTest {
    static final String PG = "postgresql://postgres@127.0.0.1:5432/test";
    static final String PG_JDBC = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String SCHEMA = "sparkwindows_split";
    /** Four days from 2024-01-01T00:00Z, the last row one microsecond before the fifth: windows of one day. */
    static final String BOUNDARIES = "SELECT d + o FROM generate_series(timestamptz '2024-01-01 00:00+00',"
            + " timestamptz '2024-01-05 00:00+00', interval '1 day') d, (VALUES (interval '-1 microsecond'),"
            + " (interval '0'), (interval '1 microsecond')) v(o)"
            + " WHERE d + o >= timestamptz '2024-01-01 00:00+00' AND d + o < timestamptz '2024-01-05 00:00+00'";

    @TempDir
    static Path dir;

    @BeforeAll
    static void tables() throws Exception {
        sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA,
                // hourly rows in another zone's notation, plus rows on and beside each day's boundary
                "CREATE TABLE " + SCHEMA + ".stamps (id bigserial PRIMARY KEY, at timestamptz NOT NULL, v text)",
                "INSERT INTO " + SCHEMA + ".stamps (at, v) SELECT timestamptz '2024-01-01 05:30:00+05:30'"
                        + " + g * interval '1 hour', 'h' || g FROM generate_series(0, 95) g",
                "INSERT INTO " + SCHEMA + ".stamps (at, v) SELECT t, 'b' FROM (" + BOUNDARIES + ") b(t)",
                "CREATE TABLE " + SCHEMA + ".days (id bigint PRIMARY KEY, d date NOT NULL)",
                "INSERT INTO " + SCHEMA + ".days SELECT g, date '2024-01-01' + g % 40 FROM generate_series(1, 200) g",
                // every tenth cursor NULL
                "CREATE TABLE " + SCHEMA + ".naive (id bigint PRIMARY KEY, at timestamp)",
                "INSERT INTO " + SCHEMA + ".naive SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE timestamp"
                        + " '2024-01-01' + g * interval '1 minute 0.000001 second' END FROM generate_series(1, 100) g");
    }

    @AfterAll
    static void drop() throws Exception {
        sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(PG_JDBC); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static Map<String, Object> settings(String table, Object incremental) {
        return Map.of("credentials", PG, "schema", SCHEMA, "table_names", List.of(table), "incremental", incremental);
    }

    private static Pipeline pipeline(String run) {
        return Pipeline.builder("sparkwindows_" + run).destination("duckdb:" + dir.resolve(run + ".duckdb"))
                .dataset("data").pipelinesDir(dir.resolve("pipelines-" + run)).build();
    }

    private static LoadInfo single(String run, Map<String, Object> settings) {
        Pipeline p = pipeline(run);
        return p.run(new SqlDatabaseSourceFactory().create("shop", settings, p.config()));
    }

    private static List<String> windows(Map<String, Object> settings, int n) {
        return new SqlDatabaseSourceFactory().split("shop", settings, pipeline("plan").config(), n).stream()
                .map(SourcePartition::description).toList();
    }

    /** Splits into {@code n}, runs each partition in a fresh folder, commits them; as Spark does. */
    private static LoadInfo splitRun(String run, Map<String, Object> settings, int n) {
        return SplitRuns.splitRun(dir, pipeline(run), run, new SqlDatabaseSourceFactory(), settings, n);
    }

    private static String query(String run, String sql) throws Exception {
        return SplitRuns.query(dir, run, sql);
    }

    /** Rows, distinct ids, and a hash of every row's values (not the load columns) of a loaded table. */
    private static String rows(String run, String table, String cursor) throws Exception {
        String c = '"' + cursor + '"';
        return query(run, "SELECT count(*) || '/' || count(DISTINCT id) || '/' || count(" + c + ") || '/'"
                + " || coalesce(sum(hash(id, " + c + "::varchar)::hugeint), 0) FROM data." + table);
    }

    private static Object cursor(String run, String table, String column) {
        return Optional.ofNullable(pipeline(run).state().sources().get("shop"))
                .map(s -> s.resource(table).get("incremental")).map(i -> ((Map<?, ?>) i).get(column)).orElse(null);
    }

    @Test
    void sparkwindowsATimestamptzCursorSplitIntoFourWindowsLoadsAsOneJvmAndContinues() throws Exception {
        Map<String, Object> s = settings("stamps", "at");
        // four days to the microsecond: windows of exactly one day, the last closed on the largest value
        assertThat(windows(s, 4)).containsExactly("stamps.at in [2024-01-01T00:00:00Z, 2024-01-02T00:00:00Z)",
                "stamps.at in [2024-01-02T00:00:00Z, 2024-01-03T00:00:00Z)",
                "stamps.at in [2024-01-03T00:00:00Z, 2024-01-04T00:00:00Z)",
                "stamps.at in [2024-01-04T00:00:00Z, 2024-01-04T23:59:59.999999Z]");
        single("tz_single", s);
        LoadInfo info = splitRun("tz_split", s, 4);
        assertThat(info.rowCounts()).containsEntry("stamps", 108L);
        assertThat(rows("tz_split", "stamps", "at")).isEqualTo(rows("tz_single", "stamps", "at"))
                .startsWith("108/108/108/");
        assertThat(cursor("tz_split", "stamps", "at")).isEqualTo(cursor("tz_single", "stamps", "at")).isNotNull();

        // new rows: a normal run continues from the merged cursor and loads only them
        sql("INSERT INTO " + SCHEMA + ".stamps (at, v) SELECT timestamptz '2024-01-05 00:00+00' + g * interval"
                + " '1 microsecond', 'n' || g FROM generate_series(0, 2) g");
        try {
            LoadInfo next = single("tz_split", s);
            assertThat(next.rowCounts()).containsEntry("stamps", 3L);
            single("tz_single", s);
        } finally {
            sql("DELETE FROM " + SCHEMA + ".stamps WHERE v LIKE 'n%'");
        }
        assertThat(rows("tz_split", "stamps", "at")).isEqualTo(rows("tz_single", "stamps", "at"))
                .startsWith("111/111/111/");
        assertThat(cursor("tz_split", "stamps", "at")).isEqualTo(cursor("tz_single", "stamps", "at"));
        assertThat(String.valueOf(((Map<?, ?>) cursor("tz_split", "stamps", "at")).get("last_value")))
                .contains("2024-01-05T00:00:00.000002");
    }

    @Test
    void sparkwindowsADateCursorIsCutIntoWindowsOfDays() throws Exception {
        Map<String, Object> s = settings("days", "d");
        assertThat(windows(s, 4)).containsExactly("days.d in [2024-01-01, 2024-01-11)",
                "days.d in [2024-01-11, 2024-01-21)", "days.d in [2024-01-21, 2024-01-31)",
                "days.d in [2024-01-31, 2024-02-09]");
        single("date_single", s);
        splitRun("date_split", s, 4);
        assertThat(rows("date_split", "days", "d")).isEqualTo(rows("date_single", "days", "d"))
                .startsWith("200/200/200/");
        // the last day's five rows: their hashes are the stored cursor's, as one JVM stores them
        assertThat(cursor("date_split", "days", "d")).isEqualTo(cursor("date_single", "days", "d"));
        assertThat((List<?>) ((Map<?, ?>) cursor("date_split", "days", "d")).get("unique_hashes")).hasSize(5);
    }

    /** NULLs go with the first window: without an initial value both runs fail on them, with one both skip them. */
    @Test
    void sparkwindowsATimestampCursorWithNullsFailsOrLoadsAsOneJvm() throws Exception {
        Map<String, Object> bare = settings("naive", "at");
        assertThat(windows(bare, 2)).containsExactly("naive.at in [2024-01-01T00:01:00.000001, 2024-01-01T00:50:00.000051)"
                + " or null", "naive.at in [2024-01-01T00:50:00.000051, 2024-01-01T01:39:00.000099]");
        assertThatThrownBy(() -> single("null_single", bare)).hasStackTraceContaining("has null at cursor path 'at'");
        assertThatThrownBy(() -> splitRun("null_split", bare, 2))
                .hasStackTraceContaining("has null at cursor path 'at'");

        Map<String, Object> from = settings("naive", Map.of("cursor_path", "at", "initial_value",
                "2024-01-01T00:30:00Z"));
        single("nullinit_single", from);
        splitRun("nullinit_split", from, 3);
        assertThat(rows("nullinit_split", "naive", "at")).isEqualTo(rows("nullinit_single", "naive", "at"))
                .startsWith("63/63/63/");
        assertThat(cursor("nullinit_split", "naive", "at")).isEqualTo(cursor("nullinit_single", "naive", "at"));
    }

    @Test
    void sparkwindowsAnInitialValueGivenAsIsoTextStartsTheFirstWindow() throws Exception {
        // 2024-01-02T00:00Z written in +02:00; three days left in four windows of 18 hours
        Map<String, Object> s = settings("stamps", Map.of("cursor_path", "at", "initial_value",
                "2024-01-02T02:00:00+02:00"));
        assertThat(windows(s, 4)).containsExactly("stamps.at in [2024-01-02T00:00:00Z, 2024-01-02T18:00:00Z)",
                "stamps.at in [2024-01-02T18:00:00Z, 2024-01-03T12:00:00Z)",
                "stamps.at in [2024-01-03T12:00:00Z, 2024-01-04T06:00:00Z)",
                "stamps.at in [2024-01-04T06:00:00Z, 2024-01-04T23:59:59.999999Z]");
        single("init_single", s);
        splitRun("init_split", s, 4);
        // 72 hourly rows from 00:00Z on the 2nd, and the 9 boundary rows from then on
        assertThat(rows("init_split", "stamps", "at")).isEqualTo(rows("init_single", "stamps", "at"))
                .startsWith("81/81/81/");
        assertThat(cursor("init_split", "stamps", "at")).isEqualTo(cursor("init_single", "stamps", "at"));
    }

    @Test
    void sparkwindowsAnEndValueEndsTheLastWindowOpenAsDltsEndValueIs() throws Exception {
        Map<String, Object> s = settings("stamps", Map.of("cursor_path", "at", "initial_value",
                "2024-01-01T00:00:00Z", "end_value", "2024-01-03T00:00:00Z"));
        assertThat(windows(s, 4)).containsExactly("stamps.at in [2024-01-01T00:00:00Z, 2024-01-01T12:00:00Z)",
                "stamps.at in [2024-01-01T12:00:00Z, 2024-01-02T00:00:00Z)",
                "stamps.at in [2024-01-02T00:00:00Z, 2024-01-02T12:00:00Z)",
                "stamps.at in [2024-01-02T12:00:00Z, 2024-01-03T00:00:00Z)");
        single("end_single", s);
        splitRun("end_split", s, 4);
        // 48 hourly rows and 6 boundary rows before the 3rd; the row at 2024-01-03T00:00Z is not loaded
        assertThat(rows("end_split", "stamps", "at")).isEqualTo(rows("end_single", "stamps", "at"))
                .startsWith("54/54/54/");
        assertThat(query("end_split", "SELECT count(*) FROM data.stamps WHERE \"at\" >= TIMESTAMPTZ '2024-01-03 00:00+00'"))
                .isEqualTo("0");
        assertThat(cursor("end_split", "stamps", "at")).isEqualTo(cursor("end_single", "stamps", "at"));
    }

    /**
     * A text cursor, and a timestamp cursor holding PostgreSQL's {@code infinity} (no microsecond count),
     * are not windowed: the table is cut by its primary key, as before windows of timestamps existed.
     */
    @Test
    void sparkwindowsACursorThatCannotBeWindowedIsCutByThePrimaryKey() throws Exception {
        sql("CREATE TABLE " + SCHEMA + ".odd (id bigint PRIMARY KEY, tag text NOT NULL, at timestamptz NOT NULL)",
                "INSERT INTO " + SCHEMA + ".odd SELECT g, 't' || g, CASE WHEN g = 8 THEN 'infinity'::timestamptz"
                        + " ELSE timestamptz '2024-01-01 00:00+00' + g * interval '1 day' END"
                        + " FROM generate_series(1, 8) g");
        assertThat(windows(settings("odd", "tag"), 2)).containsExactly("odd.id in [1, 5)", "odd.id in [5, 8]");
        assertThat(windows(settings("odd", "at"), 2)).containsExactly("odd.id in [1, 5)", "odd.id in [5, 8]");
    }
}
