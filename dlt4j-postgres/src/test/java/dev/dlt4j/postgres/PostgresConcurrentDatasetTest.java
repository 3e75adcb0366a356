package dev.dlt4j.postgres;

import static dev.dlt4j.postgres.PostgresTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipelines that create the same new dataset at the same moment take turns instead of failing. */
class PostgresConcurrentDatasetTest {
    static final int PIPELINES = 4;
    static final int TRIALS = 3;

    @TempDir
    Path tmp;

    private final List<String> datasets = new ArrayList<>();

    @BeforeEach
    void server() {
        requireServer();
    }

    @AfterEach
    void drop() {
        datasets.forEach(PostgresTesting::dropSchema);
    }

    @Test
    void pipelinesCreatingTheSameNewDatasetAtOnceAllLoad() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PIPELINES);
        try {
            for (int trial = 0; trial < TRIALS; trial++) {
                String dataset = uniqueDataset("race");
                datasets.add(dataset);
                // every pipeline extracts and normalizes first, then all start loading (creating the dataset,
                // its system tables and the same data tables) together
                CyclicBarrier atLoad = new CyclicBarrier(PIPELINES);
                List<CompletableFuture<Void>> runs = new ArrayList<>();
                for (int p = 0; p < PIPELINES; p++) {
                    Pipeline pipeline = Pipeline.builder("race_" + trial + "_" + p).destination(URI).dataset(dataset)
                            .pipelinesDir(tmp.resolve("pipelines")).build();
                    int id = p;
                    runs.add(CompletableFuture.runAsync(() -> {
                        pipeline.extract(Resource.of("events", List.of(Map.of("id", id, "tags", List.of("a", "b")))));
                        pipeline.normalize();
                        await(atLoad);
                        pipeline.load();
                    }, pool));
                }
                CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
                String q = "\"" + dataset + "\"";
                assertThat(query("SELECT count(*) AS n FROM " + q + ".events").get(0).get("n")).isEqualTo((long) PIPELINES);
                assertThat(query("SELECT count(*) AS n FROM " + q + ".events__tags").get(0).get("n"))
                        .isEqualTo(2L * PIPELINES);
                assertThat(query("SELECT count(*) AS n FROM " + q + "._dlt_loads").get(0).get("n"))
                        .isEqualTo((long) PIPELINES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the pipelines did not all reach the load", e);
        }
    }
}
