package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.LoadConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline run in a child JVM is killed with SIGKILL at several points; the next run finishes
 * the work and every row is loaded exactly once.
 */
class CrashRecoveryTest {
    static final int ROWS = 120_000;

    @TempDir
    Path tmp;

    private Path working() {
        return tmp.resolve("pipelines/crash");
    }

    /** Starts the child and kills it (SIGKILL) as soon as {@code killWhen} sees the working folder in the wanted state. */
    private void runAndKill(String mode, Predicate<Path> killWhen) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = tmp.resolve("child-" + mode + ".log");
        Process p = new ProcessBuilder(java, "-Xmx256m", ChildJvm.javaTmp(tmp), "-cp",
                System.getProperty("java.class.path"),
                CrashRecoveryTest.class.getName(), tmp.toString(), mode)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try {
            while (!killWhen.test(working())) {
                assertThat(p.isAlive()).as("child ended before the kill point; log:\n" + Files.readString(log))
                        .isTrue();
                assertThat(System.nanoTime()).as("kill point reached in time").isLessThan(deadline);
                Thread.sleep(2);
            }
        } finally {
            p.destroyForcibly(); // SIGKILL on Linux: no finally blocks, no shutdown hooks
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(p.exitValue()).isEqualTo(137);
    }

    private void assertEveryRowLoadedOnce() {
        Pipeline again = pipeline(tmp);
        again.normalize();
        again.load();
        Path db = tmp.resolve("crash.duckdb");
        Map<String, Object> r = DuckDbTesting.query(db, "SELECT count(*) AS n, count(DISTINCT id) AS ids,"
                + " count(DISTINCT _dlt_id) AS dlt_ids FROM crash_data.t").get(0);
        assertThat(r).containsEntry("n", (long) ROWS).containsEntry("ids", (long) ROWS)
                .containsEntry("dlt_ids", (long) ROWS);
        Map<String, Object> c = DuckDbTesting.query(db, "SELECT count(*) AS n, count(DISTINCT _dlt_id) AS dlt_ids"
                + " FROM crash_data.t__tags").get(0);
        assertThat(c).containsEntry("n", 2L * ROWS).containsEntry("dlt_ids", 2L * ROWS);
        assertThat(DuckDbTesting.count(db, "crash_data._dlt_loads")).isEqualTo(1);
        assertThat(list(working().resolve("load/normalized"))).isEmpty();
        assertThat(list(working().resolve("normalize/extracted"))).isEmpty();
    }

    @Test
    void killedAfterExtractTheNextRunNormalizesAndLoadsEverything() throws Exception {
        runAndKill("extract", w -> Files.exists(w.resolve("EXTRACTED")));
        assertThat(list(working().resolve("normalize/extracted"))).hasSize(1);
        assertEveryRowLoadedOnce();
    }

    @Test
    void killedMidNormalizeTheNextRunStartsNormalizeAgain() throws Exception {
        runAndKill("normalize", w -> list(w.resolve("load/new")).stream()
                .anyMatch(pkg -> list(pkg.resolve("new_jobs")).size() >= 2));
        assertThat(list(working().resolve("normalize/extracted"))).hasSize(1);
        assertEveryRowLoadedOnce();
    }

    @Test
    void killedAfterTheFirstOfSeveralLoadJobsTheNextRunLoadsTheRest() throws Exception {
        runAndKill("load", w -> list(w.resolve("load/normalized")).stream()
                .anyMatch(pkg -> !list(pkg.resolve("completed_jobs")).isEmpty()));
        assertEveryRowLoadedOnce();
    }

    @Test
    void killedWhileAJobRunsNoRowIsLoadedTwice() throws Exception {
        runAndKill("load", w -> list(w.resolve("load/normalized")).stream()
                .anyMatch(pkg -> list(pkg.resolve("completed_jobs")).size() >= 2
                        && !list(pkg.resolve("started_jobs")).isEmpty()));
        assertEveryRowLoadedOnce();
    }

    @Test
    void aSecondConcurrentRunFailsAtOnceNamingTheHoldersProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = tmp.resolve("child-hold.log");
        Process p = new ProcessBuilder(java, ChildJvm.javaTmp(tmp), "-cp",
                System.getProperty("java.class.path"),
                CrashRecoveryTest.class.getName(), tmp.toString(), "hold")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(working().resolve("EXTRACTED"))) {
                assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(5);
            }
            Pipeline second = pipeline(tmp);
            assertThatThrownBy(() -> second.run(Resource.of("t", List.of(Map.of("id", 1)))))
                    .isInstanceOf(PipelineException.class)
                    .hasMessageContaining("Pipeline crash is already running in process " + p.pid());
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        // the killed holder's lock is gone with it
        pipeline(tmp).run(Resource.of("t", List.of(Map.of("id", 1, "tags", List.of("a", "b")))));
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            return List.of(); // the folder moved while we looked: the next poll sees the new state
        }
    }

    static Pipeline pipeline(Path tmp) {
        return DuckDbTesting.pipeline(tmp, "crash")
                .extractDataWriter(DataWriterConfig.DEFAULTS.withFileMaxItems(20_000))
                .normalizeDataWriter(DataWriterConfig.DEFAULTS.withFileMaxItems(8_000))
                .load(new LoadConfig(1, false, true))
                .build();
    }

    static Resource data() {
        return Resource.fromIterator("t", () -> new java.util.Iterator<Object>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < ROWS;
            }

            @Override
            public Object next() {
                List<Object> page = new ArrayList<>(1000);
                for (int k = 0; k < 1000 && i < ROWS; k++, i++) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("id", i);
                    r.put("name", "row " + i);
                    r.put("tags", List.of("a" + i, "b" + i));
                    page.add(r);
                }
                return page;
            }
        });
    }

    /** The child: runs the stages named by the mode, then waits to be killed. */
    public static void main(String[] args) throws Exception {
        Path tmp = Path.of(args[0]);
        Pipeline p = pipeline(tmp);
        switch (args[1]) {
            case "extract" -> {
                p.extract(data());
                Files.writeString(p.workingDir().resolve("EXTRACTED"), "", StandardCharsets.UTF_8);
            }
            case "hold" -> holdLockAndWait(p);
            case "normalize" -> {
                p.extract(data());
                p.normalize();
            }
            case "load" -> p.run(data());
            default -> throw new IllegalArgumentException(args[1]);
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Keeps a run in progress: the lock is held by a stage that does not end until the process is killed. */
    private static void holdLockAndWait(Pipeline p) {
        p.extract(Resource.fromIterator("slow", () -> new java.util.Iterator<Object>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                try {
                    Files.writeString(p.workingDir().resolve("EXTRACTED"), "", StandardCharsets.UTF_8);
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException | IOException e) {
                    Thread.currentThread().interrupt();
                }
                return Map.of();
            }
        }));
    }
}
