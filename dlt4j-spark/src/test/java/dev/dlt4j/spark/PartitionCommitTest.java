package dev.dlt4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.PartitionCommit;
import dev.dlt4j.PartitionPlan;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.spi.SourcePartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committer without Spark: partitions run by {@link Pipeline#runPartition} in folders of their
 * own, as Spark tasks do, and committed by {@link Pipeline#commitPartitions} in any order and with
 * duplicates, as retried and speculative tasks deliver them.
 */
class PartitionCommitTest {
    @TempDir
    Path dir;

    private Pipeline driver() {
        return Pipeline.builder("p").destination("duckdb:" + dir.resolve("db.duckdb")).dataset("data")
                .pipelinesDir(dir.resolve("driver")).build();
    }

    private PartitionCommit run(SourcePartition part, PartitionPlan plan, String attempt) {
        Pipeline executor = Pipeline.builder("p").destination("duckdb:" + dir.resolve("db.duckdb")).dataset("data")
                .pipelinesDir(dir.resolve("shared").resolve(attempt)).restoreFromDestination(false).build();
        Source source = new NumbersSourceFactory().create(part.name(), part.settings(), executor.config());
        return executor.runPartition(source, part.index(), attempt, plan);
    }

    @Test
    void aPartitionCommittedTwiceLoadsOnceAndFinishOrderDoesNotMatter() throws Exception {
        Pipeline driver = driver();
        List<SourcePartition> parts = new NumbersSourceFactory().split("nums",
                Map.of("from", 0, "to", 300, "extra_from", 250), driver.config(), 3);
        PartitionPlan plan = driver.planPartitions("nums");
        PartitionCommit p0 = run(parts.get(0), plan, "p0");
        PartitionCommit p1 = run(parts.get(1), plan, "p1-first");
        PartitionCommit p1again = run(parts.get(1), plan, "p1-speculative");
        PartitionCommit p2 = run(parts.get(2), plan, "p2");
        // the last partition (with the extra column) finishes first; partition 1 twice
        LoadInfo info = driver.commitPartitions(plan, List.of(p2, p1again, p0, p1), 3);

        assertThat(info.loadIds()).containsExactly(plan.loadId());
        assertThat(info.rowCounts()).containsEntry("numbers", 300L);
        assertThat(SparkPipelinesTest.count(dir.resolve("db.duckdb"), "SELECT count(*), count(DISTINCT id) FROM"
                + " data.numbers")).isEqualTo("300/300");
        // the commit that reached the driver first is loaded; the other attempt's files stay where it wrote them
        assertThat(Files.list(Path.of(p1again.packagePath()).resolve("new_jobs")).count()).isZero();
        assertThat(Files.list(Path.of(p1.packagePath()).resolve("new_jobs")).count()).isPositive();
        // merged in partition order: extra, seen only by the last partition, is the last column
        assertThat(SparkPipelinesTest.columnsOf(dir.resolve("db.duckdb"), "numbers"))
                .containsExactly("id", "name", "_dlt_load_id", "_dlt_id", "extra");
    }

    /**
     * Windows of a {@code min} cursor: the run's cursor ends on partition 0's last value (the
     * smallest), not on the last partition's, and with its boundary hashes: the state of one JVM.
     */
    @Test
    void cursorsOfIncrementalWindowsMergeByTheirLastValueFunctionNotByPartitionOrder() throws Exception {
        Map<String, Object> settings = Map.of("from", 0, "to", 300, "incremental", "min");
        Pipeline single = Pipeline.builder("p").destination("duckdb:" + dir.resolve("single.duckdb")).dataset("data")
                .pipelinesDir(dir.resolve("single")).build();
        single.run(new NumbersSourceFactory().create("nums", settings, single.config()));

        Pipeline driver = driver();
        List<SourcePartition> parts = new NumbersSourceFactory().split("nums", settings, driver.config(), 3);
        PartitionPlan plan = driver.planPartitions("nums");
        List<PartitionCommit> commits = new ArrayList<>();
        for (SourcePartition part : parts) {
            commits.add(run(part, plan, "w" + part.index()));
        }
        assertThat(commits.get(0).cursorFunctions()).isEqualTo(Map.of("numbers", Map.of("id", "min")));
        driver.commitPartitions(plan, commits, 3);

        Object cursor = incremental(driver);
        assertThat(cursor).isEqualTo(incremental(single));
        assertThat(String.valueOf(((Map<?, ?>) cursor).get("last_value"))).isEqualTo("0");
    }

    @Test
    void cursorsOfACustomLastValueFunctionMovedByTwoPartitionsAreRefusedNamingTheCursor() {
        Pipeline driver = driver();
        List<SourcePartition> parts = new NumbersSourceFactory().split("nums",
                Map.of("from", 0, "to", 20, "incremental", "custom"), driver.config(), 2);
        PartitionPlan plan = driver.planPartitions("nums");
        List<PartitionCommit> commits = List.of(run(parts.get(0), plan, "c0"), run(parts.get(1), plan, "c1"));
        assertThatThrownBy(() -> driver.commitPartitions(plan, commits, 2))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("resource numbers: two partitions moved incremental 'id' (last values 9 and 19),"
                        + " whose last value function bigger the committer cannot compare");
        assertThat(driver.state().sources()).isEmpty();
    }

    static Object incremental(Pipeline p) {
        return ((Map<?, ?>) p.state().sources().get("nums").resource("numbers").get("incremental")).get("id");
    }

    @Test
    void aMissingPartitionLoadsNothingAndSaysWhich() {
        Pipeline driver = driver();
        List<SourcePartition> parts = new NumbersSourceFactory().split("nums", Map.of("from", 0, "to", 30),
                driver.config(), 3);
        PartitionPlan plan = driver.planPartitions("nums");
        List<PartitionCommit> commits = new ArrayList<>(List.of(run(parts.get(0), plan, "a"),
                run(parts.get(2), plan, "c")));
        assertThatThrownBy(() -> driver.commitPartitions(plan, commits, 3))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("partition 1 of 3 has no commit")
                .hasMessageContaining("nothing was loaded");
        assertThat(driver.state().sources()).isEmpty();
    }

    @Test
    void aCommitOfAnotherPlanIsRefused() {
        Pipeline driver = driver();
        List<SourcePartition> parts = new NumbersSourceFactory().split("nums", Map.of("from", 0, "to", 10),
                driver.config(), 1);
        PartitionPlan old = driver.planPartitions("nums");
        PartitionCommit stale = run(parts.get(0), old, "old");
        PartitionPlan plan = driver.planPartitions("nums");
        assertThatThrownBy(() -> driver.commitPartitions(plan, List.of(stale), 1))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("partition 0 (attempt old) wrote load " + old.loadId() + ", not this run's load "
                        + plan.loadId());
    }

    @Test
    void twoPartitionsThatInferAColumnDifferentlyAreNamedNotMerged() {
        Pipeline driver = driver();
        PartitionPlan plan = driver.planPartitions("mixed");
        PartitionCommit a = runMixed(plan, 0, 42L);
        PartitionCommit b = runMixed(plan, 1, "forty-two");
        assertThatThrownBy(() -> driver.commitPartitions(plan, List.of(a, b), 2))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("partition 1 inferred column things.v as text (before: bigint)")
                .hasMessageContaining("column hint");
    }

    @Test
    void aPartitionNeverShowsItsSettings() {
        SourcePartition p = new SourcePartition(0, "sql_database", "shop",
                Map.of("credentials", "postgresql://loader:s3cret@db:5432/shop"), "orders.id in [1, 2)");
        assertThat(p.toString()).isEqualTo("partition 0 of sql_database source shop (orders.id in [1, 2))")
                .doesNotContain("s3cret");
    }

    private PartitionCommit runMixed(PartitionPlan plan, int index, Object value) {
        Pipeline executor = Pipeline.builder("p").destination("duckdb:" + dir.resolve("db.duckdb")).dataset("data")
                .pipelinesDir(dir.resolve("mixed" + index)).restoreFromDestination(false).build();
        Source source = Source.of("mixed", Resource.of("things", List.of(Map.of("v", value))));
        return executor.runPartition(source, index, "a" + index, plan);
    }
}
