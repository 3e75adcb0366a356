package dev.dlt4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner end to end: forked JVMs, JSON and table output. Sizes are tiny; no timing is asserted. */
class BenchTest {
    @TempDir
    Path tmp;

    private String run(boolean json, String... scenarios) {
        StringWriter out = new StringWriter();
        int code = Bench.run(new Bench.Options(List.of(scenarios), OptionalLong.of(300), 1, json,
                Optional.of(tmp.resolve("work")), Optional.empty(), List.of("-Xmx256m")), new PrintWriter(out),
                new PrintWriter(new StringWriter()));
        assertThat(code).isZero();
        return out.toString();
    }

    @Test
    void filesLoadsJsonlGzAndCsvFilesBesideDuckDbsOwnReaders() throws Exception {
        String out = run(true, "files");

        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertThat(lines).extracting(l -> l.path("variant").asText()).containsExactly("files/jsonl.gz", "files/csv");
        for (JsonNode l : lines) {
            assertThat(l.path("rows").asLong()).isEqualTo(300);
            assertThat(l.path("total_s").asDouble()).isPositive();
            assertThat(l.path("ceiling").path("median_s").asDouble()).isPositive();
            assertThat(l.path("ratio_to_ceiling").asDouble()).isPositive();
            assertThat(l.path("cpu_s").asDouble()).isPositive();
            assertThat(l.path("ceiling").path("cpu_s").asDouble()).isPositive();
            assertThat(l.path("peak_heap_mb").asLong()).isPositive();
        }
        assertThat(lines.get(0).path("ceiling").path("reader").asText()).isEqualTo("read_json");
        assertThat(lines.get(1).path("ceiling").path("reader").asText()).isEqualTo("read_csv");
    }

    @Test
    void jsonPrintsOneObjectPerScenarioWithStagesPeaksAndCeiling() throws Exception {
        String out = run(true, "flat-pages", "ceiling");

        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertThat(lines).extracting(l -> l.path("variant").asText())
                .containsExactly("flat-pages", "ceiling/flat", "ceiling/nested");
        JsonNode flat = lines.get(0);
        assertThat(flat.path("rows").asLong()).isEqualTo(300);
        assertThat(flat.path("runs").asInt()).isEqualTo(1);
        for (String stage : new String[] {"extract", "normalize", "load", "total"}) {
            JsonNode s = flat.path("stages").path(stage);
            assertThat(s.path("median_s").asDouble()).as(stage).isPositive();
            assertThat(s.path("min_s").asDouble()).isLessThanOrEqualTo(s.path("max_s").asDouble());
            assertThat(s.path("rows_per_s").asDouble()).isPositive();
        }
        assertThat(flat.path("tables").path("flat").asLong()).isEqualTo(300);
        assertThat(flat.path("peak_heap_mb").asLong()).isPositive();
        assertThat(flat.path("ceiling").path("dataset").asText()).isEqualTo("flat");
        assertThat(flat.path("ceiling").path("reader").asText()).isIn("read_parquet", "read_csv", "read_json");
        assertThat(flat.path("ratio_to_ceiling").asDouble()).isPositive();
        assertThat(lines.get(1).path("readers").has("read_csv")).isTrue();
        assertThat(lines.get(2).path("rows").asLong()).isEqualTo(60);
        assertThat(Files.list(tmp.resolve("work")).filter(p -> p.getFileName().toString().startsWith("run-")))
                .as("run folders are deleted after each run").isEmpty();
    }

    @Test
    void parallelComparesEachModeWithFifoAtTheSameLatency() throws Exception {
        String out = run(true, "parallel");

        Map<String, JsonNode> byVariant = new LinkedHashMap<>();
        for (String line : out.strip().split("\n")) {
            JsonNode n = new ObjectMapper().readTree(line);
            byVariant.put(n.path("variant").asText(), n);
        }
        assertThat(byVariant).containsOnlyKeys("parallel/fifo", "parallel/round_robin", "parallel/parallelized",
                "parallel/fifo+10ms", "parallel/round_robin+10ms", "parallel/parallelized+10ms");
        assertThat(byVariant.get("parallel/round_robin+10ms").path("speedup_vs_fifo").asDouble()).isPositive();
        assertThat(byVariant.get("parallel/fifo+10ms").has("speedup_vs_fifo")).isFalse();
        assertThat(byVariant.get("parallel/fifo").path("tables").path("flat_3").asLong()).isEqualTo(75);
        for (String v : List.of("parallel/parallelized", "parallel/parallelized+10ms")) {
            if (!ScenarioRun.supported(Scenario.variant(v, 300))) {
                assertThat(byVariant.get(v).path("skipped").asText()).contains("Resource.parallelized()");
            }
        }
    }

    @Test
    void aFilesRowOfTheSummaryHasACellForEveryColumnOfTheHeader() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode run = m.readTree("{\"extract_s\": 1.5, \"normalize_s\": 0.25, \"load_s\": 2.0, \"total_s\": 3.75,"
                + " \"cpu_s\": 6.0, \"ceiling_s\": 1.25, \"ceiling_cpu_s\": 2.0, \"peak_heap_bytes\": 134217728,"
                + " \"peak_rss_bytes\": 402653184}");
        List<String> summary = new ArrayList<>();
        FilesBench.report("csv", 1000, List.of(run), false, new PrintWriter(new StringWriter()), summary);

        assertThat(summary).containsExactly(
                "| files/csv | 1,000 | 1.50 | 0.25 | 2.00 | 3.75 | 6.00 | 267 | 128 | 384 | 3.0× | 3.0× |");
        assertThat(cells(summary.get(0))).hasSameSizeAs(cells(BenchRunner.SUMMARY_HEADER));
    }

    private static List<String> cells(String row) {
        return List.of(row.substring(1, row.length() - 1).split("\\|", -1));
    }

    @Test
    void tableShowsEveryStageAndASummary() {
        String out = run(false, "nested-pages");

        assertThat(out).contains("nested-pages — 300 rows, 1 run(s)", "extract", "normalize", "load", "total",
                "ceiling", "peak heap", "peak RSS", "Summary", "| nested-pages | 300 |");
    }

    @Test
    void badOptionsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> new Bench.Options(List.of("fast"), OptionalLong.empty(), 3, false, Optional.empty(),
                Optional.empty(), List.of())).hasMessageStartingWith("unknown benchmark scenario 'fast'; choose from");
        assertThatThrownBy(() -> new Bench.Options(List.of(), OptionalLong.empty(), 0, false, Optional.empty(),
                Optional.empty(), List.of())).hasMessage("--repeat must be at least 1, got 0");
        assertThatThrownBy(() -> new Bench.Options(List.of(), OptionalLong.of(0), 1, false, Optional.empty(),
                Optional.empty(), List.of())).hasMessage("--rows must be at least 1, got 0");
    }
}
