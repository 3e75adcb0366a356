package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.ExtractConfig;
import dev.dlt4j.Incremental;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineState;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.spi.CrashPointHook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 * A run cut into 7 packages ({@code package_max_items = 3}: 15 new orders and 6 catalog rows),
 * normalized while the package before loads, killed like {@code kill -9} (a child JVM halted at a
 * crash point, or killed with SIGKILL at a random time): while extract publishes its packages,
 * and while the scheduler loads one package (into the DuckDB database the run keeps open, whose
 * committed packages may be only in its write-ahead log) and normalizes the next. The next
 * run finishes or redoes the killed run: every order loads exactly once, the incremental cursor
 * is the one uninterrupted runs store, and the {@code replace} table holds only the last run's
 * rows (its first package emptied it, the later ones appended).
 */
class OverlapCrashTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

    @TempDir
    Path tmp;

    static Pipeline pipeline(Path dir) {
        return DuckDbTesting.pipeline(dir, "oc").extract(ExtractConfig.DEFAULTS.withPackageMaxItems(3)).build();
    }

    /** Orders 1..n, one item per row, three per updated_at; and 6 catalog rows stamped with the run. */
    static Source source(int n, int run) {
        Resource orders = Resource.fromIterator("orders", () -> IntStream.rangeClosed(1, n).mapToObj(i -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", i);
            row.put("updated_at", T0.plusSeconds(i / 3));
            return (Object) row;
        }).iterator()).incremental(Incremental.on("updated_at").initial(T0));
        List<Map<String, Object>> catalog = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            catalog.add(Map.of("sku", "s" + i, "run", run));
        }
        return Source.of("shop", orders, Resource.of("catalog", catalog).writeDisposition(WriteDisposition.REPLACE));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cursor(PipelineState state) {
        return (Map<String, Object>) ((Map<String, Object>) state.resourceState("shop", "orders").get("incremental"))
                .get("updated_at");
    }

    @ParameterizedTest
    @ValueSource(strings = {"extract.between_packages#3", "job.new_to_started.after#4"})
    void aKilledOverlappedRunIsFinishedByTheNextRun(String point) throws Exception {
        pipeline(tmp).run(source(10, 1));
        Process child = startChild(point);
        assertThat(waitFor(child)).as("the child halts at " + point + "; its log:\n" + logText())
                .isEqualTo(CrashPointHook.HALTED);
        assertRecovered();
    }

    /**
     * The run's packages load through one open DuckDB database, checkpointed only when the run's
     * load ends: killed after its third package committed (before the package is marked loaded
     * here, and after), the packages committed so far are only in DuckDB's write-ahead log. The
     * next run's DuckDB replays it, and the loader neither loses nor loads again any of them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"package_file.package_completed.json.before_rename#3", "load.after_move_to_loaded#3"})
    void aRunKilledWithPackagesOnlyInDuckDbsLogIsFinishedByTheNextRun(String point) throws Exception {
        pipeline(tmp).run(source(10, 1));
        Process child = startChild(point);
        assertThat(waitFor(child)).as("the child halts at " + point + "; its log:\n" + logText())
                .isEqualTo(CrashPointHook.HALTED);
        assertThat(tmp.resolve("oc.duckdb.wal")).as("the killed run left committed packages in DuckDB's log")
                .isNotEmptyFile();
        assertRecovered();
    }

    /**
     * SIGKILL at a random time once the child has loaded its first package of run 2: while later
     * packages load (into the open database) and the next ones normalize, or just after the end.
     */
    @org.junit.jupiter.api.RepeatedTest(2)
    void aRunKilledAtRandomTimesWhileItsPackagesLoadIsFinishedByTheNextRun() throws Exception {
        pipeline(tmp).run(source(10, 1));
        int loadedBefore = list("load/loaded").size();
        Process child = startChild("none#0");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (child.isAlive() && list("load/loaded").size() <= loadedBefore && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long delay = ThreadLocalRandom.current().nextLong(0, 600);
        if (!child.waitFor(delay, TimeUnit.MILLISECONDS)) {
            child.destroyForcibly(); // SIGKILL
        }
        int exit = waitFor(child);
        assertThat(exit).as("killed %d ms after its first package loaded, or finished; log:%n%s", delay, logText())
                .isIn(0, 137);
        assertRecovered();
    }

    @Test
    void aRunKilledAtRandomTimesIsFinishedByTheNextRun() throws Exception {
        pipeline(tmp).run(source(10, 1));
        long delay = ThreadLocalRandom.current().nextLong(600, 2500);
        Process child = startChild("none#0");
        if (!child.waitFor(delay, TimeUnit.MILLISECONDS)) {
            child.destroyForcibly(); // SIGKILL
        }
        int exit = waitFor(child);
        assertThat(exit).as("killed after %d ms or finished; log:%n%s", delay, logText()).isIn(0, 137);
        assertRecovered();
    }

    /** Run 3 (orders 1..30, catalog of run 3) after the killed run 2; then every table and the cursor are exact. */
    private void assertRecovered() throws IOException {
        Pipeline next = pipeline(tmp);
        assertThat(cursor(next.state()).get("last_value")).as("the cursor is run 1's or run 2's, never in between")
                .isIn("\uF0272024-05-01T00:00:03+00:00", "\uF0272024-05-01T00:00:08+00:00");
        next.run(source(30, 3));
        assertThat(DuckDbTesting.query(db(), "SELECT id FROM oc_data.orders ORDER BY id"))
                .extracting(r -> ((Number) r.get("id")).longValue())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList());
        assertThat(DuckDbTesting.query(db(), "SELECT DISTINCT run FROM oc_data.catalog"))
                .extracting(r -> ((Number) r.get("run")).intValue()).containsExactly(3);
        assertThat(DuckDbTesting.count(db(), "oc_data.catalog")).isEqualTo(6);
        // start_value is where run 3 began: run 2's last value, or run 1's when the kill discarded run 2
        Map<String, Object> stored = new LinkedHashMap<>(cursor(next.state()));
        Map<String, Object> expected = new LinkedHashMap<>(uninterrupted());
        assertThat(stored.remove("start_value")).isIn("\uF0272024-05-01T00:00:03+00:00", expected.remove("start_value"));
        assertThat(stored).isEqualTo(expected);
        assertThat(list("normalize/extracted")).isEmpty();
        assertThat(list("load/normalized")).isEmpty();
        // one _dlt_loads row per package that loaded rows: none loaded twice
        assertThat(DuckDbTesting.query(db(), "SELECT _dlt_load_id FROM oc_data.orders GROUP BY _dlt_load_id"
                + " HAVING _dlt_load_id NOT IN (SELECT load_id FROM oc_data._dlt_loads)")).isEmpty();
    }

    private static Map<String, Object> uninterrupted;

    /** The cursor three uninterrupted overlapped runs (orders 1..10, 1..25, 1..30) store; made once. */
    private static synchronized Map<String, Object> uninterrupted() throws IOException {
        if (uninterrupted == null) {
            Path dir = Files.createTempDirectory("overlap-crash-reference");
            try {
                Pipeline reference = pipeline(dir);
                int run = 1;
                for (int n : new int[] {10, 25, 30}) {
                    reference.run(source(n, run++));
                }
                uninterrupted = cursor(reference.state());
            } finally {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        return uninterrupted;
    }

    private List<Path> list(String folder) throws IOException {
        Path dir = tmp.resolve("pipelines/oc").resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private Path db() {
        return tmp.resolve("oc.duckdb");
    }

    private Path log() {
        return tmp.resolve("child.log");
    }

    private String logText() throws IOException {
        return ChildJvm.logText(log());
    }

    private Process startChild(String point) throws IOException {
        return ChildJvm.start(OverlapCrashTest.class, log(), tmp.toString(), point);
    }

    private int waitFor(Process p) throws Exception {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the child did not end in 120 s; its log:\n" + logText());
        }
        return p.exitValue();
    }

    /** The child: {@code <dir> <point>#<nth>} runs run 2 (orders 1..25: 7 packages) and halts at the nth point. */
    public static void main(String[] args) {
        int hash = args[1].lastIndexOf('#');
        int nth = Integer.parseInt(args[1].substring(hash + 1));
        if (nth > 0) {
            CrashPointHook.haltAt(args[1].substring(0, hash), nth);
        }
        pipeline(Path.of(args[0])).run(source(25, 2));
        System.exit(0);
    }
}
