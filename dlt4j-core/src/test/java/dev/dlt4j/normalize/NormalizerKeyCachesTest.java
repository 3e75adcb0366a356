package dev.dlt4j.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.SchemaContract;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.PipelineStorage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The normalizer finds a key's column name by its position in the previous row of the table (by
 * instance) and a column by a per-table array: caches only. The job files, schema and warnings must
 * be what the rows say, whatever the key instances (shared, as the extracted-file reader hands them
 * out, or fresh every row), the previous rows' key order, or how rows of several tables interleave.
 */
class NormalizerKeyCachesTest {
    /** Keys that collide once normalized, system names, and keys that are parent paths of others. */
    private static final String[] KEYS = {"a", "A", "a b", "a_b", "x", "x__y", "y", "Ab", "ab", "l", "L", "l x", "l_x",
        "_dlt_load_id", "n", "\u00e9", "e", "value", "_dlt_list_idx", "v__v_text", "j"};
    private static final String[] TABLES = {"t1", "t2", "dr", "dv", "js", "nw"};

    @TempDir
    Path tmp;

    @Test
    void outputDoesNotDependOnKeyInstancesOrOnInterleavingTables() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            List<Map.Entry<String, Map<String, Object>>> rows = rows(new SplittableRandom(seed), 400);
            Map<String, String> shared = normalize("shared" + seed, rows);
            List<Map.Entry<String, Map<String, Object>>> fresh = new ArrayList<>();
            for (Map.Entry<String, Map<String, Object>> r : rows) {
                fresh.add(Map.entry(r.getKey(), freshKeys(r.getValue())));
            }
            List<Map.Entry<String, Map<String, Object>>> byTable = new ArrayList<>();
            for (String table : TABLES) {
                rows.stream().filter(r -> r.getKey().equals(table)).forEach(byTable::add);
            }
            assertThat(shared.keySet()).hasSizeGreaterThan(TABLES.length);
            assertThat(normalize("fresh" + seed, fresh)).as("seed %d, fresh key instances", seed).isEqualTo(shared);
            assertThat(normalize("byTable" + seed, byTable)).as("seed %d, one table after the other", seed)
                    .isEqualTo(shared);
        }
    }

    @Test
    void collidingKeysInAnotherOrderThanThePreviousRowTakeTheLastValue() throws IOException {
        List<Map.Entry<String, Map<String, Object>>> rows = new ArrayList<>();
        rows.add(Map.entry("t", row("_dlt_id", "r1", "a b", 1L, "a_b", 2L, "x", row("y", 3L), "x__y", 4L)));
        rows.add(Map.entry("t", row("_dlt_id", "r2", "a_b", 5L, "a b", 6L, "x__y", 7L, "x", row("y", 8L))));
        rows.add(Map.entry("t", row("_dlt_id", "r3", "a_b", 9L)));
        rows.add(Map.entry("t", row("_dlt_id", "r4", "a b", 10L, "x__y", 11L)));
        String lines = normalize("order", rows).get("t");
        assertThat(lines.lines().takeWhile(l -> !l.isEmpty()).map(l -> l.replaceAll(",?\"_dlt_load_id\":\"1\"", ""))).containsExactly(
                "{\"_dlt_id\":\"r1\",\"a_b\":2,\"x__y\":3}",
                "{\"_dlt_id\":\"r2\",\"a_b\":6,\"x__y\":8}",
                "{\"_dlt_id\":\"r3\",\"a_b\":9}",
                "{\"_dlt_id\":\"r4\",\"a_b\":10,\"x__y\":11}");
    }

    /**
     * A discarded row takes the columns it added with it, and the column cache must forget them: the
     * next row's value under that name makes a new column of its own type, not a variant of the
     * discarded one (nor is it discarded for not fitting it).
     */
    @Test
    void aColumnOfADiscardedRowIsForgottenByTheColumnCache() throws IOException {
        List<Map.Entry<String, Map<String, Object>>> rows = new ArrayList<>();
        rows.add(Map.entry("nw", row("_dlt_id", "r1", "a", 1L)));
        rows.add(Map.entry("nw", row("_dlt_id", "r2", "c", 5L, "a", "not a number"))); // adds c, then discarded
        rows.add(Map.entry("nw", row("_dlt_id", "r3", "c", "text")));
        String out = normalize("discarded", rows).get("nw");
        assertThat(out.lines().takeWhile(l -> !l.isEmpty()).map(l -> l.replaceAll(",?\"_dlt_load_id\":\"1\"", "")))
                .containsExactly("{\"_dlt_id\":\"r1\",\"a\":1}", "{\"_dlt_id\":\"r3\",\"c\":\"text\"}");
        assertThat(out).contains("c=Column[name=c, dataType=text").doesNotContain("c__v_");
    }

    /** Normalizes the rows (table, row) into jsonl job files: each table's lines, its schema entry, the warnings. */
    private Map<String, String> normalize(String name, List<Map.Entry<String, Map<String, Object>>> rows)
            throws IOException {
        LoadPackage pkg = new PipelineStorage(Files.createDirectories(tmp.resolve(name))).newLoadPackage("1");
        DataWriterConfig config = DataWriterConfig.DEFAULTS.withDisableCompression(true);
        RelationalNormalizer n = new RelationalNormalizer(schema(), NamingConvention.snakeCase(), "1",
                table -> JobFileWriter.of(pkg, LoaderFileFormat.JSONL, table, config));
        for (Map.Entry<String, Map<String, Object>> r : rows) {
            n.normalizeRoot(r.getKey(), r.getValue());
        }
        Map<String, String> out = new TreeMap<>();
        for (TableFileWriter w : n.openWriters()) {
            w.close();
            StringBuilder b = new StringBuilder();
            String table = null;
            for (JobFileName f : w.files()) {
                table = f.table();
                b.append(Files.readString(pkg.jobPath(JobState.NEW, f)));
            }
            out.put(table, b.toString());
        }
        for (Table t : n.schema().tables().values()) {
            out.merge(t.name(), "\n" + t, String::concat);
        }
        for (String warning : n.warnings()) {
            out.merge(warning.substring(0, warning.indexOf(':')), "\n" + warning, String::concat);
        }
        return out;
    }

    /** Tables of every kind the caches meet: new, seen with discard contracts, with a json column. */
    private static Schema schema() {
        return Schema.empty("s")
                .withTable(Table.builder("dr").resource("dr").writeDisposition(WriteDisposition.APPEND)
                        .contract(SchemaContract.parse(Map.of("columns", "discard_row", "data_type", "discard_row")))
                        .column(Column.of("a", DataType.BIGINT)).column(Column.of("x", DataType.TEXT)).seenData(true)
                        .build())
                .withTable(Table.builder("dv").resource("dv").writeDisposition(WriteDisposition.APPEND)
                        .contract(SchemaContract.parse(Map.of("columns", "discard_value", "data_type",
                                "discard_value")))
                        .column(Column.of("a", DataType.BIGINT)).column(Column.of("ab", DataType.TEXT)).seenData(true)
                        .build())
                .withTable(Table.builder("js").resource("js").writeDisposition(WriteDisposition.APPEND)
                        .column(Column.of("x", DataType.JSON)).column(Column.of("l", DataType.JSON))
                        .maxTableNesting(2).build())
                .withTable(Table.builder("nw").resource("nw").writeDisposition(WriteDisposition.APPEND)
                        .contract(SchemaContract.parse(Map.of("data_type", "discard_row"))).build());
    }

    /**
     * Rows of random tables; two in three are the previous row changed a little (keys shuffled, one
     * dropped, one added, one as a new instance, one value changed), which is when the caches hit or
     * must miss. Each row has its own {@code _dlt_id}, so that ids, child ids included, are the same
     * in every run.
     */
    private static List<Map.Entry<String, Map<String, Object>>> rows(SplittableRandom r, int count) {
        List<Map.Entry<String, Map<String, Object>>> rows = new ArrayList<>();
        Map<String, Object> previous = null;
        for (int i = 0; i < count; i++) {
            Map<String, Object> row = previous != null && r.nextInt(3) > 0 ? changed(r, previous) : map(r, 0);
            previous = row;
            Map<String, Object> withId = new LinkedHashMap<>();
            withId.put("_dlt_id", "id" + i);
            withId.putAll(row);
            rows.add(Map.entry(TABLES[r.nextInt(TABLES.length)], withId));
        }
        return rows;
    }

    private static Map<String, Object> changed(SplittableRandom r, Map<String, Object> previous) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>(previous.entrySet());
        switch (r.nextInt(6)) {
            case 0 -> java.util.Collections.shuffle(entries, new java.util.Random(r.nextLong()));
            case 1 -> {
                if (!entries.isEmpty()) {
                    entries.remove(r.nextInt(entries.size()));
                }
            }
            case 2 -> {
                String k = key(r);
                entries.add(r.nextInt(entries.size() + 1), new java.util.AbstractMap.SimpleEntry<>(k, value(r, k, 0)));
            }
            case 3 -> {
                if (!entries.isEmpty()) {
                    int j = r.nextInt(entries.size());
                    entries.set(j, new java.util.AbstractMap.SimpleEntry<>(new String(entries.get(j).getKey()),
                            entries.get(j).getValue()));
                }
            }
            case 4 -> {
                if (!entries.isEmpty()) {
                    int j = r.nextInt(entries.size());
                    String k = entries.get(j).getKey();
                    entries.set(j, new java.util.AbstractMap.SimpleEntry<>(k, value(r, k, 0)));
                }
            }
            default -> {
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entries) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    private static String key(SplittableRandom r) {
        String k = KEYS[r.nextInt(KEYS.length)];
        return r.nextInt(4) == 0 ? new String(k) : k;
    }

    private static Map<String, Object> map(SplittableRandom r, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = r.nextInt(depth == 0 ? 9 : 4); i > 0; i--) {
            String k = key(r);
            m.put(k, value(r, k, depth));
        }
        return m;
    }

    /** A value of any type (so columns get variants); never null under a system name (not nullable). */
    private static Object value(SplittableRandom r, String key, int depth) {
        Object v = switch (r.nextInt(depth < 3 ? 11 : 8)) {
            case 0 -> null;
            case 1, 2 -> (long) r.nextInt(-3, 100);
            case 3 -> r.nextInt(3) == 0 ? Double.NaN : r.nextDouble() * 100;
            case 4 -> "s" + r.nextInt(5);
            case 5 -> r.nextBoolean();
            case 6 -> new BigDecimal(r.nextInt(1000)).movePointLeft(r.nextInt(4));
            case 7 -> String.valueOf(r.nextInt(50));
            case 8 -> map(r, depth + 1);
            default -> {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    l.add(r.nextInt(3) == 0 ? map(r, depth + 1) : value(r, "item", depth + 1));
                }
                yield l;
            }
        };
        return v == null && key.startsWith("_dlt") ? "s" : v;
    }

    /** The same row with every key, at every level, a new instance. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> freshKeys(Map<String, Object> row) {
        Map<String, Object> m = new LinkedHashMap<>();
        row.forEach((k, v) -> m.put(new String(k), fresh(v)));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Object fresh(Object v) {
        if (v instanceof Map<?, ?> m) {
            return freshKeys((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(NormalizerKeyCachesTest::fresh).toList();
        }
        return v;
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
