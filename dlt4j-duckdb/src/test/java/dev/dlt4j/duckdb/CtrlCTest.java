package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineTrace;
import dev.dlt4j.ProgressCollector;
import dev.dlt4j.Resource;
import dev.dlt4j.StepTrace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (a real SIGINT to a child JVM) while a run normalizes or loads: the process exits 130,
 * says on stderr which stage stopped and that the package is kept for the next run, the trace
 * records the stage as interrupted, and the next run loads every row exactly once.
 */
class CtrlCTest {
    @TempDir
    Path tmp;

    /** The child: a run whose progress collector holds the given stage open until the signal comes. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String holdAt = args[1];
        ProgressCollector holding = new ProgressCollector() {
            @Override
            public void begin(String title) {
                if (title.toLowerCase(java.util.Locale.ROOT).startsWith(holdAt)) {
                    System.out.println("HOLDING " + title);
                    System.out.flush();
                    try {
                        Thread.sleep(120_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void end() {
            }

            @Override
            public String name() {
                return "holding";
            }

            @Override
            public void update(String counter, long increment) {
            }

            @Override
            public void total(String counter, long total) {
            }
        };
        pipeline(dir).progress(holding).build().run(rows());
    }

    static Pipeline.Builder pipeline(Path dir) {
        return Pipeline.builder("ctrlc").destination(DuckDbDestination.at(dir.resolve("ctrlc.duckdb")))
                .dataset("ctrlc_data").pipelinesDir(dir.resolve("pipelines")).environment(Map.of());
    }

    static Resource rows() {
        return Resource.of("events", IntStream.range(0, 100).mapToObj(i -> Map.<String, Object>of("id", i)).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"normalize", "load"})
    void ctrlCSaysWhichStageStoppedAndTheNextRunFinishesThePackage(String stage) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = tmp.resolve("child.err");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CtrlCTest.class.getName(),
                tmp.toString(), stage).redirectError(err.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("child output; stderr: %s", Files.exists(err) ? Files.readString(err) : "")
                    .startsWith("HOLDING " + Character.toUpperCase(stage.charAt(0)) + stage.substring(1));
            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }

        assertThat(child.exitValue()).isEqualTo(130);
        Pipeline again = pipeline(tmp).build();
        String loadId = again.lastTrace().map(t -> t.steps().get(t.steps().size() - 1).loadIds().get(0)).orElseThrow();
        String kept = (stage.equals("normalize") ? "normalize/extracted/" : "load/normalized/") + loadId;
        assertThat(Files.readString(err)).contains("dlt4j: pipeline ctrlc was interrupted during " + stage
                + " of package " + loadId + "; the package is kept in " + again.workingDir().resolve(kept));
        assertThat(Files.readString(err)).contains("and the next run of pipeline ctrlc finishes it\n");
        assertThat(Files.isDirectory(again.workingDir().resolve(kept))).isTrue();

        PipelineTrace trace = again.lastTrace().orElseThrow();
        StepTrace last = trace.steps().get(trace.steps().size() - 1);
        assertThat(trace.succeeded()).isFalse();
        assertThat(last.step()).isEqualTo(stage);
        assertThat(last.exception()).hasValueSatisfying(m -> assertThat(m)
                .startsWith("pipeline ctrlc was interrupted during " + stage + " of package " + loadId));
        assertThat(trace.toString()).contains("interrupted during " + stage);

        again.run(Resource.of("events", List.of()));
        assertThat(again.dataset().rowCounts()).containsEntry("events", 100L);
    }
}
