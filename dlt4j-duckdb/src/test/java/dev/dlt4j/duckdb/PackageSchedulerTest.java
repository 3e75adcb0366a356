package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.LoadConfig;
import dev.dlt4j.spi.CrashPointHook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With several packages pending, a run loads package N while it normalizes package N+1. Overlap,
 * not speed: each stage waits at a point inside its package until the other stage is inside its
 * own, so the run passes only if both were in progress at once (a run of one stage after the
 * other would wait out the 30 s guard and fail). A failure of one stage leaves the other's package
 * committed or untouched, and the next run finishes every package once.
 */
class PackageSchedulerTest {
    static final int ROWS = 5;

    @TempDir
    Path tmp;

    @AfterEach
    void clearHook() {
        CrashPointHook.clear();
    }

    private Pipeline pipeline() {
        return DuckDbTesting.pipeline(tmp, "sched")
                .load(new LoadConfig(1, false, true, ReplaceStrategy.TRUNCATE_AND_INSERT, false)).build();
    }

    private static Source pkg(int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(Map.of("id", n * 100 + i, "pkg", n));
        }
        return Source.of("sched", Resource.of("t", rows));
    }

    /** Waits for a latch; false when the 30 s hang guard ran out (the other stage never got there). */
    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Path db() {
        return tmp.resolve("sched.duckdb");
    }

    /** Packages per run id, from the loaded rows; each (pkg, id) once. */
    private void assertEveryPackageLoadedOnce(int packages) {
        List<Map<String, Object>> rows = DuckDbTesting.query(db(),
                "SELECT pkg, count(*) AS n, count(DISTINCT id) AS ids FROM sched_data.t GROUP BY pkg ORDER BY pkg");
        assertThat(rows).hasSize(packages);
        for (Map<String, Object> r : rows) {
            assertThat(((Number) r.get("n")).intValue()).isEqualTo(ROWS);
            assertThat(((Number) r.get("ids")).intValue()).isEqualTo(ROWS);
        }
        assertThat(DuckDbTesting.count(db(), "sched_data._dlt_loads")).isEqualTo(packages);
        assertThat(list("normalize/extracted")).isEmpty();
        assertThat(list("load/normalized")).isEmpty();
    }

    private List<Path> list(String folder) {
        Path dir = tmp.resolve("pipelines/sched").resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void packageNLoadsWhilePackageNPlusOneIsNormalized() {
        Pipeline p = pipeline();
        for (int n = 1; n <= 3; n++) {
            p.extract(pkg(n));
        }
        CountDownLatch loading1 = new CountDownLatch(1);
        CountDownLatch normalizing2 = new CountDownLatch(1);
        AtomicInteger normalizeCommits = new AtomicInteger();
        AtomicInteger jobsStarted = new AtomicInteger();
        AtomicBoolean loadSawNormalize = new AtomicBoolean();
        AtomicBoolean normalizeSawLoad = new AtomicBoolean();
        List<String> loadThreads = java.util.Collections.synchronizedList(new ArrayList<>());
        CrashPointHook.on(point -> {
            if (point.equals("normalize.before_commit") && normalizeCommits.incrementAndGet() == 2) {
                normalizing2.countDown();
                normalizeSawLoad.set(await(loading1));
            } else if (point.equals("job.new_to_started.before")) {
                loadThreads.add(Thread.currentThread().getName());
                if (jobsStarted.incrementAndGet() == 1) {
                    loading1.countDown();
                    loadSawNormalize.set(await(normalizing2));
                }
            }
        });
        p.run(pkg(4));
        CrashPointHook.clear();
        assertThat(normalizeSawLoad).as("package 2 was normalized while package 1 loaded").isTrue();
        assertThat(loadSawNormalize).as("package 1 loaded while package 2 was normalized").isTrue();
        assertThat(loadThreads.get(0)).isEqualTo("dlt4j-load-sched");
        assertEveryPackageLoadedOnce(4);
        // load order is package order
        List<String> loadIds = DuckDbTesting.query(db(), "SELECT load_id FROM sched_data._dlt_loads ORDER BY"
                + " inserted_at").stream().map(r -> (String) r.get("load_id")).toList();
        assertThat(loadIds).isSorted();
        assertThat(p.lastTrace().orElseThrow().steps()).extracting(s -> s.step())
                .containsExactly("normalize", "load", "extract", "normalize", "load");
    }

    @Test
    void aLoadFailureLetsTheNormalizeInProgressCommitAndTheNextRunFinishesEverything() {
        Pipeline p = pipeline();
        for (int n = 1; n <= 3; n++) {
            p.extract(pkg(n));
        }
        CountDownLatch normalizing2 = new CountDownLatch(1);
        AtomicInteger normalizeCommits = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        CrashPointHook.on(point -> {
            if (point.equals("normalize.before_commit") && normalizeCommits.incrementAndGet() == 2) {
                normalizing2.countDown();
            } else if (point.equals("load.before_complete_load") && !failed.getAndSet(true)) {
                await(normalizing2);
                throw new IllegalStateException("injected: the destination went away");
            }
        });
        assertThatThrownBy(() -> p.run(pkg(4))).isInstanceOf(PipelineException.class)
                .hasMessageContaining("injected: the destination went away")
                .satisfies(e -> assertThat(((PipelineException) e).context()).containsEntry("stage", "load"));
        CrashPointHook.clear();
        // package 1 waits to load again, package 2 was normalized meanwhile and committed
        assertThat(list("load/normalized")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(DuckDbTesting.countOrZero(db(), "sched_data", "_dlt_loads")).isZero();
        pipeline().run(pkg(4));
        assertEveryPackageLoadedOnce(4);
    }

    @Test
    void aNormalizeFailureLetsTheLoadInProgressFinishAndTheNextRunFinishesEverything() {
        Pipeline p = pipeline();
        for (int n = 1; n <= 3; n++) {
            p.extract(pkg(n));
        }
        CountDownLatch loading1 = new CountDownLatch(1);
        AtomicInteger normalizeCommits = new AtomicInteger();
        AtomicInteger jobsStarted = new AtomicInteger();
        CrashPointHook.on(point -> {
            if (point.equals("job.new_to_started.before") && jobsStarted.incrementAndGet() == 1) {
                loading1.countDown();
            } else if (point.equals("normalize.before_commit") && normalizeCommits.incrementAndGet() == 2) {
                await(loading1);
                throw new IllegalStateException("injected: the disk is full");
            }
        });
        assertThatThrownBy(() -> p.run(pkg(4))).isInstanceOf(PipelineException.class)
                .hasMessageContaining("injected: the disk is full")
                .satisfies(e -> assertThat(((PipelineException) e).context()).containsEntry("stage", "normalize"));
        CrashPointHook.clear();
        // package 1 was loading when normalize failed: it finished and committed; 2 and 3 wait in extracted
        assertThat(DuckDbTesting.count(db(), "sched_data._dlt_loads")).isEqualTo(1);
        assertThat(list("normalize/extracted")).hasSize(2);
        pipeline().run(pkg(4));
        assertEveryPackageLoadedOnce(4);
    }
}
