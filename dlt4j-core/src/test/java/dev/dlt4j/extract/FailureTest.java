package dev.dlt4j.extract;

import static dev.dlt4j.extract.ExtractTesting.config;
import static dev.dlt4j.extract.ExtractTesting.extract;
import static dev.dlt4j.extract.ExtractTesting.items;
import static dev.dlt4j.extract.ExtractTesting.livePoolThreads;
import static dev.dlt4j.extract.ExtractTesting.page;
import static dev.dlt4j.extract.ExtractTesting.storage;
import static dev.dlt4j.extract.ExtractTesting.tempPackages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.Transformer;
import dev.dlt4j.DataWriterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure anywhere stops the extract. Each source also holds parallelized resources whose steps
 * block until interrupted: the extract can only return because the failure interrupted them, and
 * afterwards no pool thread is alive and nothing is left for normalize.
 */
class FailureTest {
    /** Hang guard only: a broken implementation blocks forever; a working one returns at once. */
    private static final Duration GUARD = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private final CountDownLatch started = new CountDownLatch(2);
    /** When the failure was thrown, to report (not assert) how long stopping took. */
    private volatile long failedAt;

    private RuntimeException fail(RuntimeException e) {
        failedAt = System.nanoTime();
        return e;
    }

    /**
     * A parallelized resource whose first step blocks until its thread is interrupted. Declared
     * first, both are submitted to the pool before the failing resource is pulled (fifo).
     */
    private Resource blockedForever(String name) {
        return Resource.fromIterator(name, () -> items(2, n -> {
            if (n == 1) {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                }
            }
            return page(name + n);
        })).parallelized();
    }

    /** Waits until both blocking resources are blocked, so the failure happens while they run. */
    private void awaitBlocked() {
        try {
            started.await(GUARD.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private PipelineException extractFailing(Resource failing) {
        Source source = Source.of("shop", blockedForever("slow_a"), blockedForever("slow_b"), failing);
        PipelineException e = assertTimeoutPreemptively(GUARD, () -> catchThrowableOfType(PipelineException.class,
                () -> extract(tmp, source, DataWriterConfig.DEFAULTS.withBufferMaxItems(1), config(5, 20))));
        System.out.printf("stopped %.1f ms after the failure was thrown: %s%n",
                (System.nanoTime() - failedAt) / 1e6, e.getMessage());
        return e;
    }

    @AfterEach
    void nothingLeftBehind() {
        assertThat(livePoolThreads()).isEmpty();
        assertThat(storage(tmp).extractedPackages()).isEmpty();
        assertThat(tempPackages(tmp)).isEmpty();
    }

    @Test
    void aThrowingResourceNamesPipelineSourceResourceAndItem() {
        Resource failing = Resource.fromIterator("orders", () -> items(5, n -> {
            if (n == 1) {
                awaitBlocked();
            }
            if (n == 3) {
                throw fail(new IllegalStateException("the API returned 500"));
            }
            return page("o" + n);
        }));
        PipelineException e = extractFailing(failing);
        assertThat(e).hasMessageStartingWith("Pipeline extract_test, stage extract, source shop, resource orders,"
                + " table orders, item 3: the resource threw java.lang.IllegalStateException: the API returned 500");
        assertThat(e.context()).containsEntry("resource", "orders").containsEntry("table", "orders")
                .containsEntry("item", "3");
        assertThat(e).hasRootCauseMessage("the API returned 500");
    }

    @Test
    void aThrowingDeferredItemNamesItsResourceAndItem() {
        Resource failing = Resource.fromIterator("orders", () -> items(5, n -> (Callable<Object>) () -> {
            if (n == 1) {
                awaitBlocked();
            }
            if (n == 2) {
                throw fail(new IllegalArgumentException("bad order 2"));
            }
            return page("o" + n);
        }));
        PipelineException e = extractFailing(failing);
        assertThat(e).hasMessageStartingWith("Pipeline extract_test, stage extract, source shop, resource orders,"
                + " table orders, item 2: a deferred item threw java.lang.IllegalArgumentException: bad order 2");
    }

    @Test
    void aThrowingTransformerNamesTheTransformerAndItsInputItem() {
        Resource ids = Resource.fromIterator("ids", () -> items(5, n -> Map.of("id", n)));
        Resource failing = Transformer.from("details", ids, row -> {
            int id = (Integer) ((Map<?, ?>) row).get("id");
            if (id == 1) {
                awaitBlocked();
            }
            if (id == 4) {
                throw fail(new IllegalStateException("no details for 4"));
            }
            return Map.of("id", id, "detail", "d");
        });
        PipelineException e = extractFailing(failing);
        assertThat(e).hasMessageStartingWith("Pipeline extract_test, stage extract, source shop, resource details,"
                + " table details, item 4: the transformer threw java.lang.IllegalStateException: no details for 4");
    }

    @Test
    void aThrowingParallelizedTransformerNamesTheTransformerAndItsInputItem() {
        Resource ids = Resource.fromIterator("ids", () -> items(5, n -> Map.of("id", n)));
        Resource failing = Transformer.from("details", ids, row -> {
            int id = (Integer) ((Map<?, ?>) row).get("id");
            if (id == 2) {
                throw fail(new IllegalStateException("no details for 2"));
            }
            return Map.of("id", id);
        }).parallelized();
        PipelineException e = extractFailing(failing);
        assertThat(e).hasMessageContaining("resource details, table details, item 2: the transformer")
                .hasMessageContaining("no details for 2");
    }

    @Test
    void aThrowingStepNamesTheResourceAndItem() {
        Resource failing = Resource.fromIterator("orders", () -> items(5, n -> page("o" + n))).map(row -> {
            if ("o3".equals(((Map<?, ?>) row).get("tag"))) {
                throw fail(new IllegalStateException("cannot map o3"));
            }
            return row;
        });
        PipelineException e = extractFailing(failing);
        assertThat(e).hasMessageContaining("resource orders, table orders, item 3: step 1 (MapStep) threw")
                .hasMessageContaining("cannot map o3");
    }

    @Test
    void interruptingTheExtractingThreadStopsItAndKeepsTheInterruptStatus() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        Resource waiting = Resource.fromIterator("waiting", () -> items(3, n -> {
            if (n == 2) {
                fetching.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // a well-behaved client keeps the status
                    throw new IllegalStateException("fetch interrupted", e);
                }
            }
            return page("w" + n);
        }));
        Source source = Source.of("shop", blockedForever("slow_a"), waiting);
        Throwable[] thrown = new Throwable[1];
        boolean[] interruptedAfter = new boolean[1];
        Thread t = new Thread(() -> {
            try {
                extract(tmp, source, DataWriterConfig.DEFAULTS, config(5, 20));
            } catch (Throwable e) {
                thrown[0] = e;
            }
            interruptedAfter[0] = Thread.currentThread().isInterrupted();
        });
        t.start();
        assertThat(fetching.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
        t.interrupt();
        t.join(GUARD.toMillis());
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown[0]).isInstanceOf(PipelineException.class)
                .hasMessageContaining("Pipeline extract_test, stage extract, source shop: extraction was interrupted");
        assertThat(interruptedAfter[0]).isTrue();
    }

    @Test
    void aFailedExtractLeavesEarlierPackagesAndAddsNothing() {
        Resource good = Resource.fromIterator("good", () -> items(2, n -> page("g" + n)));
        extract(tmp, Source.of("shop", good), DataWriterConfig.DEFAULTS, config(5, 20));
        assertThat(storage(tmp).extractedPackages()).hasSize(1);
        Resource bad = Resource.fromIterator("bad", () -> items(2, n -> {
            throw new IllegalStateException("boom");
        }));
        catchThrowableOfType(PipelineException.class,
                () -> extract(tmp, Source.of("shop", bad), DataWriterConfig.DEFAULTS, config(5, 20)));
        assertThat(storage(tmp).extractedPackages()).hasSize(1);
        // clean up so the common check (no extracted package) applies to the failed run only
        for (var p : storage(tmp).extractedPackages()) {
            deleteTree(p.root());
        }
    }

    private static void deleteTree(Path root) {
        try (var s = java.nio.file.Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
