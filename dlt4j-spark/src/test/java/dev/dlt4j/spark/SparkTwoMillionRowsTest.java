package dev.dlt4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.source.sql.SqlDatabaseSourceFactory;
import dev.dlt4j.spi.SourcePartition;
import dev.dlt4j.storage.PipelineStorage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's scale test: a 2M-row PostgreSQL table split into 8 key ranges on Spark local mode
 * loads into DuckDB and PostgreSQL with the same tables, column order, rows and stored schema as a
 * single-JVM run of the same source. The table is made in the database ({@code generate_series})
 * and the tables are compared by aggregates computed in the database (count, distinct ids and a sum
 * of the rows' md5 hashes without {@code _dlt_id} / {@code _dlt_load_id}), never read into the test.
 */
class SparkTwoMillionRowsTest {
    static final String PG = "postgresql://postgres@127.0.0.1:5432/test";
    static final String PG_JDBC = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String SCHEMA = "sparkscale_src";
    static final int ROWS = 2_000_000;
    static final String ROW_TEXT = "concat_ws('|', id, customer, amount, created_at, note)";

    static SparkSession spark;
    static final List<String> datasets = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkTests.session();
        try (Connection c = DriverManager.getConnection(PG_JDBC); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            s.execute("DROP TABLE IF EXISTS " + SCHEMA + ".orders");
            s.execute("CREATE TABLE " + SCHEMA + ".orders (id bigint PRIMARY KEY, customer varchar(40) NOT NULL,"
                    + " amount numeric(12,2), created_at timestamp NOT NULL, note text)");
            s.execute("INSERT INTO " + SCHEMA + ".orders SELECT g, 'customer ' || (g % 997), (g % 10000) / 100.0,"
                    + " timestamp '2024-01-01' + g * interval '1 second', CASE WHEN g % 5 = 0 THEN NULL ELSE"
                    + " 'n' || g END FROM generate_series(1, " + ROWS + ") g");
            s.execute("ANALYZE " + SCHEMA + ".orders");
        }
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        try (Connection c = DriverManager.getConnection(PG_JDBC); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            for (String d : datasets) {
                s.execute("DROP SCHEMA IF EXISTS " + d + " CASCADE");
            }
        }
    }

    private static Pipeline pipeline(String destination, String run) {
        String dataset = "sparkscale_" + destination + "_" + run;
        datasets.add(dataset);
        String target = destination.equals("duckdb") ? "duckdb:" + dir.resolve("db-" + dataset + ".duckdb") : PG;
        // PostgreSQL without the unique index on _dlt_id (create_indexes = false, for both runs): the
        // index on random ids costs COPY most of its time, and this test is about the rows, not the index
        return Pipeline.builder("sparkscale_" + run).destination(target).dataset(dataset)
                .environment(Map.of("DESTINATION__POSTGRES__CREATE_INDEXES", "false"))
                .pipelinesDir(dir.resolve("pipelines-" + dataset)).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "postgres"})
    void aTwoMillionRowTableSplitInto8KeyRangesLoadsAsOneJvmDoes(String destination) throws Exception {
        Map<String, Object> settings = Map.of("credentials", PG, "schema", SCHEMA, "table_names", List.of("orders"));
        long t0 = System.nanoTime();
        Pipeline single = pipeline(destination, "single");
        single.run(new SqlDatabaseSourceFactory().create("shop", settings, single.config()));
        long t1 = System.nanoTime();

        Pipeline split = pipeline(destination, "split");
        List<SourcePartition> parts = SparkPipelines.split(split, "sql_database", "shop", settings, 8);
        assertThat(parts).extracting(SourcePartition::description).containsExactly(
                "orders.id in [1, 250001)", "orders.id in [250001, 500001)", "orders.id in [500001, 750001)",
                "orders.id in [750001, 1000001)", "orders.id in [1000001, 1250001)",
                "orders.id in [1250001, 1500001)", "orders.id in [1500001, 1750001)",
                "orders.id in [1750001, 2000000]");
        LoadInfo info = SparkPipelines.run(spark, split, parts);
        long t2 = System.nanoTime();
        System.out.printf("sparkscale 2M rows into %s: single JVM %.1f s, split on Spark %.1f s%n", destination,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);

        assertThat(info.loadIds()).hasSize(1);
        assertThat(info.rowCounts()).containsEntry("orders", (long) ROWS);
        assertThat(columns(destination, split)).isEqualTo(columns(destination, single))
                .startsWith("id", "customer", "amount", "created_at", "note", "_dlt_load_id", "_dlt_id");
        String splitRows = fingerprint(destination, split);
        assertThat(splitRows).isEqualTo(fingerprint(destination, single)).startsWith(ROWS + "/1/" + ROWS + "/");
        Schema a = new PipelineStorage(single.workingDir()).schema("shop").orElseThrow();
        Schema b = new PipelineStorage(split.workingDir()).schema("shop").orElseThrow();
        assertThat(b.tables()).isEqualTo(a.tables());
        assertThat(b.version()).isEqualTo(a.version());
        assertThat(query(destination, split, "SELECT count(*) FROM " + split.datasetName()
                + "._dlt_version WHERE version_hash = '" + a.versionHash() + "'")).isEqualTo("1");
        assertThat(query(destination, split, "SELECT count(*) FROM " + split.datasetName() + "._dlt_loads"))
                .isEqualTo("1");
        // every row carries the split run's one load id
        assertThat(query(destination, split, "SELECT min(_dlt_load_id) FROM " + split.datasetName() + ".orders"))
                .isEqualTo(info.loadIds().get(0));
    }

    /**
     * Rows, load ids, the id range and the sum of the rows' hashes (order-independent: a missing or
     * doubled row changes it), computed in the database: no sort of 2M rows, nothing read into the test.
     */
    private static String fingerprint(String destination, Pipeline p) throws Exception {
        String hash = destination.equals("duckdb")
                ? "sum(hash(" + ROW_TEXT + ")::hugeint)"
                : "sum(('x' || left(md5(" + ROW_TEXT + "), 15))::bit(60)::bigint)";
        return query(destination, p, "SELECT count(*) || '/' || (CASE WHEN min(_dlt_load_id) = max(_dlt_load_id)"
                + " THEN 1 ELSE 2 END) || '/' || max(id) || '/' || min(id) || '/' || " + hash + " FROM "
                + p.datasetName() + ".orders");
    }

    static List<String> columns(String destination, Pipeline p) throws Exception {
        return DestinationReads.columns(dir, destination, p, "orders");
    }

    static String query(String destination, Pipeline p, String sql) throws Exception {
        return DestinationReads.query(dir, destination, p, sql);
    }

    static Connection connect(String destination, Pipeline p) throws Exception {
        return DestinationReads.connect(dir, destination, p);
    }
}
