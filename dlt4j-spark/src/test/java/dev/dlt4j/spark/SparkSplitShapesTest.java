package dev.dlt4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.source.filesystem.FilesystemSourceFactory;
import dev.dlt4j.source.sql.SqlDatabaseSourceFactory;
import dev.dlt4j.spi.SourcePartition;
import dev.dlt4j.storage.PipelineStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Splits beyond one table or glob, on Spark local mode into DuckDB, each against a single-JVM run
 * of the same settings: an incremental SQL table backfilled in windows of its cursor and continued
 * by a normal run, a SQL source of three tables, a filesystem source of two globs.
 */
class SparkSplitShapesTest {
    static final String PG = "postgresql://postgres@127.0.0.1:5432/test";
    static final String PG_JDBC = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String SCHEMA = "sparkscale_shapes";

    static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkTests.session();
        try (Connection c = DriverManager.getConnection(PG_JDBC); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("CREATE TABLE " + SCHEMA + ".events (id bigint PRIMARY KEY, seq bigint NOT NULL, payload text)");
            s.execute("INSERT INTO " + SCHEMA + ".events SELECT g, g * 10, 'e' || g FROM generate_series(1, 3000) g");
            s.execute("CREATE TABLE " + SCHEMA + ".customers (id int PRIMARY KEY, name text NOT NULL)");
            s.execute("INSERT INTO " + SCHEMA + ".customers SELECT g, 'c' || g FROM generate_series(1, 500) g");
            s.execute("CREATE TABLE " + SCHEMA + ".orders (id bigint PRIMARY KEY, customer_id int, total numeric(10,2))");
            s.execute("INSERT INTO " + SCHEMA + ".orders SELECT g, g % 500 + 1, g / 7.0 FROM generate_series(1, 4000) g");
            s.execute("CREATE TABLE " + SCHEMA + ".notes (body text, at date)"); // no key: read whole
            s.execute("INSERT INTO " + SCHEMA + ".notes SELECT 'note ' || g, date '2024-01-01' + g"
                    + " FROM generate_series(1, 50) g");
        }
        Path files = dir.resolve("files");
        Files.createDirectories(files.resolve("clicks"));
        Files.createDirectories(files.resolve("users"));
        for (int f = 0; f < 6; f++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                sb.append("{\"id\": ").append(f * 100 + i).append(", \"page\": \"p").append(i % 9).append("\"}\n");
            }
            Files.writeString(files.resolve("clicks").resolve(String.format("c-%02d.jsonl", f)), sb.toString());
        }
        for (int f = 0; f < 3; f++) {
            StringBuilder sb = new StringBuilder("id,name\n");
            for (int i = 0; i < 40; i++) {
                sb.append(f * 40 + i).append(",u").append(f * 40 + i).append('\n');
            }
            Files.writeString(files.resolve("users").resolve("u-" + f + ".csv"), sb.toString());
        }
    }

    @AfterAll
    static void drop() throws Exception {
        try (Connection c = DriverManager.getConnection(PG_JDBC); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static Pipeline pipeline(String run) {
        return Pipeline.builder("sparkscale_" + run).destination("duckdb:" + dir.resolve("sparkscale_" + run + ".duckdb"))
                .dataset("data").pipelinesDir(dir.resolve("pipelines-" + run)).build();
    }

    @Test
    void anIncrementalTableBackfilledInCursorWindowsContinuesInOneJvmWithEveryRowOnce() throws Exception {
        Map<String, Object> settings = Map.of("credentials", PG, "schema", SCHEMA, "table_names", List.of("events"),
                "incremental", Map.of("cursor_path", "seq", "initial_value", 0));
        Pipeline single = pipeline("inc_single");
        single.run(new SqlDatabaseSourceFactory().create("shop", settings, single.config()));

        Pipeline split = pipeline("inc_split");
        List<SourcePartition> parts = SparkPipelines.split(split, "sql_database", "shop", settings, 4);
        assertThat(parts).extracting(SourcePartition::description).containsExactly("events.seq in [10, 7508)",
                "events.seq in [7508, 15006)", "events.seq in [15006, 22504)", "events.seq in [22504, 30000]");
        LoadInfo info = SparkPipelines.run(spark, split, parts);
        assertThat(info.rowCounts()).containsEntry("events", 3000L);
        assertSame(single, split, "shop", List.of("events"));
        assertThat(cursor(split)).isEqualTo(cursor(single));

        try (Connection c = DriverManager.getConnection(PG_JDBC); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + SCHEMA + ".events SELECT g, g * 10, 'e' || g FROM generate_series(3001, 3500) g");
        }
        try {
            LoadInfo next = split.run(new SqlDatabaseSourceFactory().create("shop", settings, split.config()));
            assertThat(next.rowCounts()).containsEntry("events", 500L);
            single.run(new SqlDatabaseSourceFactory().create("shop", settings, single.config()));
        } finally {
            try (Connection c = DriverManager.getConnection(PG_JDBC); Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + SCHEMA + ".events WHERE id > 3000");
            }
        }
        assertThat(query(split, "SELECT count(*) || '/' || count(DISTINCT id) FROM data.events"))
                .isEqualTo("3500/3500");
        assertThat(cursor(split)).isEqualTo(cursor(single));
        assertThat(String.valueOf(((Map<?, ?>) cursor(split)).get("last_value"))).isEqualTo("35000");
    }

    /** A timestamp cursor is cut into windows of it, to the microsecond, on Spark as without it (SplitWindowsTest). */
    @Test
    void anIncrementalTableWithATimestampCursorIsCutIntoWindowsOfItsCursor() throws Exception {
        try (Connection c = DriverManager.getConnection(PG_JDBC); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + SCHEMA + ".stamped (id bigint PRIMARY KEY, at timestamp NOT NULL)");
            s.execute("INSERT INTO " + SCHEMA + ".stamped SELECT g, timestamp '2024-01-01' + g * interval '1 hour'"
                    + " FROM generate_series(1, 40) g");
        }
        Map<String, Object> settings = Map.of("credentials", PG, "schema", SCHEMA, "table_names", List.of("stamped"),
                "incremental", "at");
        Pipeline single = pipeline("stamped_single");
        single.run(new SqlDatabaseSourceFactory().create("shop", settings, single.config()));

        Pipeline split = pipeline("stamped_split");
        List<SourcePartition> parts = SparkPipelines.split(split, "sql_database", "shop", settings, 2);
        // 39 hours and one microsecond of keys in two: the first window one microsecond longer
        assertThat(parts).extracting(SourcePartition::description).containsExactly(
                "stamped.at in [2024-01-01T01:00:00, 2024-01-01T20:30:00.000001)",
                "stamped.at in [2024-01-01T20:30:00.000001, 2024-01-02T16:00:00]");
        LoadInfo info = SparkPipelines.run(spark, split, parts);
        assertThat(info.rowCounts()).containsEntry("stamped", 40L);
        assertSame(single, split, "shop", List.of("stamped"));
        Map<?, ?> a = (Map<?, ?>) single.state().sources().get("shop").resource("stamped").get("incremental");
        Map<?, ?> b = (Map<?, ?>) split.state().sources().get("shop").resource("stamped").get("incremental");
        assertThat(b).isEqualTo(a).isNotEmpty();
    }

    @Test
    void aSqlSourceOfThreeTablesSplitsEachTableByItsOwnRanges() throws Exception {
        // a JVM adds tables to the schema in the order their first rows arrive, which may vary from run to
        // run; the version hash does not depend on it (SchemaVersionHashTest)
        Map<String, Object> settings = Map.of("credentials", PG, "schema", SCHEMA, "table_names",
                List.of("customers", "orders", "notes"), "workers", 1);
        Pipeline single = pipeline("tables_single");
        single.run(new SqlDatabaseSourceFactory().create("shop", settings, single.config()));

        Pipeline split = pipeline("tables_split");
        List<SourcePartition> parts = SparkPipelines.split(split, "sql_database", "shop", settings, 6);
        assertThat(parts).extracting(SourcePartition::description).containsExactly("customers.id in [1, 500]",
                "orders.id in [1, 801)", "orders.id in [801, 1601)", "orders.id in [1601, 2401)",
                "orders.id in [2401, 3201)", "orders.id in [3201, 4000]", "table notes (whole)");
        LoadInfo info = SparkPipelines.run(spark, split, parts);
        assertThat(info.rowCounts()).containsEntry("customers", 500L).containsEntry("orders", 4000L)
                .containsEntry("notes", 50L);
        assertSame(single, split, "shop", List.of("customers", "orders", "notes"));
    }

    @Test
    void aFilesystemSourceOfTwoGlobsSplitsEachGlobByFiles() throws Exception {
        Map<String, Object> users = new LinkedHashMap<>();
        users.put("file_glob", "users/*.csv");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bucket_url", dir.resolve("files").toUri().toString());
        settings.put("file_glob", "clicks/*.jsonl");
        settings.put("table_name", "clicks");
        settings.put("resources", Map.of("users", users));
        Pipeline single = pipeline("globs_single");
        single.run(new FilesystemSourceFactory().create("files", settings, single.config()));

        Pipeline split = pipeline("globs_split");
        List<SourcePartition> parts = SparkPipelines.split(split, "filesystem", "files", settings, 4);
        assertThat(parts).extracting(SourcePartition::description).containsExactly(
                "clicks: 3 files clicks/c-00.jsonl .. clicks/c-02.jsonl",
                "clicks: 3 files clicks/c-03.jsonl .. clicks/c-05.jsonl", "users: 3 files users/u-0.csv .. users/u-2.csv");
        LoadInfo info = SparkPipelines.run(spark, split, parts);
        assertThat(info.rowCounts()).containsEntry("clicks", 600L).containsEntry("users", 120L);
        assertSame(single, split, "files", List.of("clicks", "users"));
    }

    private static Object cursor(Pipeline p) {
        Map<?, ?> inc = (Map<?, ?>) p.state().sources().get("shop").resource("events").get("incremental");
        return inc.get("seq");
    }

    /** Same columns in the same order, same rows (as text, without the load columns), same stored schema. */
    private static void assertSame(Pipeline single, Pipeline split, String source, List<String> tables)
            throws Exception {
        for (String table : tables) {
            List<String> columns = columns(single, table);
            assertThat(columns(split, table)).as(table).isEqualTo(columns);
            String row = "concat_ws('|', " + String.join(", ", columns.stream()
                    .filter(c -> !c.equals("_dlt_id") && !c.equals("_dlt_load_id")).map(c -> '"' + c + '"').toList()) + ")";
            String sql = "SELECT count(*) || '/' || sum(hash(" + row + ")::hugeint) FROM data." + table;
            assertThat(query(split, sql)).as(table).isEqualTo(query(single, sql));
        }
        Schema a = new PipelineStorage(single.workingDir()).schema(source).orElseThrow();
        Schema b = new PipelineStorage(split.workingDir()).schema(source).orElseThrow();
        // the order tables were added is not part of a schema's content (dlt's version hash ignores it);
        // every table, its columns in order and its hints are
        assertThat(b.tables().keySet()).containsExactlyInAnyOrderElementsOf(a.tables().keySet());
        assertThat(b.tables()).isEqualTo(a.tables());
        assertThat(query(split, "SELECT count(*) FROM data._dlt_version WHERE version_hash = '" + a.versionHash()
                + "'")).isEqualTo("1");
    }

    static List<String> columns(Pipeline p, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(p); ResultSet rs = c.createStatement().executeQuery("SELECT column_name FROM"
                + " information_schema.columns WHERE table_schema = 'data' AND table_name = '" + table
                + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static String query(Pipeline p, String sql) throws Exception {
        try (Connection c = connect(p); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect(Pipeline p) throws Exception {
        return DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(p.name() + ".duckdb"));
    }
}
