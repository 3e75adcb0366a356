package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.PipelineTrace;
import dev.dlt4j.ProgressCollector;
import dev.dlt4j.StepTrace;
import dev.dlt4j.LoadConfig;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressAndTraceTest {
    private static final Pattern STATS = Pattern.compile(
            "Memory usage: RSS ([0-9.]+) MB \\| Heap used ([0-9.]+) MB, committed ([0-9.]+) MB \\| CPU usage: ([0-9.]+%|n/a) \\| Elapsed: ([0-9.]+)s");

    @TempDir
    Path tmp;

    /** 3 pages of 1000 issues, each with 2 labels (a child table). */
    static Resource issues(int pages) {
        return Resource.fromIterator("issues", () -> IntStream.range(0, pages).mapToObj(p -> {
            List<Map<String, Object>> page = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int id = p * 1000 + i;
                page.add(Map.of("id", id, "title", "issue " + id, "labels", List.of(Map.of("name", "bug"),
                        Map.of("name", "ui"))));
            }
            return (Object) page;
        }).iterator());
    }

    @Test
    void logProgressPrintsOneBlockPerStageWithCountersCpuAndMemory() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        Pipeline p = pipeline(tmp, "logged").progress(ProgressCollector.log(Duration.ofSeconds(1), out)).build();

        LoadInfo info = p.run(issues(3));

        Path db = tmp.resolve("logged.duckdb");
        assertThat(count(db, "logged_data.issues")).isEqualTo(3000);
        assertThat(count(db, "logged_data.issues__labels")).isEqualTo(6000);
        String log = captured.toString(StandardCharsets.UTF_8);
        Map<String, String> lastBlock = lastBlockPerStage(log);
        String loadId = info.loadIds().get(0);
        assertThat(lastBlock.keySet()).containsExactly("Extract logged", "Normalize logged in " + loadId,
                "Load logged in " + loadId);
        assertThat(lastBlock.get("Extract logged")).contains("Resources: 1/1 (100.0%)", "issues: 3000 |");
        assertThat(lastBlock.get("Normalize logged in " + loadId)).contains("Files: 1/1 (100.0%)",
                "issues: 3000 |", "issues__labels: 6000 |");
        assertThat(lastBlock.get("Load logged in " + loadId)).contains("Jobs: 2/2 (100.0%)")
                .doesNotContain("Jobs (Failed)");
        for (String block : lastBlock.values()) {
            Matcher m = STATS.matcher(block);
            assertThat(m.find()).as("stats line in %s", block).isTrue();
            double rss = Double.parseDouble(m.group(1));
            double heapUsed = Double.parseDouble(m.group(2));
            double heapCommitted = Double.parseDouble(m.group(3));
            assertThat(rss).isPositive();
            assertThat(heapUsed).isPositive().isLessThanOrEqualTo(heapCommitted);
            // CPU % is over the time since the previous sample: "n/a" when that was under 10 ms (clock granularity)
            if (!m.group(4).equals("n/a")) {
                assertThat(Double.parseDouble(m.group(4).replace("%", ""))).isNotNegative();
            }
            assertThat(Double.parseDouble(m.group(5))).isNotNegative();
        }
        assertThat(log).matches("(?s)-+ Extract logged -+\n.*");
    }

    @Test
    void progressOffPrintsNothing() {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(captured, true, StandardCharsets.UTF_8);
        try {
            System.setOut(sink);
            System.setErr(sink);
            Pipeline p = pipeline(tmp, "quiet").progress("none").build();
            p.run(issues(2));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        assertThat(count(tmp.resolve("quiet.duckdb"), "quiet_data.issues")).isEqualTo(2000);
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aPeriodOfZeroLogsOnEveryPageWithGrowingCounters() {
        List<String> blocks = new ArrayList<>();
        Pipeline p = pipeline(tmp, "chatty").progress(ProgressCollector.log(Duration.ZERO, blocks::add)).build();
        p.extract(issues(3));
        List<String> counts = blocks.stream().map(b -> b.lines().filter(l -> l.startsWith("issues: ")).findFirst()
                .orElse("")).toList();
        assertThat(counts).hasSize(5); // one per page, one when the resource ends, one when the stage ends
        assertThat(counts.get(0)).startsWith("issues: 1000 |");
        assertThat(counts.get(1)).startsWith("issues: 2000 |");
        assertThat(counts.get(2)).startsWith("issues: 3000 |");
        assertThat(blocks.get(4)).contains("Resources: 1/1");
    }

    @Test
    void unknownProgressNameIsRejectedListingTheAllowedNames() {
        assertThatThrownBy(() -> Pipeline.builder("x").progress("fancy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("progress 'fancy' (set in Pipeline.Builder.progress) is not valid; allowed values: none,"
                        + " log, bar (aliases of bar: tqdm, enlighten, alive_progress)");
    }

    @Test
    void aRunIsTracedWithItsStepsRowsFilesAndChangedConfig() throws Exception {
        Pipeline p = pipeline(tmp, "traced").load(new LoadConfig(2, false, true)).build();
        assertThat(p.lastTrace()).isEmpty();
        LoadInfo info = p.run(issues(2));

        PipelineTrace trace = p.lastTrace().orElseThrow();
        assertThat(Files.exists(p.workingDir().resolve("trace.json"))).isTrue();
        assertThat(trace.pipelineName()).isEqualTo("traced");
        assertThat(trace.succeeded()).isTrue();
        assertThat(trace.steps()).extracting(StepTrace::step).containsExactly("extract", "normalize", "load");
        StepTrace extract = trace.lastStep("extract").orElseThrow();
        assertThat(extract.rowCounts()).isEqualTo(Map.of("issues", 2000L));
        assertThat(extract.files()).isEqualTo(1);
        assertThat(trace.lastStep("normalize").orElseThrow().rowCounts())
                .isEqualTo(Map.of("issues", 2000L, "issues__labels", 4000L));
        assertThat(trace.lastStep("load").orElseThrow().files()).isEqualTo(2);
        assertThat(trace.lastStep("load").orElseThrow().loadIds()).isEqualTo(info.loadIds());
        assertThat(trace.resolvedConfig()).isEqualTo(Map.of("load.workers", "2"));
        assertThat(trace.startedAt()).isBeforeOrEqualTo(extract.startedAt());
        assertThat(trace.finishedAt()).isAfterOrEqualTo(trace.lastStep("load").orElseThrow().finishedAt());
        assertThat(trace.toString()).startsWith("Run of pipeline traced started at ")
                .contains("COMPLETED", "Step load COMPLETED", "    - issues__labels: 4000 row(s)", "load.workers = 2");

        // a new pipeline object reads the same trace; single steps accumulate, a run replaces them
        Pipeline again = pipeline(tmp, "traced").build();
        assertThat(again.lastTrace()).contains(trace);
        again.extract(issues(1));
        again.normalize();
        assertThat(again.lastTrace().orElseThrow().steps()).extracting(StepTrace::step)
                .containsExactly("extract", "normalize", "load", "extract", "normalize");
        again.load();
        again.run(issues(1));
        assertThat(again.lastTrace().orElseThrow().steps()).extracting(StepTrace::step)
                .containsExactly("extract", "normalize", "load");
    }

    @Test
    void aFailedLoadIsTracedWithTheJobsMessage() {
        Pipeline p = pipeline(tmp, "failing").build();
        Resource bad = Resource.of("amounts", List.of(Map.of("id", 1, "x", 123456)))
                .columns(Column.of("x", DataType.DECIMAL).withPrecision(3, 0));
        assertThatThrownBy(() -> p.run(bad)).isInstanceOf(PipelineException.class)
                .hasMessageContaining("failed terminally");
        PipelineTrace trace = p.lastTrace().orElseThrow();
        assertThat(trace.succeeded()).isFalse();
        StepTrace load = trace.lastStep("load").orElseThrow();
        assertThat(load.exception()).hasValueSatisfying(m -> assertThat(m).contains("table amounts"));
        assertThat(trace.toString()).contains("FAILED", "Failed due to: ");
    }

    /** Stage title to the text of its last block. */
    static Map<String, String> lastBlockPerStage(String log) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher header = Pattern.compile("(?m)^-+ (.+?) -+$").matcher(log);
        List<int[]> starts = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        while (header.find()) {
            starts.add(new int[] {header.start()});
            titles.add(header.group(1));
        }
        for (int i = 0; i < titles.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : log.length();
            out.put(titles.get(i), log.substring(starts.get(i)[0], end));
        }
        return out;
    }
}
