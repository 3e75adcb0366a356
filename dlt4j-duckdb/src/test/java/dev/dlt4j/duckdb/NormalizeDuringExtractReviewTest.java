package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.NormalizeConfig;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.NextItemMode;
import dev.dlt4j.PipelineException;
import dev.dlt4j.SchemaContract;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Review of normalizing during extract (branch streamnorm): cases where a run with
 * {@code [normalize] during_extract} on must leave what a run with it off leaves.
 */
class NormalizeDuringExtractReviewTest {
    @TempDir
    Path tmp;

    /** The columns of {@code dataset.table} as DuckDB holds them, in their order, with their types. */
    private List<String> columns(String name, String table) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : DuckDbTesting.query(tmp.resolve(name + ".duckdb"), "SELECT column_name, data_type"
                + " FROM information_schema.columns WHERE table_schema = '" + name + "_data' AND table_name = '" + table
                + "' ORDER BY ordinal_position")) {
            out.add(r.get("column_name") + " " + r.get("data_type"));
        }
        return out;
    }

    /** Row 0 holds a number in {@code score}, rows 1..19 text: normalized in the order written, a text variant. */
    private static List<Map<String, Object>> numberThenText() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", i);
            r.put("score", i == 0 ? (Object) 7L : "s" + i);
            rows.add(r);
        }
        return rows;
    }

    /**
     * With {@code [extract.data_writer] file_max_items} set by the user, a table's rows span several
     * extracted files; normalize must read them in the order they were written whether or not it
     * runs during extract, else the first value it meets (and so a column's type and its variants)
     * depends on random file ids, and the two settings give different tables.
     */
    @Test
    void userFileMaxItemsGivesTheSameTablesWithDuringExtractOnAndOff() {
        DataWriterConfig oneRowPerFile = DataWriterConfig.DEFAULTS.withFileMaxItems(1).withBufferMaxItems(1);
        for (int attempt = 0; attempt < 2; attempt++) {
            String on = "ufm_on" + attempt;
            String off = "ufm_off" + attempt;
            Pipeline a = DuckDbTesting.pipeline(tmp, on).extractDataWriter(oneRowPerFile)
                    .normalize(NormalizeConfig.DEFAULTS.withDuringExtract(true)).build();
            Pipeline b = DuckDbTesting.pipeline(tmp, off).extractDataWriter(oneRowPerFile)
                    .normalize(NormalizeConfig.DEFAULTS.withDuringExtract(false)).build();
            a.run(Source.of("shop", Resource.of("events", numberThenText())));
            b.run(Source.of("shop", Resource.of("events", numberThenText())));
            // the first row written decides: score is a number, the later text goes to a variant
            assertThat(columns(on, "events")).as("during_extract on").contains("score BIGINT", "score__v_text VARCHAR");
            assertThat(columns(off, "events")).as("during_extract off").isEqualTo(columns(on, "events"));
        }
    }

    /** A record: its rows go into typed-columns files of the table, next to the maps' files. */
    public record Audit(long id, String amount, String note) {
    }

    /**
     * Maps into {@code events} (text then numbers in {@code amount}, a column from row 40, nested
     * lines), records into the same table from a second resource, a {@code columns: discard_row}
     * table whose refused row comes late, a {@code data_type: discard_value} table whose bad value
     * comes late, and a table with {@code max_table_nesting = 1}; with {@code watch}, events waits
     * at row 60 until normalize has written a job row (so files really are normalized early).
     */
    static Source mixed(int run, Path watch) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", run * 1000 + i);
            r.put("amount", i < 30 ? (Object) ("t" + i) : (Object) (i * 1.5));
            if (i >= 40) {
                r.put("late", i % 2 == 0);
            }
            r.put("lines", List.of(Map.of("sku", "a" + i, "qty", i), Map.of("sku", "b" + i)));
            events.add(r);
        }
        List<Object> audits = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            audits.add(new Audit(run * 1000 + 500 + i, i % 3 == 0 ? null : "r" + i, "n" + i));
        }
        List<Map<String, Object>> accounts = new ArrayList<>();
        List<Map<String, Object>> prices = new ArrayList<>();
        List<Map<String, Object>> deep = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", run * 1000 + i);
            a.put("name", "acc" + i);
            if (run == 2 && i == 45) {
                a.put("surprise", "refused row"); // a new column in a late file: the row is discarded
            }
            accounts.add(a);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", run * 1000 + i);
            p.put("price", run == 2 && i == 44 ? (Object) "not a number" : (Object) (long) i);
            prices.add(p);
            deep.add(Map.of("id", run * 1000 + i, "l1", List.of(Map.of("l2", List.of(Map.of("v", i))))));
        }
        Resource ev = Resource.fromIterator("events", () -> new Iterator<Object>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < events.size();
            }

            @Override
            public Object next() {
                if (next == 60 && watch != null) {
                    awaitJobRows(watch.resolve("load/new"));
                }
                return events.get(next++);
            }
        });
        return Source.of("mix", ev, Resource.of("audit", audits).tableName("events"),
                Resource.of("x_accounts", accounts).schemaContract(SchemaContract.parse(Map.of("columns",
                        "discard_row"))),
                Resource.of("x_prices", prices).schemaContract(SchemaContract.parse(Map.of("data_type",
                        "discard_value"))),
                Resource.of("y_deep", deep).maxTableNesting(1));
    }

    private static void awaitJobRows(Path loadNew) {
        long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // a hang guard, not a timing
        while (System.nanoTime() < guard) {
            try (Stream<Path> files = Files.walk(loadNew)) {
                if (files.anyMatch(f -> f.getParent().getFileName().toString().equals("new_jobs"))) {
                    return;
                }
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
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

    /** Every table's rows without dlt's random and load ids, sorted; and the stored schema's JSON. */
    private static Map<String, Object> outcome(Pipeline p) {
        Map<String, Object> out = new TreeMap<>();
        for (String t : p.dataset().tableNames()) {
            if (t.startsWith("_dlt")) { // dlt's tables hold load ids, times and job names
                continue;
            }
            List<String> rows = new ArrayList<>();
            for (Map<String, Object> r : p.dataset().table(t).fetchAll()) {
                Map<String, Object> kept = new LinkedHashMap<>(r);
                kept.keySet().removeIf(c -> c.equals("_dlt_id") || c.equals("_dlt_load_id") || c.equals("_dlt_parent_id")
                        || c.equals("_dlt_root_id"));
                rows.add(kept.toString());
            }
            rows.sort(null);
            out.put(t, rows);
        }
        try {
            out.put("schema", Files.readString(p.workingDir().resolve("schemas/mix.schema.json")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Several resources in fifo and round-robin order, two of them into one table (maps and records),
     * contracts whose refused row or value comes in a late file, a nesting limit, a text column turning
     * into numbers, a column from row 40: the "on" pipeline's files are cut every 7 rows and its first
     * table's files normalized during extract, the "off" pipeline writes one file per table and
     * normalizes after extract; both leave the same tables and the same stored schema, run after run.
     */
    @ParameterizedTest
    @EnumSource(NextItemMode.class)
    void manyShapesGiveTheSameTablesWithDuringExtractOnAndOff(NextItemMode mode) {
        ExtractConfig order = new ExtractConfig(ExtractConfig.DEFAULTS.workers(), ExtractConfig.DEFAULTS.maxParallelItems(),
                mode);
        String n = "shapes_" + mode.name().toLowerCase(java.util.Locale.ROOT);
        Pipeline on = DuckDbTesting.pipeline(tmp, n + "_on").extract(order).normalize(NormalizeConfig.DEFAULTS.withDuringExtract(true))
                .extractDataWriter(DataWriterConfig.DEFAULTS.withFileMaxItems(7).withBufferMaxItems(1))
                .normalizeDataWriter(DataWriterConfig.DEFAULTS.withBufferMaxItems(1)).build();
        Pipeline off = DuckDbTesting.pipeline(tmp, n + "_off").extract(order)
                .normalize(NormalizeConfig.DEFAULTS.withDuringExtract(false)).build();
        for (int run = 1; run <= 3; run++) {
            on.run(mixed(Math.min(run, 2), on.workingDir()));
            off.run(mixed(Math.min(run, 2), null));
            assertThat(outcome(on)).as("run %d", run).isEqualTo(outcome(off));
        }
        assertThat(on.dataset().table("x_accounts").fetchAll()).as("the late refused row is discarded in runs 2 and 3").hasSize(148);
    }

    private static List<Thread> aheadThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("dlt4j-normalize-ahead")
                && t.isAlive()).toList();
    }

    /** Rows 0..59 of {@code events}; with {@code failAt} >= 0 the resource throws there; waits at row 30 when watched. */
    private static Resource events(Path watch, int failAt, Map<String, Object> extraAtRow3) {
        return Resource.fromIterator("events", () -> new Iterator<Object>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < 60;
            }

            @Override
            public Object next() {
                if (next == 30 && watch != null) {
                    awaitJobRows(watch.resolve("load/new"));
                }
                if (next == failAt) {
                    throw new IllegalStateException("the source broke at row " + failAt);
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("id", next);
                r.put("lines", List.of(Map.of("sku", "a" + next)));
                if (next == 3) {
                    r.putAll(extraAtRow3);
                }
                next++;
                return r;
            }
        });
    }

    /**
     * The normalize-ahead thread ends on every path of a run: success, a resource that fails after
     * files were normalized early, and a normalize that fails on a row of an early file (frozen
     * contract); no thread is left behind and no work area stays in {@code load/new}.
     */
    @Test
    void theNormalizeAheadThreadEndsOnEveryPath() {
        Pipeline p = DuckDbTesting.pipeline(tmp, "threads").normalize(NormalizeConfig.DEFAULTS.withDuringExtract(true))
                .extractDataWriter(DataWriterConfig.DEFAULTS.withFileMaxItems(5).withBufferMaxItems(1))
                .normalizeDataWriter(DataWriterConfig.DEFAULTS.withBufferMaxItems(1)).build();
        p.run(Source.of("t", events(p.workingDir(), -1, Map.of())));
        assertThat(aheadThreads()).as("after a run").isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.run(Source.of("t", events(p.workingDir(), 45,
                Map.of())))).isInstanceOf(PipelineException.class).hasMessageContaining("the source broke at row 45");
        assertThat(aheadThreads()).as("after a failed extract").isEmpty();
        Resource frozen = events(null, -1, Map.of("unknown", 1)).schemaContract(SchemaContract.parse("freeze"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.run(Source.of("t", frozen)))
                .isInstanceOf(PipelineException.class)
                .satisfies(e -> assertThat(((PipelineException) e).context().get("stage")).isEqualTo("normalize"));
        assertThat(aheadThreads()).as("after a failed normalize").isEmpty();
        assertThat(p.workingDir().resolve("load/new")).isEmptyDirectory();
        assertThat(p.dataset().table("events").fetchAll()).hasSize(60);
    }

    /** Runs {@code chattr flag path}; false where it cannot (not root, a file system without flags, no chattr). */
    private static boolean chattr(String flag, Path path) {
        try {
            Process p = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A resource fails after files were normalized early, and the early work cannot be deleted (a file
     * in the work area is immutable, as a full or read-only disk would make it): the run must still
     * fail with the resource's error, as it does without normalizing during extract, not with the
     * clean-up's; the next run (once the file can go) empties {@code load/new} and loads everything.
     */
    @Test
    void anExtractFailureIsNotMaskedWhenTheEarlyWorkCannotBeDeleted() throws Exception {
        Path probe = Files.createFile(tmp.resolve("probe"));
        org.junit.jupiter.api.Assumptions.assumeTrue(chattr("+i", probe), "chattr +i works here (root, ext4)");
        chattr("-i", probe);
        Pipeline p = DuckDbTesting.pipeline(tmp, "masked").normalize(NormalizeConfig.DEFAULTS.withDuringExtract(true))
                .extractDataWriter(DataWriterConfig.DEFAULTS.withFileMaxItems(5).withBufferMaxItems(1))
                .normalizeDataWriter(DataWriterConfig.DEFAULTS.withBufferMaxItems(1)).build();
        Path[] pinned = {null};
        Resource failing = Resource.fromIterator("events", () -> new Iterator<Object>() {
            int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                if (next == 30) {
                    Path loadNew = p.workingDir().resolve("load/new");
                    awaitJobRows(loadNew);
                    try (Stream<Path> s = Files.list(loadNew)) {
                        pinned[0] = Files.createFile(s.findFirst().orElseThrow().resolve("pinned"));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    assertThat(chattr("+i", pinned[0])).isTrue();
                    throw new IllegalStateException("the source broke at row 30");
                }
                return Map.of("id", next++);
            }
        });
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.run(Source.of("t", failing)))
                    .isInstanceOf(PipelineException.class).hasMessageContaining("the source broke at row 30")
                    .satisfies(e -> assertThat(((PipelineException) e).context().get("stage")).isEqualTo("extract"));
            assertThat(aheadThreads()).isEmpty();
        } finally {
            if (pinned[0] != null) {
                chattr("-i", pinned[0]);
            }
        }
        p.run(Source.of("t", Resource.of("events", List.of(Map.of("id", 1), Map.of("id", 2)))));
        assertThat(p.dataset().table("events").fetchAll()).hasSize(2);
        assertThat(p.workingDir().resolve("load/new")).isEmptyDirectory();
    }

    /**
     * {@code [normalize] during_extract = false} from the environment turns the lever off: extract then
     * cuts no files of its own (40,001 rows stay in one file, not three of up to 20,000 rows), and the tables are
     * the same.
     */
    @Test
    void theDuringExtractKeyTurnsTheLeverOff() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 40_001; i++) {
            rows.add(Map.of("id", i));
        }
        Pipeline on = DuckDbTesting.pipeline(tmp, "key_on").environment(Map.of("NORMALIZE__DURING_EXTRACT", "true"))
                .build();
        Pipeline off = DuckDbTesting.pipeline(tmp, "key_off").environment(Map.of("NORMALIZE__DURING_EXTRACT", "false"))
                .build();
        on.run(Source.of("k", Resource.of("events", rows)));
        off.run(Source.of("k", Resource.of("events", rows)));
        assertThat(on.lastExtractInfo().orElseThrow().files()).containsEntry("events", 3);
        assertThat(off.lastExtractInfo().orElseThrow().files()).containsEntry("events", 1);
        assertThat(off.dataset().table("events").fetchAll()).hasSize(40_001);
        assertThat(columns("key_off", "events")).isEqualTo(columns("key_on", "events"));
    }

    /** With no settings a run normalizes during extract: extract cuts 40,001 rows into files of 20,000. */
    @Test
    void theLeverIsOnByDefault() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 40_001; i++) {
            rows.add(Map.of("id", i));
        }
        Pipeline p = DuckDbTesting.pipeline(tmp, "key_default").build();
        p.run(Source.of("k", Resource.of("events", rows)));
        assertThat(p.lastExtractInfo().orElseThrow().files()).containsEntry("events", 3);
        assertThat(p.dataset().table("events").fetchAll()).hasSize(40_001);
    }

    /**
     * Ctrl-C (a real SIGINT, raised in this JVM while the extract's own handler is installed) after
     * files were normalized early: the extract stops as it does without the lever, the normalize-ahead
     * thread ends, nothing stays in {@code load/new}, and the next run loads its rows once.
     */
    @Test
    void ctrlCDuringExtractAfterEarlyFilesLeavesNothingBehind() {
        Pipeline p = DuckDbTesting.pipeline(tmp, "sigint").normalize(NormalizeConfig.DEFAULTS.withDuringExtract(true))
                .extractDataWriter(DataWriterConfig.DEFAULTS.withFileMaxItems(5).withBufferMaxItems(1))
                .normalizeDataWriter(DataWriterConfig.DEFAULTS.withBufferMaxItems(1)).build();
        Resource endless = Resource.fromIterator("events", () -> new Iterator<Object>() {
            int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                if (next == 30) {
                    awaitJobRows(p.workingDir().resolve("load/new"));
                    sun.misc.Signal.raise(new sun.misc.Signal("INT"));
                }
                if (next > 30) {
                    if (next > 30_000) {
                        throw new AssertionError("the SIGINT did not stop the extract");
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Map.of("id", next++);
            }
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.run(Source.of("t", endless)))
                .isInstanceOf(PipelineException.class)
                .satisfies(e -> assertThat(((PipelineException) e).context().get("stage")).isEqualTo("extract"));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(aheadThreads()).isEmpty();
        assertThat(p.workingDir().resolve("load/new")).isEmptyDirectory();
        p.run(Source.of("t", Resource.of("events", List.of(Map.of("id", 1), Map.of("id", 2)))));
        assertThat(p.dataset().table("events").fetchAll()).hasSize(2);
    }

    /** Whether {@code t} is in the wait of extract for normalize to keep pace. */
    private static boolean waitingForNormalize(Thread t) {
        return java.util.Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("keepPace"));
    }

    /** Waits (a hang guard, not a timing) until {@code condition} holds; false if it never did. */
    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > guard) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /**
     * Ctrl-C while extract waits for normalize to keep pace (here the normalize thread is held after
     * its first file, so extract waits until something ends the wait): the wait ends and the extract
     * stops as it does without the wait, leaving nothing behind.
     */
    @Test
    void ctrlCWhileExtractWaitsForNormalizeStopsTheExtract() throws Exception {
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        dev.dlt4j.spi.CrashPointHook.on(point -> {
            if (point.equals("normalize.ahead.after_file") && held.getCount() > 0) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            Pipeline p = DuckDbTesting.pipeline(tmp, "sigwait").normalize(NormalizeConfig.DEFAULTS.withDuringExtract(true))
                    .extractDataWriter(DataWriterConfig.DEFAULTS.withFileMaxItems(5).withBufferMaxItems(1)).build();
            Resource endless = Resource.fromIterator("events", () -> new Iterator<Object>() {
                int next;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Object next() {
                    if (next > 100_000) {
                        throw new AssertionError("the SIGINT did not stop the extract");
                    }
                    return Map.of("id", next++);
                }
            });
            java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
            Thread run = new Thread(() -> {
                try {
                    p.run(Source.of("t", endless));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            }, "sigwait-run");
            run.start();
            assertThat(held.await(30, TimeUnit.SECONDS)).as("the normalize thread reached its first file").isTrue();
            assertThat(eventually(() -> waitingForNormalize(run))).as("extract waits for normalize").isTrue();

            sun.misc.Signal.raise(new sun.misc.Signal("INT"));
            boolean waitEnded = eventually(() -> !waitingForNormalize(run));
            release.countDown(); // the thread may finish its file; the extract is over either way
            run.join(TimeUnit.SECONDS.toMillis(30));

            assertThat(waitEnded).as("Ctrl-C ended the wait").isTrue();
            assertThat(outcome.get()).isInstanceOf(PipelineException.class)
                    .satisfies(e -> assertThat(((PipelineException) e).context().get("stage")).isEqualTo("extract"));
            assertThat(aheadThreads()).isEmpty();
            assertThat(p.workingDir().resolve("load/new")).isEmptyDirectory();
        } finally {
            release.countDown();
            dev.dlt4j.spi.CrashPointHook.clear();
        }
    }
}
