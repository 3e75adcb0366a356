package dev.dlt4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.PartitionTrace;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineTrace;
import dev.dlt4j.StepTrace;
import dev.dlt4j.spi.SourcePartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace and times of a split run: a folder of files with nested lists (a child table) split by
 * files on Spark local mode into DuckDB. The run's trace has an extract, a normalize and a load step,
 * the first two built from the partitions' own figures, with rows per table that agree with what the
 * destination holds.
 */
class SparkTraceTest {
    @TempDir
    Path dir;

    @Test
    void aSplitRunsTraceHasExtractAndNormalizeStepsWithTheRowsTheDestinationHolds() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int f = 0; f < 6; f++) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                int id = f * 50 + i;
                // every third row has two tags: 100 rows of events__tags
                lines.append("{\"id\": ").append(id).append(id % 3 == 0 ? ", \"tags\": [\"a\", \"b\"]" : "")
                        .append("}\n");
            }
            Files.writeString(in.resolve("part-" + f + ".jsonl"), lines);
        }
        Path db = dir.resolve("sparktrace.duckdb");
        List<String> blocks = new java.util.concurrent.CopyOnWriteArrayList<>();
        Pipeline pipeline = Pipeline.builder("sparktrace").destination("duckdb:" + db).dataset("data")
                .pipelinesDir(dir.resolve("pipelines"))
                .progress(dev.dlt4j.ProgressCollector.log(Duration.ofHours(1), blocks::add)).build();
        List<SourcePartition> parts = SparkPipelines.split(pipeline, "filesystem", "files",
                Map.of("bucket_url", in.toUri().toString(), "file_glob", "*.jsonl", "table_name", "events"), 3);
        assertThat(parts).hasSize(3);
        Instant before = Instant.now();
        LoadInfo info = SparkPipelines.run(SparkTests.session(), pipeline, parts);
        Instant after = Instant.now();

        Map<String, Long> loaded = Map.of("events", count(db, "events"), "events__tags", count(db, "events__tags"));
        assertThat(loaded).isEqualTo(Map.of("events", 300L, "events__tags", 200L));
        // the summary's times are the stages' wall times, no longer 0.00 s
        assertThat(info.extractTime()).isPositive();
        assertThat(info.normalizeTime()).isPositive();
        assertThat(info.loadTime()).isPositive();
        assertThat(info.rowCounts()).isEqualTo(loaded);

        assertProgress(blocks, info.loadIds().get(0));

        PipelineTrace trace = pipeline.lastTrace().orElseThrow(); // read back from trace.json
        assertThat(trace.steps()).extracting(StepTrace::step).containsExactly("extract", "normalize", "load");
        assertThat(trace.succeeded()).isTrue();
        // the run starts with its first partition, not when the driver began to commit
        assertThat(trace.startedAt()).isEqualTo(trace.steps().get(0).startedAt());
        StepTrace extract = trace.lastStep("extract").orElseThrow();
        StepTrace normalize = trace.lastStep("normalize").orElseThrow();
        StepTrace load = trace.lastStep("load").orElseThrow();
        assertThat(extract.loadIds()).isEqualTo(info.loadIds()).isEqualTo(normalize.loadIds()).isEqualTo(load.loadIds());
        // extract counts the rows the source yielded (root table), normalize every table's rows, as in one JVM
        assertThat(extract.rowCounts()).isEqualTo(Map.of("events", 300L));
        assertThat(normalize.rowCounts()).isEqualTo(loaded);
        assertThat(trace.normalizedRowCounts()).isEqualTo(loaded);
        assertThat(info.extractTime()).isEqualTo(extract.elapsed());
        assertThat(info.normalizeTime()).isEqualTo(normalize.elapsed());

        // one entry per partition, in partition order, each a real span of its task; the step spans them all
        for (StepTrace step : List.of(extract, normalize)) {
            List<PartitionTrace> each = step.partitions();
            assertThat(each).extracting(PartitionTrace::partition).containsExactly(0, 1, 2);
            assertThat(each).allSatisfy(p -> assertThat(p.attempt()).matches("p0000" + p.partition() + "-t\\d+-a0"));
            assertThat(each).allSatisfy(p -> assertThat(p.finishedAt()).isAfterOrEqualTo(p.startedAt()));
            assertThat(step.startedAt()).isEqualTo(each.stream().map(PartitionTrace::startedAt)
                    .min(Comparator.naturalOrder()).orElseThrow()).isAfterOrEqualTo(before);
            assertThat(step.finishedAt()).isAfterOrEqualTo(each.stream().map(PartitionTrace::finishedAt)
                    .max(Comparator.naturalOrder()).orElseThrow()).isBeforeOrEqualTo(after);
            Map<String, Long> summed = new TreeMap<>();
            each.forEach(p -> p.rowCounts().forEach((t, n) -> summed.merge(t, n, Long::sum)));
            assertThat(summed).isEqualTo(step.rowCounts());
            assertThat(each.stream().mapToLong(PartitionTrace::files).sum()).isEqualTo(step.files()).isPositive();
        }
        assertThat(extract.partitions()).extracting(PartitionTrace::totalRows).containsExactly(100L, 100L, 100L);
        // a partition extracts before it normalizes; the extract step is the Spark stage's extract wall time
        for (int i = 0; i < 3; i++) {
            assertThat(normalize.partitions().get(i).startedAt()).isAfterOrEqualTo(extract.partitions().get(i)
                    .finishedAt());
        }
        assertThat(extract.elapsed()).isLessThanOrEqualTo(Duration.between(before, after));
        assertThat(load.startedAt()).isAfterOrEqualTo(normalize.finishedAt());
        assertThat(trace.toString()).contains("Step extract COMPLETED", "Step normalize COMPLETED",
                        "partitions (Spark tasks; the attempt committed of each):")
                .containsPattern("(?m)^    - 0 \\(p00000-t\\d+-a0\\): \\d+\\.\\d{3} s, 100 row\\(s\\), 1 file\\(s\\)$")
                .contains("    - events__tags: 200 row(s)");
    }

    /** The driver shows the Spark stage as a progress stage: partitions as their tasks end, then the rows. */
    private static void assertProgress(List<String> blocks, String loadId) {
        String stage = blocks.stream().filter(b -> b.contains("Extract and normalize files on Spark in " + loadId))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no Spark stage block in " + blocks));
        assertThat(stage).contains("Partitions: 3/3 (100.0%)", "events: 300 |", "events__tags: 200 |");
        assertThat(blocks.indexOf(stage)).isLessThan(blocks.size() - 1); // the load's blocks follow
        assertThat(blocks.get(blocks.size() - 1)).contains("Load files in " + loadId);
    }

    static long count(Path db, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM data." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
