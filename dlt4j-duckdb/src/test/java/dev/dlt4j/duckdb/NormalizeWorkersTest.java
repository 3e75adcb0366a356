package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.NormalizeConfig;
import dev.dlt4j.SchemaContract;
import dev.dlt4j.storage.RowFileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Normalize with several worker threads gives the schema (same version hash) and the rows a single
 * worker gives, for one big table that extract rotated into several files.
 */
class NormalizeWorkersTest {
    @TempDir
    Path tmp;

    private static final int ROWS = 6_000;

    /** Rows whose columns appear at different points, so each file group sees a different subset. */
    private static Map<String, Object> bigRow(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i);
        m.put("name", "n" + i);
        m.put("score", i * 0.5);
        if (i < 10) {
            m.put("early", "e" + i);
        }
        if (i >= ROWS - 10) {
            m.put("late", i);
            m.put("late_doc", Map.of("k", "v" + i));
        }
        m.put("tags", List.of("t" + i % 3, "u" + i % 5));
        if (i % 1000 == 999) {
            m.put("items", List.of(Map.of("sku", "s" + i, "qty", i % 7)));
        }
        return m;
    }

    private record Outcome(Path db, String dataset, LoadInfo info, int extractedFiles, int jobFilesOfT) {
    }

    private Outcome run(String name, int workers, IntFunction<Map<String, Object>> rows, int count) {
        return run(name, workers, rows, count, UnaryOperator.identity(), DataWriterConfig.DEFAULTS);
    }

    private Outcome run(String name, int workers, IntFunction<Map<String, Object>> rows, int count,
            UnaryOperator<Resource> hints, DataWriterConfig normalizeWriter) {
        Pipeline p = pipeline(tmp, name)
                .extractDataWriter(DataWriterConfig.DEFAULTS.withBufferMaxItems(500).withFileMaxItems(1000))
                .normalizeDataWriter(normalizeWriter)
                .normalize(new NormalizeConfig(workers))
                .build();
        p.extract(hints.apply(Resource.fromIterator("t", () -> IntStream.range(0, count).mapToObj(rows).iterator())));
        nameExtractedFilesInRowOrder(p.workingDir());
        int extracted = countFiles(p.workingDir().resolve("normalize/extracted"), "t.");
        p.normalize();
        int jobs = countFiles(p.workingDir().resolve("load/normalized"), "t.");
        LoadInfo info = p.load();
        return new Outcome(tmp.resolve(name + ".duckdb"), name + "_data", info, extracted, jobs);
    }

    /**
     * Extract names files with random ids, and normalize takes them in name order; renaming them
     * after their first row's id makes the order, hence which worker sees which rows first, the
     * same in every run.
     */
    private static void nameExtractedFilesInRowOrder(Path workingDir) {
        try (Stream<Path> s = Files.walk(workingDir.resolve("normalize/extracted"))) {
            for (Path f : s.filter(f -> f.getFileName().toString().startsWith("t.")).toList()) {
                long firstId;
                try (RowFileReader r = new RowFileReader(f)) {
                    firstId = ((Number) r.next().get("id")).longValue();
                }
                String[] parts = f.getFileName().toString().split("\\.", 3);
                Path renamed = f.resolveSibling(String.format(Locale.ROOT, "t.%010d.%s", firstId, parts[2]));
                Files.move(f, renamed);
                // the package records each extracted file by name: the renamed file keeps its count
                dev.dlt4j.storage.LoadPackage pkg = new dev.dlt4j.storage.LoadPackage(f.getParent().getParent());
                Map<String, dev.dlt4j.storage.JobCount> counts = new LinkedHashMap<>(pkg.jobCounts().orElseThrow());
                counts.put(dev.dlt4j.spi.JobFileName.parse(renamed.getFileName().toString()).jobId(),
                        counts.remove(dev.dlt4j.spi.JobFileName.parse(f.getFileName().toString()).jobId()));
                pkg.delete(dev.dlt4j.storage.LoadPackage.JOB_COUNTS_FILE);
                pkg.recordJobCounts(counts);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int countFiles(Path root, String prefix) {
        try (Stream<Path> s = Files.walk(root)) {
            return (int) s.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getParent().getFileName().toString().equals("new_jobs")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String versionHash(Outcome o) {
        List<Map<String, Object>> r = query(o.db(), "SELECT version_hash FROM " + o.dataset() + "._dlt_version");
        assertThat(r).hasSize(1);
        return (String) r.get(0).get("version_hash");
    }

    private static List<Map<String, Object>> tablesAndColumns(Outcome o) {
        return query(o.db(), "SELECT table_name, column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = '" + o.dataset() + "' ORDER BY table_name, ordinal_position");
    }

    private static List<Map<String, Object>> rows(Outcome o, String sql) {
        return query(o.db(), sql.replace("$", o.dataset()));
    }

    @Test
    void twoWorkersGiveTheSchemaAndRowsOfOneWorkerForATableRotatedAtExtract() {
        Outcome one = run("w1", 1, NormalizeWorkersTest::bigRow, ROWS);
        Outcome two = run("w2", 2, NormalizeWorkersTest::bigRow, ROWS);

        assertThat(one.extractedFiles()).isEqualTo(6);
        assertThat(two.extractedFiles()).isEqualTo(6);
        // each worker writes its own job files: one per worker, as normalize does not rotate here
        assertThat(one.jobFilesOfT()).isEqualTo(1);
        assertThat(two.jobFilesOfT()).isEqualTo(2);

        assertThat(versionHash(two)).isEqualTo(versionHash(one));
        assertThat(tablesAndColumns(two)).isEqualTo(tablesAndColumns(one));
        assertThat(tablesAndColumns(one)).extracting(r -> r.get("table_name") + "." + r.get("column_name"))
                .contains("t.early", "t.late", "t.late_doc__k", "t__tags.value", "t__items.sku");

        String parent = "SELECT id, name, score, early, late, late_doc__k FROM $.t ORDER BY id";
        assertThat(rows(two, parent)).isEqualTo(rows(one, parent)).hasSize(ROWS);
        String tags = "SELECT t.id, c.value, c._dlt_list_idx AS idx FROM $.t t JOIN $.t__tags c"
                + " ON c._dlt_parent_id = t._dlt_id ORDER BY t.id, idx";
        assertThat(rows(two, tags)).isEqualTo(rows(one, tags)).hasSize(2 * ROWS);
        String items = "SELECT t.id, c.sku, c.qty FROM $.t t JOIN $.t__items c ON c._dlt_parent_id = t._dlt_id"
                + " ORDER BY t.id";
        assertThat(rows(two, items)).isEqualTo(rows(one, items)).hasSize(ROWS / 1000);
        assertThat(two.info().loadIds()).hasSize(1);
        assertThat(rows(two, "SELECT count(DISTINCT _dlt_id) AS n FROM $.t")).containsExactly(Map.of("n", (long) ROWS));
    }

    /**
     * The first half of the rows has {@code code} as a number, the second half starts with text: a
     * second worker alone would infer text, a single worker makes it a bigint with a text variant.
     */
    private static Map<String, Object> conflictingRow(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i);
        boolean secondHalf = i >= 2000;
        m.put("code", secondHalf && i % 2 == 0 ? "c" + i : (Object) (long) i);
        m.put("lines", List.of(Map.of("amount", secondHalf ? (Object) ("a" + i) : (Object) (i * 1.5))));
        return m;
    }

    @Test
    void aColumnTwoWorkersInferDifferentlyGetsTheSchemaOfOneWorker() {
        Outcome one = run("c1", 1, NormalizeWorkersTest::conflictingRow, 4000);
        Outcome two = run("c2", 2, NormalizeWorkersTest::conflictingRow, 4000);
        assertThat(two.extractedFiles()).isEqualTo(4);

        assertThat(versionHash(two)).isEqualTo(versionHash(one));
        assertThat(tablesAndColumns(two)).isEqualTo(tablesAndColumns(one));
        assertThat(columnTypes(two.db(), "c2_data", "t")).containsEntry("code", "BIGINT")
                .containsEntry("code__v_text", "VARCHAR");
        assertThat(columnTypes(two.db(), "c2_data", "t__lines")).containsEntry("amount", "DOUBLE")
                .containsEntry("amount__v_text", "VARCHAR");

        String parent = "SELECT id, code, code__v_text FROM $.t ORDER BY id";
        assertThat(rows(two, parent)).isEqualTo(rows(one, parent)).hasSize(4000);
        assertThat(rows(two, "SELECT id, code, code__v_text FROM $.t WHERE id IN (1999, 2000, 2001) ORDER BY id"))
                .containsExactly(row("id", 1999L, "code", 1999L, "code__v_text", null),
                        row("id", 2000L, "code", null, "code__v_text", "c2000"),
                        row("id", 2001L, "code", 2001L, "code__v_text", null));
        String lines = "SELECT t.id, l.amount, l.amount__v_text FROM $.t t JOIN $.t__lines l"
                + " ON l._dlt_parent_id = t._dlt_id ORDER BY t.id";
        assertThat(rows(two, lines)).isEqualTo(rows(one, lines)).hasSize(4000);
        // the re-run group left no job files behind: every row is loaded once
        assertThat(rows(two, "SELECT count(*) AS n FROM $.t__lines")).containsExactly(Map.of("n", 4000L));
    }

    @Test
    void aSchemaContractDecidesTheSameWithOneAndTwoWorkers() {
        UnaryOperator<Resource> discardRow = r -> r.schemaContract(SchemaContract.parse(Map.of("data_type",
                "discard_row")));
        Outcome one = run("k1", 1, NormalizeWorkersTest::conflictingRow, 4000, discardRow, DataWriterConfig.DEFAULTS);
        Outcome two = run("k2", 2, NormalizeWorkersTest::conflictingRow, 4000, discardRow, DataWriterConfig.DEFAULTS);
        assertThat(versionHash(two)).isEqualTo(versionHash(one));
        assertThat(columnTypes(two.db(), "k2_data", "t")).containsEntry("code", "BIGINT").doesNotContainKey(
                "code__v_text");
        String parent = "SELECT id, code FROM $.t ORDER BY id";
        // the second half's even rows have text codes: dropped, whichever worker met them first
        assertThat(rows(two, parent)).isEqualTo(rows(one, parent)).hasSize(3000);
        String lines = "SELECT t.id, l.amount FROM $.t t JOIN $.t__lines l ON l._dlt_parent_id = t._dlt_id ORDER BY t.id";
        assertThat(rows(two, lines)).isEqualTo(rows(one, lines)).hasSize(2000);
    }

    @Test
    void normalizeRotationWithTwoWorkersGivesEachWorkerItsOwnFiles() {
        Outcome o = run("rot", 2, NormalizeWorkersTest::bigRow, ROWS, UnaryOperator.identity(),
                DataWriterConfig.DEFAULTS.withFileMaxItems(700));
        // each worker normalizes 3,000 rows into files of at most 700: 5 files each, none shared
        assertThat(o.jobFilesOfT()).isEqualTo(10);
        assertThat(rows(o, "SELECT count(*) AS n, count(DISTINCT id) AS d FROM $.t"))
                .containsExactly(row("n", (long) ROWS, "d", (long) ROWS));
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void moreWorkersThanFilesUseOneGroupPerFile() {
        Outcome o = run("few", 8, NormalizeWorkersTest::bigRow, 1500);
        assertThat(o.extractedFiles()).isEqualTo(2);
        assertThat(o.jobFilesOfT()).isEqualTo(2);
        assertThat(rows(o, "SELECT count(*) AS n FROM $.t")).containsExactly(Map.of("n", 1500L));
        assertThat(rows(o, "SELECT list(id ORDER BY id) = range(1500) AS ok FROM $.t").get(0).get("ok"))
                .isEqualTo(true);
    }
}
