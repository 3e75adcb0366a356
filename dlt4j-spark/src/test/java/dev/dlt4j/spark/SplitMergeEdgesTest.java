package dev.dlt4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Incremental;
import dev.dlt4j.LastValueFunc;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.PartitionCommit;
import dev.dlt4j.PartitionPlan;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.Transformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committer's merge of incremental cursors at its edges, without Spark: hand-made partitions run
 * by {@link Pipeline#runPartition} in folders of their own and committed by
 * {@link Pipeline#commitPartitions}, against one JVM reading all their rows.
 */
class SplitMergeEdgesTest {
    @TempDir
    Path dir;

    private Pipeline pipeline(String run) {
        return Pipeline.builder("p").destination("duckdb:" + dir.resolve(run + ".duckdb")).dataset("data")
                .pipelinesDir(dir.resolve(run)).build();
    }

    /** Runs each source as one partition of a split run, in its own folder, and commits them. */
    private Pipeline splitRun(String run, List<Source> partitions) {
        Pipeline driver = pipeline(run);
        PartitionPlan plan = driver.planPartitions("nums");
        List<PartitionCommit> commits = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            Pipeline executor = Pipeline.builder("p").destination("duckdb:" + dir.resolve(run + ".duckdb"))
                    .dataset("data").pipelinesDir(dir.resolve(run + "-p" + i)).restoreFromDestination(false).build();
            commits.add(executor.runPartition(partitions.get(i), i, "a" + i, plan));
        }
        driver.commitPartitions(plan, commits, partitions.size());
        return driver;
    }

    private static Object cursor(Pipeline p, String resource, String path) {
        return ((Map<?, ?>) p.state().sources().get("nums").resource(resource).get("incremental")).get(path);
    }

    private static List<Map<String, Object>> rows(int from, int to, IntFunction<Integer> at) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", i);
            row.put("at", at.apply(i));
            out.add(row);
        }
        return out;
    }

    /**
     * The cursor is on a transformer's parent, which is not one of the source's resources: the
     * committer must still merge it by its {@code min}, as one JVM ends on the smallest id.
     */
    @Test
    void aMinCursorOnATransformersParentMergesByMin() {
        IntFunction<Source> source = part -> {
            List<Map<String, Object>> ids = part < 0 ? rows(0, 20, i -> i) : rows(part * 10, part * 10 + 10, i -> i);
            Resource parent = Resource.of("ids", ids).incremental(Incremental.on("id").initial(100)
                    .lastValueFunc(LastValueFunc.MIN));
            return Source.of("nums", Transformer.from("rows", parent, item -> item));
        };
        Pipeline single = pipeline("parent_single");
        single.run(source.apply(-1));
        Pipeline split = splitRun("parent_split", List.of(source.apply(0), source.apply(1)));
        assertThat(cursor(split, "ids", "id")).isEqualTo(cursor(single, "ids", "id"));
        assertThat(String.valueOf(((Map<?, ?>) cursor(split, "ids", "id")).get("last_value"))).isEqualTo("0");
    }

    /**
     * Key ranges whose cursor ends on the same value in both partitions: the run's boundary hashes are
     * both partitions' rows at that value, so the next run (one JVM) loads none of them again.
     */
    @Test
    void partitionsEndingOnOneCursorValueKeepEveryBoundaryRow() {
        IntFunction<Source> source = part -> {
            List<Map<String, Object>> rs = part < 0 ? rows(0, 10, i -> Math.min(i % 5, 3)) : rows(part * 5,
                    part * 5 + 5, i -> Math.min(i % 5, 3));
            return Source.of("nums", Resource.of("rows", rs).incremental(Incremental.on("at")));
        };
        Pipeline single = pipeline("tie_single");
        single.run(source.apply(-1));
        Pipeline split = splitRun("tie_split", List.of(source.apply(0), source.apply(1)));
        assertThat(cursor(split, "rows", "at")).isEqualTo(cursor(single, "rows", "at"));
        LoadInfo next = split.run(source.apply(-1));
        assertThat(next.rowCounts().getOrDefault("rows", 0L)).isZero();
    }
}
