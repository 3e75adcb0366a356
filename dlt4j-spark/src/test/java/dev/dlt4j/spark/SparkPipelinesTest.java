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
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's splittable source on Spark local mode against the same source in one JVM, into DuckDB. */
class SparkPipelinesTest {
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTests.session();
        assertThat(spark.sparkContext().getConf().get("spark.speculation")).isEqualTo("true");
    }

    @TempDir
    Path dir;

    private Pipeline pipeline(String name) {
        return Pipeline.builder("p").destination("duckdb:" + dir.resolve(name + ".duckdb")).dataset("data")
                .pipelinesDir(dir.resolve(name)).build();
    }

    @Test
    void aColumnOnlyOnePartitionSeesEndsInTheSameSchemaAndRowsAsOneJvm() throws Exception {
        Map<String, Object> settings = Map.of("from", 0, "to", 4000, "extra_from", 2500);
        Pipeline single = pipeline("single");
        single.run(new NumbersSourceFactory().create("nums", settings, single.config()));

        Pipeline split = pipeline("split");
        List<SourcePartition> parts = SparkPipelines.split(split, "test_numbers", "nums", settings, 4);
        assertThat(parts).hasSize(4);
        LoadInfo info = SparkPipelines.run(spark, split, parts);

        assertThat(info.loadIds()).hasSize(1);
        assertThat(info.rowCounts()).containsEntry("numbers", 4000L);
        assertThat(columns(split, "numbers")).isEqualTo(columns(single, "numbers"))
                .containsSubsequence("id", "name", "_dlt_load_id", "_dlt_id", "extra");
        assertThat(rows(split)).isEqualTo(rows(single));
        assertThat(storedSchema(split).tables()).isEqualTo(storedSchema(single).tables());
        assertThat(storedSchema(split).version()).isEqualTo(storedSchema(single).version());
        assertThat(split.state().toJson().replaceAll("\"_state_version\":\\d+", ""))
                .isNotBlank();
        // the partitions' folders are gone once the run loaded
        assertThat(Files.exists(split.workingDir().resolve("partitions").resolve(info.loadIds().get(0)))).isFalse();
    }

    @Test
    void aPartitionTaskThatFailsOnceIsRetriedAndEveryRowLoadsOnce() throws Exception {
        Map<String, Object> settings = Map.of("from", 0, "to", 2000, "fail_once",
                dir.resolve("fault-marker").toString());
        Pipeline split = pipeline("fault");
        LoadInfo info = SparkPipelines.run(spark, split,
                SparkPipelines.split(split, "test_numbers", "nums", settings, 4));
        assertThat(Files.exists(dir.resolve("fault-marker"))).as("the fault was injected").isTrue();
        assertThat(info.rowCounts()).containsEntry("numbers", 2000L);
        assertThat(count(split, "SELECT count(*), count(DISTINCT id) FROM data.numbers")).isEqualTo("2000/2000");
    }

    /**
     * Speculative execution's case with real Spark tasks: Spark's local mode never starts a
     * speculative copy ({@code TaskSchedulerImpl.start} runs the speculation check only when not
     * local), so partitions 1 and 2 are run twice each as concurrent tasks of one job: both attempts
     * write a whole package on shared storage and both commits reach the committer.
     */
    @Test
    void twoAttemptsOfOnePartitionThatBothFinishLoadItsRowsOnce() throws Exception {
        Pipeline split = pipeline("speculative");
        List<SourcePartition> parts = SparkPipelines.split(split, "test_numbers", "nums",
                Map.of("from", 0, "to", 4000), 4);
        List<SourcePartition> tasks = new ArrayList<>(parts);
        tasks.add(parts.get(2));
        tasks.add(1, parts.get(1)); // the copy of partition 1 runs next to the original
        java.util.concurrent.atomic.AtomicInteger succeeded = new java.util.concurrent.atomic.AtomicInteger();
        org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                if (end.taskInfo().successful()) {
                    succeeded.incrementAndGet();
                }
            }
        };
        spark.sparkContext().addSparkListener(listener);
        LoadInfo info;
        try {
            info = SparkPipelines.runTasks(spark, split, tasks, parts.size(), split.workingDir().resolve("partitions"));
        } finally {
            spark.sparkContext().listenerBus().waitUntilEmpty();
            spark.sparkContext().removeSparkListener(listener);
        }
        assertThat(succeeded.get()).as("six tasks finished, two of them second attempts").isEqualTo(6);
        assertThat(info.rowCounts()).containsEntry("numbers", 4000L);
        assertThat(count(split, "SELECT count(*), count(DISTINCT id) FROM data.numbers")).isEqualTo("4000/4000");
        assertThat(count(split, "SELECT count(*), count(DISTINCT load_id) FROM data._dlt_loads")).isEqualTo("1/1");
    }

    /**
     * A user source's incremental backfill split into {@code [start, end)} windows of its cursor, the
     * last one past the data (empty), then a normal incremental run after new rows arrived: the
     * backfill ends on the state one JVM writes, and every row loads once.
     */
    @Test
    void anIncrementalBackfillInWindowsContinuesInOneJvmWithEveryRowOnce() throws Exception {
        Map<String, Object> backfill = Map.of("from", 0, "to", 4000, "rows_to", 3000, "incremental", "max");
        Pipeline single = pipeline("inc-single");
        single.run(new NumbersSourceFactory().create("nums", backfill, single.config()));

        Pipeline split = pipeline("inc-split");
        List<SourcePartition> parts = SparkPipelines.split(split, "test_numbers", "nums", backfill, 4);
        assertThat(parts).extracting(SourcePartition::description).containsExactly("id in [0, 1000)",
                "id in [1000, 2000)", "id in [2000, 3000)", "id in [3000, 4000)");
        LoadInfo info = SparkPipelines.run(spark, split, parts);
        assertThat(info.rowCounts()).containsEntry("numbers", 3000L);
        assertThat(PartitionCommitTest.incremental(split)).isEqualTo(PartitionCommitTest.incremental(single));

        // new rows arrive; the next run is a normal one in this JVM and continues from the backfill's cursor
        LoadInfo next = split.run(new NumbersSourceFactory().create("nums",
                Map.of("from", 0, "to", 6000, "rows_to", 5000, "incremental", "max"), split.config()));
        assertThat(next.rowCounts()).containsEntry("numbers", 2000L);
        assertThat(count(split, "SELECT count(*), count(DISTINCT id) FROM data.numbers")).isEqualTo("5000/5000");
        assertThat(String.valueOf(((Map<?, ?>) PartitionCommitTest.incremental(split)).get("last_value"))).isEqualTo("4999");
    }

    @Test
    void aPartitionThatFailsEveryAttemptLoadsNothingAndLeavesTheStateAsItWas() {
        Pipeline split = pipeline("failing");
        List<SourcePartition> parts = SparkPipelines.split(split, "test_numbers", "nums",
                Map.of("from", 0, "to", 400, "fail_always", true), 4);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SparkPipelines.run(spark, split, parts))
                .isInstanceOf(dev.dlt4j.PipelineException.class)
                .hasMessageContaining("a partition of source nums failed on Spark")
                .hasMessageContaining("injected fault: every attempt of 100..200")
                .hasMessageContaining("nothing was loaded");
        assertThat(split.state().sources()).isEmpty();
        assertThat(split.rowCounts().orElseThrow()).doesNotContainKey("numbers");
    }

    @Test
    void aPendingPackageOfAnEarlierRunIsLoadedBeforeTheSplitRunPlans() throws Exception {
        Pipeline split = pipeline("pending");
        // a run stopped after extract: its package is pending
        split.extract(new NumbersSourceFactory().create("nums", Map.of("from", 1000, "to", 1100), split.config()));
        LoadInfo info = SparkPipelines.run(spark, split,
                SparkPipelines.split(split, "test_numbers", "nums", Map.of("from", 0, "to", 1000), 4));
        assertThat(info.rowCounts()).containsEntry("numbers", 1000L);
        assertThat(count(split, "SELECT count(*), count(DISTINCT id) FROM data.numbers")).isEqualTo("1100/1100");
        assertThat(count(split, "SELECT count(*), count(DISTINCT load_id) FROM data._dlt_loads")).isEqualTo("2/2");
    }

    static Schema storedSchema(Pipeline p) {
        return new PipelineStorage(p.workingDir()).schema("nums").orElseThrow();
    }

    static List<String> columns(Pipeline p, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dbFile(p));
                ResultSet rs = c.createStatement().executeQuery("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_schema = 'data' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static List<String> rows(Pipeline p) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dbFile(p));
                ResultSet rs = c.createStatement().executeQuery("SELECT id, name, extra FROM data.numbers ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getObject(3));
            }
        }
        return out;
    }

    static String count(Pipeline p, String sql) throws Exception {
        return count(Path.of(dbFile(p)), sql);
    }

    static List<String> columnsOf(Path db, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_schema = 'data' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static String count(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getLong(2);
        }
    }

    private static String dbFile(Pipeline p) {
        return p.workingDir().getParent().getParent().resolve(p.workingDir().getParent().getFileName() + ".duckdb")
                .toString();
    }
}
