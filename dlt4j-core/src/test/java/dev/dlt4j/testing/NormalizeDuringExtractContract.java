package dev.dlt4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.NormalizeConfig;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.SchemaContract;
import dev.dlt4j.Source;
import dev.dlt4j.WriteDisposition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code [normalize] during_extract}: a run whose files are normalized while extract still writes
 * them leaves exactly what a run that normalizes after extract leaves: the same stored schema (as
 * JSON: tables and columns in the same order, variants, version and hash), the same tables row for
 * row, the same job files per table and the same {@code _dlt_loads}. The "on" pipeline closes its
 * extracted files every 9 rows (so there are many to normalize early); the "off" pipeline runs as
 * before the lever, one extracted file per table. Each case first proves that normalize really ran
 * during extract: its resource waits, mid-extract, until normalize has written job rows (a hang
 * guard, not a timing).
 */
public abstract class NormalizeDuringExtractContract {
    /** Rows per extracted file in the "on" pipeline. */
    static final long CHUNK = 9;

    /** A pipeline named {@code name} (unique per test) at the destination under test. */
    protected abstract Pipeline.Builder builder(String name);

    private Pipeline on(String name) {
        return builder(name + "_on").extractDataWriter(DataWriterConfig.DEFAULTS.withFileMaxItems(CHUNK))
                .normalizeDataWriter(DataWriterConfig.DEFAULTS.withBufferMaxItems(1)).build();
    }

    private Pipeline off(String name) {
        return builder(name + "_off").normalize(NormalizeConfig.DEFAULTS.withDuringExtract(false))
                .normalizeDataWriter(DataWriterConfig.DEFAULTS.withBufferMaxItems(1)).build();
    }

    /** Rows of one resource, nested two levels, with a variant from row 120 and a new column from row 150. */
    static List<Map<String, Object>> events(int run, WriteDisposition d) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", d == WriteDisposition.APPEND ? run * 1000 + i : i);
            r.put("name", "n" + i + "-" + run);
            r.put("score", i < 120 || i % 2 == 1 ? (Object) (i * run) : "s" + i);
            r.put("meta", Map.of("a", i, "b", Map.of("c", "x" + i)));
            r.put("tags", List.of("t" + i, "r" + run));
            r.put("items", i % 3 == 0 ? List.of(row("sku", "k" + i, "parts", List.of(i, run))) : List.of());
            if (i >= 150) {
                r.put("late", i % 4 == 0);
            }
            rows.add(r);
        }
        return rows;
    }

    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * {@code items}, handed out by a resource that, once {@code waitAt} items are out, waits until
     * normalize has written a job row into the run's work area ({@code load/new}): proof that normalize
     * runs while extract does. Without a working folder to watch ({@code null}) it never waits.
     */
    static Resource waiting(String name, List<?> items, int waitAt, Path workingDir) {
        return Resource.fromIterator(name, () -> waitingIterator(items, waitAt, workingDir, true));
    }

    /** {@link #waiting}'s items; without {@code forRows} it waits only until normalize started on a file. */
    static Iterator<Object> waitingIterator(List<?> items, int waitAt, Path workingDir, boolean forRows) {
        return new Iterator<Object>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < items.size();
            }

            @Override
            public Object next() {
                if (next == waitAt && workingDir != null) {
                    awaitNormalizing(workingDir, forRows);
                }
                return items.get(next++);
            }
        };
    }

    private static void awaitNormalizing(Path workingDir, boolean forRows) {
        long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // a hang guard, not a timing
        Path loadNew = workingDir.resolve("load/new");
        while (forRows ? !hasJobBytes(loadNew) : list(loadNew).isEmpty()) {
            if (System.nanoTime() > guard) {
                throw new AssertionError("nothing was normalized during extract in " + workingDir);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static boolean hasJobBytes(Path loadNew) {
        if (!Files.isDirectory(loadNew)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(loadNew)) {
            // a job file is opened by its first row (normalize's buffer holds one row here)
            return files.anyMatch(f -> f.getParent().getFileName().toString().equals("new_jobs"));
        } catch (IOException | UncheckedIOException e) {
            return false; // a folder changing under the walk: look again
        }
    }

    @ParameterizedTest
    @EnumSource(value = WriteDisposition.class, names = {"APPEND", "REPLACE", "MERGE"})
    void aNestedTableWithVariantsIsTheSameNormalizedDuringExtract(WriteDisposition d) {
        String name = "nde_" + d.name().toLowerCase(java.util.Locale.ROOT);
        Pipeline on = on(name);
        Pipeline off = off(name);
        for (int run = 1; run <= 2; run++) {
            int r = run;
            Function<Path, Resource> events = dir -> {
                Resource res = waiting("events", events(r, d), 100, dir).writeDisposition(d);
                return d == WriteDisposition.MERGE ? res.primaryKey("id") : res;
            };
            LoadInfo a = on.run(Source.of("shop", events.apply(on.workingDir())));
            LoadInfo b = off.run(Source.of("shop", events.apply(null)));
            assertSame(on, off, a, b, "shop", List.of("events", "events__tags", "events__items",
                    "events__items__parts"));
        }
        assertThat(on.dataset().table("events").fetchAll()).hasSize(d == WriteDisposition.APPEND ? 400 : 200);
    }

    @Test
    void recordsAndTypedPagesAreTheSameNormalizedDuringExtract() {
        List<TypedPathContract.Item> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.addAll(TypedPathContract.items());
        }
        for (String way : List.of("records", "pages")) {
            Pipeline on = on("ndt_" + way);
            Pipeline off = off("ndt_" + way);
            List<?> rows = way.equals("records") ? items : TypedPathContract.asPages(items, 4);
            int waitAt = way.equals("records") ? 60 : 15;
            LoadInfo a = on.run(Source.of("typed", waiting("items", rows, waitAt, on.workingDir())));
            LoadInfo b = off.run(Source.of("typed", waiting("items", rows, waitAt, null)));
            assertSame(on, off, a, b, "typed", List.of("items"));
            // the second run brings other types under the same names: coerced, or into variants
            List<?> later = new ArrayList<>(java.util.Collections.nCopies(30, TypedPathContract.later()).stream()
                    .flatMap(List::stream).toList());
            a = on.run(Source.of("typed", waiting("items", later, 30, on.workingDir())));
            b = off.run(Source.of("typed", waiting("items", later, 30, null)));
            assertSame(on, off, a, b, "typed", List.of("items"));
        }
    }

    /**
     * Three resources one after the other (fifo): an append table, a replace table whose name sorts
     * first (its files are normalized during extract; it waits for that) and a merge table that
     * enters the schema only after normalize started, each with a nested table; run 3's replace is empty.
     */
    static Source shop(int run, Path watch) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(row("id", run * 100 + i, "kind", "k" + (i % 3), "tags", List.of("t" + i, "r" + run)));
        }
        List<Map<String, Object>> catalog = new ArrayList<>();
        for (int i = 0; run < 3 && i < 45 - run * 5; i++) {
            catalog.add(row("sku", "s" + i, "price", i * run, "parts", List.of(row("part", "p" + i + "-" + run))));
        }
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = run * 10 - 10; i < run * 10 + 10; i++) {
            users.add(row("id", i, "name", "u" + i + "-" + run,
                    "addresses", i % 2 == 0 ? List.of(row("city", "c" + run), row("city", "d" + i)) : List.of()));
        }
        return Source.of("shop",
                Resource.of("events", events),
                waiting("catalog", catalog, 30, watch).writeDisposition(WriteDisposition.REPLACE),
                Resource.of("users", users).writeDisposition(WriteDisposition.MERGE).primaryKey("id"));
    }

    @Test
    void severalResourcesGiveTheSameTablesWhateverIsNormalizedEarly() {
        Pipeline on = on("ndm");
        Pipeline off = off("ndm");
        for (int run = 1; run <= 3; run++) {
            LoadInfo a = on.run(shop(run, run < 3 ? on.workingDir() : null));
            LoadInfo b = off.run(shop(run, null));
            assertSame(on, off, a, b, "shop", List.of("events", "events__tags", "catalog", "catalog__parts", "users",
                    "users__addresses"));
        }
    }

    /**
     * A row that a frozen contract refuses, in a file normalized during extract: the run fails as
     * one that normalizes after extract fails (same message, the package set aside), and nothing of
     * it is loaded.
     */
    @Test
    void aFileThatFailsToNormalizeFailsTheRunAsItDoesAfterExtract() {
        Pipeline on = on("ndf");
        Pipeline off = off("ndf");
        on.run(Source.of("shop", Resource.of("events", events(1, WriteDisposition.APPEND))));
        off.run(Source.of("shop", Resource.of("events", events(1, WriteDisposition.APPEND))));
        List<Map<String, Object>> bad = events(2, WriteDisposition.APPEND);
        bad.get(3).put("unknown", 1); // in the first extracted file
        // normalize fails on the first file: the resource waits only until it started on it (it finishes that file)
        Function<Path, Resource> frozen = dir -> Resource.fromIterator("events", () -> waitingIterator(bad, 100, dir,
                false)).schemaContract(SchemaContract.parse("freeze"));
        Throwable a = catchRun(() -> on.run(Source.of("shop", frozen.apply(on.workingDir()))));
        Throwable b = catchRun(() -> off.run(Source.of("shop", frozen.apply(null))));
        assertThat(a).isInstanceOf(PipelineException.class);
        // the same failure, named alike (the messages around it name each pipeline, load id and folder)
        assertThat(a.getCause()).isInstanceOf(b.getCause().getClass());
        assertThat(a.getCause().getMessage()).isEqualTo(b.getCause().getMessage());
        assertThat(((PipelineException) a).context().get("stage")).isEqualTo("normalize");
        assertThat(on.dataset().table("events").fetchAll()).hasSize(200);
        assertThat(loads(on)).isEqualTo(loads(off)).isEqualTo(1);
        assertThat(list(on.workingDir().resolve("load/new"))).isEmpty();
        assertThat(list(on.workingDir().resolve("load/loaded")).size())
                .isEqualTo(list(off.workingDir().resolve("load/loaded")).size());
    }

    /** Extract fails after normalize started on its first files: extract's failure wins, nothing is kept. */
    @Test
    void anExtractThatFailsAfterFilesWereNormalizedKeepsNothing() {
        Pipeline on = on("ndx");
        List<Map<String, Object>> rows = events(1, WriteDisposition.APPEND);
        Resource failing = Resource.fromIterator("events", () -> new Iterator<Object>() {
            final Iterator<Object> inner = waitingIterator(rows, 100, on.workingDir(), true);
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                if (n++ == 150) {
                    throw new IllegalStateException("the source broke at row 150");
                }
                return inner.next();
            }
        });
        assertThatThrownBy(() -> on.run(Source.of("shop", failing))).isInstanceOf(PipelineException.class)
                .hasMessageContaining("the source broke at row 150")
                .satisfies(e -> assertThat(((PipelineException) e).context().get("stage")).isEqualTo("extract"));
        assertThat(list(on.workingDir().resolve("load/new"))).isEmpty();
        assertThat(list(on.workingDir().resolve("load/normalized"))).isEmpty();
        assertThat(list(on.workingDir().resolve("normalize/extracted"))).isEmpty();
        on.run(Source.of("shop", Resource.of("events", rows)));
        assertThat(on.dataset().table("events").fetchAll()).hasSize(200);
        assertThat(loads(on)).isEqualTo(1);
    }

    private static Throwable catchRun(Runnable run) {
        try {
            run.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("the run did not fail");
    }

    private void assertSame(Pipeline on, Pipeline off, LoadInfo a, LoadInfo b, String schema, List<String> tables) {
        assertThat(a.loadIds()).hasSize(1);
        assertThat(b.loadIds()).hasSize(1);
        assertThat(a.rowCounts()).isEqualTo(b.rowCounts());
        assertThat(schemaText(on, schema)).as("stored schema").isEqualTo(schemaText(off, schema));
        Map<String, List<Map<String, Object>>> onRows = new HashMap<>();
        Map<String, List<Map<String, Object>>> offRows = new HashMap<>();
        for (String t : tables) {
            assertThat(rows(on, t, onRows)).as("table %s", t).isEqualTo(rows(off, t, offRows));
        }
        assertThat(jobFiles(on, a.loadIds().get(0))).as("job files per table")
                .isEqualTo(jobFiles(off, b.loadIds().get(0)));
        assertThat(loads(on)).isEqualTo(loads(off));
        assertThat(list(on.workingDir().resolve("load/new"))).isEmpty();
    }

    /** The stored schema's JSON without what differs between any two pipelines (the time it was saved). */
    private static String schemaText(Pipeline p, String schema) {
        try {
            return Files.readString(p.workingDir().resolve("schemas/" + schema + ".schema.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Job files of a loaded package per table: how many, and the rows each holds, from its row counts. */
    private static Map<String, Integer> jobFiles(Pipeline p, String loadId) {
        Map<String, Integer> out = new TreeMap<>();
        for (Path f : list(p.workingDir().resolve("load/loaded").resolve(loadId).resolve("completed_jobs"))) {
            out.merge(f.getFileName().toString().split("\\.")[0], 1, Integer::sum);
        }
        return out;
    }

    private static long loads(Pipeline p) {
        return p.dataset().table("_dlt_loads").fetchAll().size();
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A table's rows, sorted, in its column order, without the values that differ between loads
     * ({@code _dlt_load_id}, {@code _dlt_id}, parent and root ids); a nested row names its parent by
     * the parent's own key (the root's {@code id}, then list indexes), so parents are checked too.
     */
    private static List<String> rows(Pipeline p, String table, Map<String, List<Map<String, Object>>> fetched) {
        if (!p.dataset().tableNames().contains(table)) {
            return List.of();
        }
        Map<String, String> keys = keysOf(p, table, fetched);
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : fetch(p, table, fetched)) {
            Map<String, Object> kept = new LinkedHashMap<>();
            r.forEach((c, v) -> {
                if (!c.equals("_dlt_load_id") && !c.equals("_dlt_id") && !c.equals("_dlt_parent_id")
                        && !c.equals("_dlt_root_id")) {
                    kept.put(c, v instanceof byte[] bytes ? java.util.Arrays.toString(bytes) : v);
                }
            });
            kept.put("key", keys.get(String.valueOf(r.get("_dlt_id"))));
            out.add(kept.toString());
        }
        out.sort(null);
        return out;
    }

    /** A table's rows, read once per comparison. */
    private static List<Map<String, Object>> fetch(Pipeline p, String table,
            Map<String, List<Map<String, Object>>> fetched) {
        return fetched.computeIfAbsent(table, t -> p.dataset().table(t).fetchAll());
    }

    /** The key of each row of {@code table} by its {@code _dlt_id}: {@code id} at the root, parent key/index below. */
    private static Map<String, String> keysOf(Pipeline p, String table, Map<String, List<Map<String, Object>>> fetched) {
        Map<String, String> out = new HashMap<>();
        if (!table.contains("__")) {
            for (Map<String, Object> r : fetch(p, table, fetched)) {
                Object key = r.containsKey("id") ? r.get("id") : r.get("sku");
                out.put(String.valueOf(r.get("_dlt_id")), String.valueOf(key));
            }
            return out;
        }
        Map<String, String> parents = keysOf(p, table.substring(0, table.lastIndexOf("__")), fetched);
        for (Map<String, Object> r : fetch(p, table, fetched)) {
            out.put(String.valueOf(r.get("_dlt_id")), parents.get(String.valueOf(r.get("_dlt_parent_id"))) + "/"
                    + r.get("_dlt_list_idx"));
        }
        return out;
    }
}
