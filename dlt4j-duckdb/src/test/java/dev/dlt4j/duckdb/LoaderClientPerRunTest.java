package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.ExtractConfig;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of "one destination client per run": the DuckDB file is closed (checkpointed, no WAL) when
 * {@code run} returns or fails, the dataset reads it between runs, a run failing in its second
 * package of four keeps the first and the next run loads the rest once, no loader thread is left.
 */
class LoaderClientPerRunTest {
    @TempDir
    Path tmp;

    private static Source events(int run) {
        List<Map<String, Object>> rows = IntStream.range(0, 20)
                .mapToObj(i -> Map.<String, Object>of("id", run * 100 + i)).toList();
        return Source.of("shop", Resource.of("events", rows));
    }

    private Pipeline pipeline(String name, dev.dlt4j.spi.Destination destination) {
        return Pipeline.builder(name).destination(destination).dataset(name + "_data")
                .pipelinesDir(tmp.resolve("pipelines")).extract(ExtractConfig.DEFAULTS.withPackageMaxItems(5)).build();
    }

    private static Set<String> loaderThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("dlt4j-load") || n.contains("duckdb")).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void aRunFailingInItsSecondPackageKeepsTheFirstClosesTheFileAndTheNextRunLoadsTheRestOnce() {
        Path db = tmp.resolve("rvl_pkg.duckdb");
        Set<String> before = loaderThreads();
        // the first events job loads; every later one fails (a connection lost after the first package, say)
        java.util.concurrent.atomic.AtomicInteger jobs = new java.util.concurrent.atomic.AtomicInteger();
        FaultyDestination failing = new FaultyDestination(db, job -> {
            if (job.table().equals("events") && jobs.incrementAndGet() > 1) {
                throw new IllegalStateException("rvl: the connection was lost");
            }
        });
        Pipeline p = pipeline("rvl_pkg", failing);
        assertThatThrownBy(() -> p.run(events(1))).hasMessageContaining("rvl_pkg");
        // the file is closed: checkpointed (no WAL), readable by another connection, and the dataset reads it
        assertThat(Files.exists(Path.of(db + ".wal"))).as("WAL left after a failed run").isFalse();
        assertThat(DuckDbTesting.count(db, "rvl_pkg_data.events")).isEqualTo(5);
        assertThat(pipeline("rvl_pkg", DuckDbDestination.at(db)).dataset().table("events").fetchAll()).hasSize(5);

        Pipeline again = pipeline("rvl_pkg", DuckDbDestination.at(db));
        LoadInfo info = again.run(events(2));
        assertThat(Files.exists(Path.of(db + ".wal"))).as("WAL left after a run").isFalse();
        List<Map<String, Object>> ids = DuckDbTesting.query(db, "SELECT id, count(*) AS n FROM rvl_pkg_data.events"
                + " GROUP BY id ORDER BY id");
        assertThat(ids).hasSize(40);
        assertThat(ids).allSatisfy(r -> assertThat(((Number) r.get("n")).longValue()).isEqualTo(1));
        assertThat(DuckDbTesting.count(db, "rvl_pkg_data._dlt_loads")).isEqualTo(8);
        assertThat(DuckDbTesting.query(db, "SELECT count(DISTINCT load_id) AS n FROM rvl_pkg_data._dlt_loads"
                + " WHERE status = 0").get(0).get("n")).isEqualTo(8L);
        assertThat(again.dataset().table("events").fetchAll()).hasSize(40);
        // a third run in the same JVM after dataset() reads: the file opens again
        again.run(events(3));
        assertThat(again.dataset().table("events").fetchAll()).hasSize(60);
        Set<String> after = loaderThreads();
        after.removeAll(before);
        assertThat(after).as("threads left").isEmpty();
    }

    /** 20 rows whose ids repeat every 5 (so every package of 5 rows holds ids 0..4), names by run. */
    private static Source users(int run, dev.dlt4j.WriteDisposition disposition) {
        List<Map<String, Object>> rows = IntStream.range(0, 20)
                .mapToObj(i -> Map.<String, Object>of("id", i % 5, "name", "r" + run + "-" + i)).toList();
        return Source.of("shop", Resource.of("users", rows).writeDisposition(disposition).primaryKey("id"));
    }

    @Test
    void mergeAndReplaceAcrossFourPackagesOfOneRunKeepTheLastPackagesRows() {
        Path db = tmp.resolve("rvl_merge.duckdb");
        Pipeline p = pipeline("rvl_merge", DuckDbDestination.at(db));
        LoadInfo merged = p.run(users(1, dev.dlt4j.WriteDisposition.MERGE));
        assertThat(merged.loadIds()).hasSize(4);
        assertThat(DuckDbTesting.query(db, "SELECT id, name FROM rvl_merge_data.users ORDER BY id"))
                .extracting(r -> r.get("name")).containsExactly("r1-15", "r1-16", "r1-17", "r1-18", "r1-19");
        assertThat(Files.exists(Path.of(db + ".wal"))).isFalse();
        // replace in a run of four packages: the first package empties the table, the others append
        Pipeline r = pipeline("rvl_replace", DuckDbDestination.at(tmp.resolve("rvl_replace.duckdb")));
        r.run(users(1, dev.dlt4j.WriteDisposition.REPLACE));
        r.run(users(2, dev.dlt4j.WriteDisposition.REPLACE));
        assertThat(DuckDbTesting.count(tmp.resolve("rvl_replace.duckdb"), "rvl_replace_data.users")).isEqualTo(20);
        assertThat(DuckDbTesting.query(tmp.resolve("rvl_replace.duckdb"),
                "SELECT count(*) AS n FROM rvl_replace_data.users WHERE name LIKE 'r2-%'").get(0).get("n")).isEqualTo(20L);
        // and a refresh that drops the source's tables in a run of four packages
        Pipeline d = pipeline("rvl_replace", DuckDbDestination.at(tmp.resolve("rvl_replace.duckdb")));
        d.run(users(3, dev.dlt4j.WriteDisposition.APPEND), dev.dlt4j.Refresh.DROP_SOURCES);
        assertThat(DuckDbTesting.query(tmp.resolve("rvl_replace.duckdb"),
                "SELECT count(*) AS n FROM rvl_replace_data.users WHERE name LIKE 'r3-%'").get(0).get("n")).isEqualTo(20L);
        assertThat(DuckDbTesting.count(tmp.resolve("rvl_replace.duckdb"), "rvl_replace_data.users")).isEqualTo(20);
        assertThat(DuckDbTesting.count(tmp.resolve("rvl_replace.duckdb"), "rvl_replace_data._dlt_loads")).isEqualTo(12);
    }
}
