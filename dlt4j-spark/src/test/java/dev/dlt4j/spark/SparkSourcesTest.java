package dev.dlt4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.spi.SourcePartition;
import dev.dlt4j.storage.PipelineStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A folder of 20 files split by files, on Spark local mode, into DuckDB and PostgreSQL: the same
 * tables, column order, rows and stored schema as a single-JVM run of the same source settings (the
 * SQL source's 8 key ranges: {@link SparkTwoMillionRowsTest}).
 */
class SparkSourcesTest {
    static final String PG = "postgresql://postgres@127.0.0.1:5432/test";
    static final String PG_JDBC = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkTests.session();
        Path files = Files.createDirectories(dir.resolve("files"));
        for (int f = 0; f < 20; f++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 250; i++) {
                int id = f * 250 + i;
                sb.append("{\"id\": ").append(id).append(", \"kind\": \"k").append(id % 7).append("\", \"value\": ")
                        .append(id * 1.5);
                if (f == 13) {
                    sb.append(", \"late\": true"); // a column only one partition sees
                }
                sb.append("}\n");
            }
            Files.writeString(files.resolve(String.format("part-%02d.jsonl", f)), sb.toString());
        }
    }

    private static Pipeline pipeline(String destination, String run) {
        String dataset = "spark_" + run + "_" + UUID.randomUUID().toString().substring(0, 8);
        String target = destination.equals("duckdb") ? "duckdb:" + dir.resolve("db-" + dataset + ".duckdb") : PG;
        return Pipeline.builder("p_" + run).destination(target).dataset(dataset)
                .pipelinesDir(dir.resolve("pipelines-" + dataset)).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "postgres"})
    void aFolderOf20FilesSplitByFilesLoadsAsOneJvmDoes(String destination) throws Exception {
        Map<String, Object> settings = Map.of("bucket_url", dir.resolve("files").toUri().toString(),
                "file_glob", "*.jsonl", "table_name", "events");
        Pipeline single = pipeline(destination, "files1");
        single.run(new dev.dlt4j.source.filesystem.FilesystemSourceFactory().create("files", settings,
                single.config()));

        Pipeline split = pipeline(destination, "files8");
        List<SourcePartition> parts = SparkPipelines.split(split, "filesystem", "files", settings, 8);
        assertThat(parts).hasSize(8);
        assertThat(parts.get(0).description()).isEqualTo("2 files part-00.jsonl .. part-01.jsonl");
        LoadInfo info = SparkPipelines.run(spark, split, parts);

        assertThat(info.rowCounts()).containsEntry("events", 5000L);
        assertSame(destination, single, split, "files", "events", "concat_ws('|', id, kind, value, late)");
        assertThat(columns(destination, split, "events")).endsWith("late");
    }

    private static void assertSame(String destination, Pipeline single, Pipeline split, String source, String table,
            String rowText) throws Exception {
        assertThat(columns(destination, split, table)).isEqualTo(columns(destination, single, table));
        String fingerprint = "SELECT count(*) || '/' || count(DISTINCT id) || '/' || md5(string_agg(" + rowText
                + ", ',' ORDER BY id)) FROM " + split.datasetName() + "." + table;
        String splitRows = query(destination, split, fingerprint);
        String singleRows = query(destination, single,
                fingerprint.replace(split.datasetName() + ".", single.datasetName() + "."));
        assertThat(splitRows).isEqualTo(singleRows).startsWith(count(single, destination, table) + "/");
        Schema a = new PipelineStorage(single.workingDir()).schema(source).orElseThrow();
        Schema b = new PipelineStorage(split.workingDir()).schema(source).orElseThrow();
        assertThat(b.tables()).isEqualTo(a.tables());
        assertThat(b.version()).isEqualTo(a.version());
        // the version the destination stores is the same schema
        assertThat(query(destination, split, "SELECT count(*) FROM " + split.datasetName()
                + "._dlt_version WHERE version_hash = '" + a.versionHash() + "'")).isEqualTo("1");
        assertThat(query(destination, split, "SELECT count(*) FROM " + split.datasetName() + "._dlt_loads"))
                .isEqualTo("1");
    }

    private static String count(Pipeline p, String destination, String table) throws Exception {
        return query(destination, p, "SELECT count(*) FROM " + p.datasetName() + "." + table);
    }

    static List<String> columns(String destination, Pipeline p, String table) throws Exception {
        return DestinationReads.columns(dir, destination, p, table);
    }

    static String query(String destination, Pipeline p, String sql) throws Exception {
        return DestinationReads.query(dir, destination, p, sql);
    }

    static Connection connect(String destination, Pipeline p) throws Exception {
        return DestinationReads.connect(dir, destination, p);
    }
}
