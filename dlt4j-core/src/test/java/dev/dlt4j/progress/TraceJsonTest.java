package dev.dlt4j.progress;

import dev.dlt4j.PartitionTrace;
import dev.dlt4j.PipelineTrace;
import dev.dlt4j.StepTrace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.LoadConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceJsonTest {
    @TempDir
    Path tmp;

    @Test
    void aTraceSurvivesTheRoundTripThroughTraceJson() {
        Instant t0 = Instant.parse("2026-01-02T03:04:05.123456Z");
        PipelineTrace trace = new PipelineTrace("00ff", "shop", t0, t0.plusSeconds(9), List.of(
                new StepTrace("extract", t0, t0.plusSeconds(1), List.of("1.5"), Map.of("users", 3L), 1, List.of(),
                        Optional.empty()),
                // a split run's step lists its partitions (dlt4j-spark)
                new StepTrace("normalize", t0.plusMillis(400), t0.plusSeconds(2), List.of("1.5"),
                        Map.of("users", 3L, "users__tags", 4L), 3, List.of(), Optional.empty(), Map.of(), List.of(
                                new PartitionTrace(0, "p00000-t7-a0", t0.plusMillis(400), t0.plusMillis(900),
                                        Map.of("users", 2L, "users__tags", 4L), 2),
                                new PartitionTrace(1, "p00001-t9-a1", t0.plusMillis(500), t0.plusMillis(1500),
                                        Map.of("users", 1L), 1))),
                new StepTrace("load", t0.plusSeconds(2), t0.plusSeconds(9), List.of("1.5"), Map.of(), 2,
                        List.of("table users, file x: boom"), Optional.of("load job(s) failed"))),
                Map.of("load.workers", "2"), 1);
        TraceJson.write(tmp, trace);
        assertThat(Files.exists(tmp.resolve("trace.json.tmp"))).isFalse();
        assertThat(TraceJson.read(tmp)).contains(trace);
        assertThat(trace.succeeded()).isFalse();
        assertThat(trace.lastStep("extract").orElseThrow().partitions()).isEmpty();
        assertThat(trace.toString()).contains("partitions (Spark tasks; the attempt committed of each):\n"
                + "    - 0 (p00000-t7-a0): 0.500 s, 6 row(s), 2 file(s)\n"
                + "    - 1 (p00001-t9-a1): 1.000 s, 1 row(s), 1 file(s)\n");
    }

    @Test
    void singleStepsAccumulateAndARunReplacesThem() {
        Tracer tracer = new Tracer(tmp, "shop", Map.of());
        tracer.step("extract", () -> 1, r -> StepTrace.Outcome.EMPTY);
        tracer.step("normalize", () -> 1, r -> StepTrace.Outcome.EMPTY);
        assertThat(tracer.lastTrace().orElseThrow().steps()).extracting(StepTrace::step)
                .containsExactly("extract", "normalize");
        tracer.run(() -> {
            tracer.step("extract", () -> 1, r -> StepTrace.Outcome.EMPTY);
            tracer.addFiles(2);
            assertThatThrownBy(() -> tracer.step("load", () -> {
                tracer.addFiles(5);
                throw new IllegalStateException("destination down");
            }, r -> StepTrace.Outcome.EMPTY)).hasMessage("destination down");
            return 0;
        });
        PipelineTrace t = tracer.lastTrace().orElseThrow();
        assertThat(t.steps()).extracting(StepTrace::step).containsExactly("extract", "load");
        assertThat(t.steps().get(1).exception()).contains("destination down");
        assertThat(t.steps().get(1).files()).isEqualTo(5);
        assertThat(t.succeeded()).isFalse();
    }

    @Test
    void configDifferencesUseDltKeyNames() {
        assertThat(ResolvedConfig.differences("load", LoadConfig.DEFAULTS, new LoadConfig(20, true, true)))
                .isEqualTo(Map.of("load.delete_completed_jobs", "true"));
        assertThat(ResolvedConfig.differences("load", LoadConfig.DEFAULTS, LoadConfig.DEFAULTS)).isEmpty();
    }

    @Test
    void aDamagedTraceFileIsAnErrorNamingTheFile() throws Exception {
        Files.writeString(tmp.resolve("trace.json"), "{\"steps\": [");
        assertThatThrownBy(() -> TraceJson.read(tmp)).hasMessageContaining("cannot read the pipeline trace "
                + tmp.resolve("trace.json")).hasMessageContaining("delete the file to start a new trace");
    }
}
