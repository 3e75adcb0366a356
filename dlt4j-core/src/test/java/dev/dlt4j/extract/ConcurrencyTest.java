package dev.dlt4j.extract;

import dev.dlt4j.ExtractInfo;
import static dev.dlt4j.extract.ExtractTesting.config;
import static dev.dlt4j.extract.ExtractTesting.extract;
import static dev.dlt4j.extract.ExtractTesting.items;
import static dev.dlt4j.extract.ExtractTesting.page;
import static dev.dlt4j.extract.ExtractTesting.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.Transformer;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.NextItemMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Overlap, not speed: every blocking step counts itself as running and then waits until the
 * expected overlap has been seen, so the test passes only if that many ran at the same time, and
 * the pool size alone keeps the maximum from going higher.
 */
class ConcurrencyTest {
    @TempDir
    Path tmp;

    /** Counts concurrently running work and holds each piece until {@code target} ran at once. */
    static final class Overlap {
        private final int target;
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger max = new AtomicInteger();

        Overlap(int target) {
            this.target = target;
        }

        void run() {
            int now = running.incrementAndGet();
            max.accumulateAndGet(now, Math::max);
            try {
                synchronized (this) {
                    notifyAll();
                    long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // a hang guard, not a timing
                    while (max.get() < target && System.nanoTime() < guard) {
                        wait(100);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
        }

        int max() {
            return max.get();
        }
    }

    private static Resource blockingPages(String name, Overlap overlap) {
        return Resource.fromIterator(name, () -> items(3, n -> {
            overlap.run();
            return page(name + n);
        })).tableName("all").parallelized();
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {1, 2, 4, 5})
    void fourParallelizedResourcesRunMinOfWorkersAndFourStepsAtOnce(int workers) {
        Overlap overlap = new Overlap(Math.min(workers, 4));
        Source source = Source.of("par", blockingPages("a", overlap), blockingPages("b", overlap),
                blockingPages("c", overlap), blockingPages("d", overlap));
        ExtractInfo info = extract(tmp, source, DataWriterConfig.DEFAULTS, config(workers, 20));
        assertThat(overlap.max()).isEqualTo(Math.min(workers, 4));
        List<String> tags = tags(tmp, "all");
        assertThat(tags).hasSize(12);
        for (String r : List.of("a", "b", "c", "d")) {
            // one resource still yields its pages in order
            assertThat(tags.stream().filter(t -> t.startsWith(r)).toList()).containsExactly(r + 1, r + 2, r + 3);
        }
        // queued or running: at least those seen running, at most one step per resource
        assertThat(info.maxDeferredInFlight()).isBetween(Math.min(workers, 4), 4);
    }

    @ParameterizedTest
    @EnumSource(NextItemMode.class)
    void parallelizedResourcesOverlapInEitherMode(NextItemMode mode) {
        Overlap overlap = new Overlap(4);
        Source source = Source.of("par", blockingPages("a", overlap), blockingPages("b", overlap),
                blockingPages("c", overlap), blockingPages("d", overlap));
        extract(tmp, source, DataWriterConfig.DEFAULTS, new ExtractConfig(5, 20, mode));
        assertThat(overlap.max()).isEqualTo(4);
    }

    @Test
    void maxParallelItemsCapsDeferredItemsInFlight() {
        Overlap overlap = new Overlap(2);
        Resource deferred = Resource.fromIterator("deferred", () -> items(10, n -> (Callable<Object>) () -> {
            overlap.run();
            return page("d" + n);
        }));
        ExtractInfo info = extract(tmp, Source.of("par", deferred), DataWriterConfig.DEFAULTS, config(5, 2));
        assertThat(overlap.max()).isEqualTo(2);
        assertThat(info.maxDeferredInFlight()).isEqualTo(2);
        assertThat(tags(tmp, "deferred")).hasSize(10);
    }

    @Test
    void oneWorkerSerialisesDeferredItemsAndTheyAreWrittenInSubmissionOrder() throws java.io.IOException {
        // repeated: results that complete while the extracting thread scans for done items must not
        // overtake earlier ones (a race this test caught about once in 150 runs before the fix)
        for (int run = 0; run < 50; run++) {
            Path dir = java.nio.file.Files.createDirectories(tmp.resolve("run" + run));
            Overlap overlap = new Overlap(1);
            Resource deferred = Resource.fromIterator("deferred", () -> items(10, n -> (Supplier<Object>) () -> {
                overlap.run();
                return page("d" + n);
            }));
            extract(dir, Source.of("par", deferred), DataWriterConfig.DEFAULTS, config(1, 20));
            assertThat(overlap.max()).isEqualTo(1);
            assertThat(tags(dir, "deferred")).containsExactly("d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9",
                    "d10");
        }
    }

    @Test
    void perResourceMaxParallelItemsCapsThatResourceOnly() {
        Overlap overlap = new Overlap(1);
        Resource deferred = Resource.fromIterator("slow_api", () -> items(6, n -> (Callable<Object>) () -> {
            overlap.run();
            return page("d" + n);
        }));
        Extractor extractor = new Extractor(ExtractTesting.storage(tmp), ExtractTesting.PIPELINE,
                dev.dlt4j.schema.NamingConvention.snakeCase(), DataWriterConfig.DEFAULTS, config(5, 20))
                .withResourceConfig(r -> r.name().equals("slow_api") ? config(5, 1) : config(5, 20));
        extractor.extract(Source.of("par", deferred), dev.dlt4j.schema.Schema.empty("par"));
        assertThat(overlap.max()).isEqualTo(1);
    }

    @Test
    void parallelizedTransformerRunsItsFunctionForSeveralParentItemsAtOnce() {
        Overlap overlap = new Overlap(3);
        Resource parent = Resource.fromIterator("ids", () -> items(3, n -> Map.of("id", n)));
        Resource details = Transformer.from("details", parent, row -> {
            overlap.run();
            return Map.of("tag", "detail" + ((Map<?, ?>) row).get("id"));
        }).parallelized();
        extract(tmp, Source.of("par", details), NextItemMode.FIFO);
        assertThat(overlap.max()).isEqualTo(3);
        assertThat(tags(tmp, "details")).containsExactlyInAnyOrder("detail1", "detail2", "detail3");
    }

    @Test
    void deferredResultsGoThroughTheStepsAfterTheData() {
        List<Object> futures = new ArrayList<>();
        futures.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> page("cf")));
        futures.add((Supplier<Object>) () -> page("supplier"));
        futures.add((Callable<Object>) () -> page("callable"));
        Resource r = Resource.of("deferred", futures)
                .map(row -> Map.of("tag", ((Map<?, ?>) row).get("tag") + "_mapped"));
        extract(tmp, Source.of("par", r), DataWriterConfig.DEFAULTS, config(1, 20));
        assertThat(tags(tmp, "deferred")).containsExactlyInAnyOrder("cf_mapped", "supplier_mapped",
                "callable_mapped");
    }
}
