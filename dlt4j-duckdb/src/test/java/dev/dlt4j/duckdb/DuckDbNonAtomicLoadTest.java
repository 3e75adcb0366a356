package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.LoadConfig;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README: "DuckDB and PostgreSQL with {@code atomic_packages = false}: jobs load on up to {@code workers} connections". */
class DuckDbNonAtomicLoadTest {
    private static final int WORKERS = 3;

    @TempDir
    Path tmp;

    @Test
    void jobsLoadInParallelOnAtMostWorkersConnections() {
        // the first WORKERS jobs each wait until all WORKERS have started: they finish only if they
        // run at the same time (no timing; a loader that ran them one by one would time out the latch)
        CountDownLatch started = new CountDownLatch(WORKERS);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Path db = tmp.resolve("parallel.duckdb");
        Pipeline p = Pipeline.builder("parallel")
                .destination(new FaultyDestination(db, job -> {
                    threads.add(Thread.currentThread());
                    started.countDown();
                    try {
                        if (!started.await(30, TimeUnit.SECONDS)) {
                            throw new AssertionError("jobs did not run " + WORKERS + " at a time");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }))
                .dataset("parallel_data").pipelinesDir(tmp.resolve("pipelines"))
                .normalizeDataWriter(DataWriterConfig.DEFAULTS.withFileMaxItems(100))
                .load(new LoadConfig(WORKERS, false, true).withAtomicPackages(false)).build();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", i);
            row.put("name", "n" + i);
            rows.add(row);
        }

        LoadInfo info = p.run(Resource.of("many", rows));

        assertThat(started.getCount()).isZero();
        // each job runs on its own duplicate of the client's connection, on one of WORKERS threads
        assertThat(threads).hasSize(WORKERS);
        assertThat(info.rows("many")).isEqualTo(3000);
        assertThat(query(db, "SELECT count(*) AS n, count(DISTINCT id) AS d FROM parallel_data.many"))
                .containsExactly(Map.of("n", 3000L, "d", 3000L));
        assertThat(count(db, "parallel_data._dlt_loads")).isEqualTo(1);
    }
}
