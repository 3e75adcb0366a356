package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.storage.PipelineStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same input loaded by two separate JVMs gives byte-identical stored schemas (tables, column
 * order, hints, version hash) and identical tables and rows. Each JVM hashes with its own random
 * seed ({@code Map.of} and {@code Set.of} iterate in a per-JVM order), so any such iteration that
 * reaches the schema shows up as a difference. The stored schema holds no timestamps or load ids,
 * so nothing is masked; the rows are compared without dlt's random ids ({@code _dlt_id} and the
 * columns that copy it) and load ids, which differ by design.
 */
class DeterminismTest {
    private static final String NAME = "det";

    @TempDir
    Path tmp;

    @Test
    void twoJvmsLoadingTheSameInputGiveIdenticalSchemasAndTables() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Process first = child(a);
        Process second = child(b);
        finish(first, a);
        finish(second, b);

        byte[] schemaA = Files.readAllBytes(schemaFile(a));
        byte[] schemaB = Files.readAllBytes(schemaFile(b));
        assertThat(new String(schemaB, StandardCharsets.UTF_8)).isEqualTo(new String(schemaA, StandardCharsets.UTF_8));
        assertThat(new String(schemaA, StandardCharsets.UTF_8))
                .contains("\"z\"", "\"data__v_text\"", "\"events__items__tags\"");

        Map<String, List<String>> tablesA = tables(a);
        assertThat(tables(b)).isEqualTo(tablesA);
        assertThat(tablesA).containsKeys("events", "events__items", "events__items__tags", "hinted", "plain");
        // Map.of rows are read with their keys sorted; declared columns keep their declaration order
        assertThat(tablesA.get("plain")).containsExactly("k1", "k2", "k3", "k4", "k5", "k6", "_dlt_load_id", "_dlt_id");
        assertThat(tablesA.get("hinted")).startsWith("z", "a", "m", "b", "y", "c", "x");
        for (String table : tablesA.keySet()) {
            assertThat(rows(b, table)).as(table).isEqualTo(rows(a, table)).isNotEmpty();
        }
    }

    private static Process child(Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DeterminismTest.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
    }

    private static void finish(Process p, Path dir) throws Exception {
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("child JVM finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
    }

    private static Path schemaFile(Path dir) {
        return new PipelineStorage(dir.resolve("pipelines").resolve(NAME)).schemaFile(NAME);
    }

    /** Data table name to its columns in DuckDB's order. */
    private static Map<String, List<String>> tables(Path dir) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map<String, Object> r : query(dir.resolve(NAME + ".duckdb"), "SELECT table_name, column_name"
                + " FROM information_schema.columns WHERE table_schema = '" + NAME + "_data'"
                + " AND table_name NOT LIKE '\\_dlt%' ESCAPE '\\' ORDER BY table_name, ordinal_position")) {
            out.computeIfAbsent((String) r.get("table_name"), k -> new ArrayList<>()).add((String) r.get("column_name"));
        }
        return out;
    }

    /** Every row, without the random ids and load ids, in a fixed order. */
    private static List<String> rows(Path dir, String table) {
        List<String> cols = new ArrayList<>(tables(dir).get(table));
        cols.removeIf(c -> List.of("_dlt_id", "_dlt_parent_id", "_dlt_root_id", "_dlt_load_id").contains(c));
        String list = String.join(", ", cols.stream().map(c -> "\"" + c + "\"").toList());
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : query(dir.resolve(NAME + ".duckdb"), "SELECT " + list + " FROM " + NAME
                + "_data." + table + " ORDER BY " + list)) {
            out.add(r.toString());
        }
        return out;
    }

    /** The child: one run of a source with nested data, hints, variants and {@code Map.of} rows. */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Pipeline p = DuckDbTesting.pipeline(dir, NAME).build();
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(Map.of("id", i, "kind", "k" + (i % 3), "data", i % 2 == 0 ? i : "text" + i,
                    "meta", Map.of("source", "s", "ts", "2024-01-0" + (1 + i % 9) + "T10:00:00Z", "n", i, "f", 1.5),
                    "items", List.of(Map.of("sku", "a" + i, "qty", i, "tags", List.of("x", "y")),
                            Map.of("sku", "b" + i, "price", 2.5))));
        }
        Resource hinted = Resource.of("hinted", List.of(Map.of("m", 1.0, "q", "x", "b", true, "extra", 1)))
                .columns(Column.of("z", DataType.TEXT), Column.of("a", DataType.BIGINT), Column.of("m", DataType.DOUBLE),
                        Column.of("b", DataType.BOOL), Column.of("y", DataType.TIMESTAMP),
                        Column.of("c", DataType.DECIMAL), Column.of("x", DataType.TEXT));
        Resource plain = Resource.of("plain", List.of(Map.of("k1", 1, "k2", 2, "k3", 3, "k4", 4, "k5", 5, "k6", 6)));
        p.run(Source.of(NAME, Resource.of("events", events).writeDisposition(WriteDisposition.MERGE)
                .primaryKey("id"), hinted, plain));
    }
}
