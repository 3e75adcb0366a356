package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.Incremental;
import dev.dlt4j.NormalizeConfig;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.spi.CrashPointHook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run whose package is normalized while it is extracted ({@code [normalize] during_extract},
 * extracted files closed every 5 rows), killed like {@code kill -9} (a child JVM halted at a crash
 * point, or killed with SIGKILL at a random time) in every state that adds: during extract with
 * files already normalized into {@code load/new}; after extract stopped normalizing, before its
 * commit; after extract committed, with the early work still unpublished in {@code load/new}; and
 * inside normalize's own commit after it continued that work. The next run recovers: every order
 * and every nested line is loaded exactly once, and {@code _dlt_loads} has one row per load.
 */
class NormalizeDuringExtractCrashTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

    @TempDir
    Path tmp;

    static Pipeline pipeline(Path dir) {
        return DuckDbTesting.pipeline(dir, "ndc").normalize(NormalizeConfig.DEFAULTS.withDuringExtract(true))
                .extractDataWriter(DataWriterConfig.DEFAULTS.withFileMaxItems(5))
                .normalizeDataWriter(DataWriterConfig.DEFAULTS.withBufferMaxItems(1)).build();
    }

    /**
     * Orders 1..n with two nested lines each; with {@code watch}, the resource waits at order 16 until
     * normalize has written a job row (so files are normalized during extract, whatever the timing).
     */
    static Source source(int n, Path watch) {
        Resource orders = Resource.fromIterator("orders", () -> new Iterator<Object>() {
            int i = 1;

            @Override
            public boolean hasNext() {
                return i <= n;
            }

            @Override
            public Object next() {
                if (i == 16 && watch != null) {
                    awaitNormalizing(watch.resolve("pipelines/ndc/load/new"));
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", i);
                row.put("updated_at", T0.plusSeconds(i / 3));
                row.put("lines", List.of(Map.of("sku", "a" + i), Map.of("sku", "b" + i)));
                i++;
                return row;
            }
        }).incremental(Incremental.on("updated_at").initial(T0));
        return Source.of("shop", orders);
    }

    private static void awaitNormalizing(Path loadNew) {
        long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // a hang guard, not a timing
        while (System.nanoTime() < guard) {
            try (Stream<Path> files = Files.walk(loadNew)) {
                if (files.anyMatch(f -> f.getParent().getFileName().toString().equals("new_jobs"))) {
                    return;
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // the folder changes under the walk: look again
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("nothing was normalized during extract");
    }

    @ParameterizedTest
    @ValueSource(strings = {"normalize.ahead.after_file#1", "normalize.ahead.after_file#3", "extract.before_commit#1",
            "extract.after_commit#1", "normalize.before_schema_save#1", "normalize.before_commit#1",
            "normalize.after_commit#1"})
    void aRunKilledWhileNormalizingDuringExtractIsRecoveredByTheNextRun(String point) throws Exception {
        pipeline(tmp).run(source(10, null));
        Process child = startChild(point);
        assertThat(waitFor(child)).as("the child halts at " + point + "; its log:\n" + logText())
                .isEqualTo(CrashPointHook.HALTED);
        if (point.startsWith("normalize.ahead") || point.startsWith("extract.before")) {
            // killed before extract committed: what was normalized early sits in load/new, never to be loaded
            assertThat(list("load/new")).hasSize(1);
            assertThat(list("normalize/extracted")).isEmpty();
        }
        if (point.startsWith("extract.after")) {
            assertThat(list("load/new")).hasSize(1);
            assertThat(list("normalize/extracted")).hasSize(1);
        }
        assertRecovered();
    }

    @Test
    void aRunKilledAtARandomTimeIsRecoveredByTheNextRun() throws Exception {
        pipeline(tmp).run(source(10, null));
        long delay = ThreadLocalRandom.current().nextLong(500, 2500);
        Process child = startChild("none#0");
        if (!child.waitFor(delay, TimeUnit.MILLISECONDS)) {
            child.destroyForcibly(); // SIGKILL
        }
        int exit = waitFor(child);
        assertThat(exit).as("killed after %d ms or finished; log:%n%s", delay, logText()).isIn(0, 137);
        assertRecovered();
    }

    /** Run 3 (orders 1..30) after the killed run 2: every order and line once, one _dlt_loads row per load. */
    private void assertRecovered() throws IOException {
        pipeline(tmp).run(source(30, null));
        assertThat(DuckDbTesting.query(db(), "SELECT id FROM ndc_data.orders ORDER BY id"))
                .extracting(r -> ((Number) r.get("id")).longValue())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList());
        assertThat(DuckDbTesting.query(db(), "SELECT sku FROM ndc_data.orders__lines ORDER BY sku"))
                .extracting(r -> (String) r.get("sku")).containsExactlyElementsOf(IntStream.rangeClosed(1, 30)
                        .boxed().flatMap(i -> Stream.of("a" + i, "b" + i)).sorted().toList());
        long loadIds = DuckDbTesting.query(db(), "SELECT DISTINCT _dlt_load_id FROM ndc_data.orders").size();
        assertThat(DuckDbTesting.count(db(), "ndc_data._dlt_loads")).as("one _dlt_loads row per load")
                .isEqualTo(loadIds);
        assertThat(DuckDbTesting.query(db(), "SELECT _dlt_load_id FROM ndc_data.orders GROUP BY _dlt_load_id"
                + " HAVING _dlt_load_id NOT IN (SELECT load_id FROM ndc_data._dlt_loads)")).isEmpty();
        assertThat(list("load/new")).isEmpty();
        assertThat(list("normalize/extracted")).isEmpty();
        assertThat(list("load/normalized")).isEmpty();
    }

    private List<Path> list(String folder) throws IOException {
        Path dir = tmp.resolve("pipelines/ndc").resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private Path db() {
        return tmp.resolve("ndc.duckdb");
    }

    private Path log() {
        return tmp.resolve("child.log");
    }

    private String logText() throws IOException {
        return ChildJvm.logText(log());
    }

    private Process startChild(String point) throws IOException {
        return ChildJvm.start(NormalizeDuringExtractCrashTest.class, log(), tmp.toString(), point);
    }

    private int waitFor(Process p) throws Exception {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the child did not end in 120 s; its log:\n" + logText());
        }
        return p.exitValue();
    }

    /** The child: {@code <dir> <point>#<nth>} runs run 2 (orders 1..25, 5 extracted files) and halts at the nth point. */
    public static void main(String[] args) {
        int hash = args[1].lastIndexOf('#');
        int nth = Integer.parseInt(args[1].substring(hash + 1));
        if (nth > 0) {
            CrashPointHook.haltAt(args[1].substring(0, hash), nth);
        }
        pipeline(Path.of(args[0])).run(source(25, Path.of(args[0])));
        System.exit(0);
    }
}
