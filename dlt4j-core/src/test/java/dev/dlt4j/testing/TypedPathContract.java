package dev.dlt4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlt4j.Column;
import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataType;
import dev.dlt4j.Incremental;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.SchemaContract;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.SchemaJson;
import dev.dlt4j.schema.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed path (issue 17, lever 2) is a faster way to the same tables as rows: the same values
 * loaded as maps, as {@link ColumnPage}s and as records give the same stored schema (tables, column
 * order, types, nullability, precision, variants, {@code _dlt_load_id} and {@code _dlt_id}), the
 * same columns at the destination and the same rows ({@code _dlt_id} values aside, which are
 * random, but present and unique), in every loader file format the destination takes; a second run
 * with other types coerces into the existing columns and makes the same variant columns. A
 * destination test extends this class.
 */
public abstract class TypedPathContract {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    @TempDir
    protected Path tmp;

    /** A pipeline {@code name} into the destination, with a dataset no other test uses. */
    protected abstract Pipeline.Builder builder(String name);

    /** Rows of a query run at the destination the pipeline loaded to, column label to value. */
    protected abstract List<Map<String, Object>> query(Pipeline pipeline, String sql);

    /** Drops what the pipeline left at the destination. */
    protected void cleanUp(Pipeline pipeline) {
    }

    private final List<Pipeline> pipelines = new ArrayList<>();

    @AfterEach
    void dropLoadedDatasets() {
        pipelines.forEach(this::cleanUp);
    }

    /** How the first run's rows are declared: a record per row, a component per column. */
    public enum Kind { SMALL, LARGE }

    public record Item(long id, String userName, double score, boolean active, BigDecimal amount, Instant seenAt,
            LocalDate day, LocalTime at, byte[] blob, UUID uuid, Kind kind, String createdText, String nothing,
            Integer late, int small, float ratio) {
    }

    /** The second run: other types under the same names (coerced, or into variants) and a new column. */
    public record Later(String id, String score, String active, double amount, String extra) {
    }

    static List<Item> items() {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(new Item(i, "user " + i, i * 1.5, i % 2 == 0, new BigDecimal("12.5" + i),
                    Instant.parse("2024-05-0" + (i + 1) + "T10:15:30.123456Z"), LocalDate.of(2024, 1, i + 1),
                    LocalTime.of(i, 30, 15, 250_000_000), new byte[] {(byte) i, 7}, new UUID(i, 42),
                    i % 2 == 0 ? Kind.SMALL : Kind.LARGE, "2024-02-0" + (i + 1) + "T00:00:00+00:00",
                    null, i < 3 ? null : i * 10, i, 0.1f * i));
        }
        return out;
    }

    static List<Later> later() {
        return List.of(new Later("7", "high", "true", 3.25, "x"), new Later("8", "9", "false", 4, null));
    }

    /** A record as the row path sees it: a map of its components, in order. */
    static Map<String, Object> asMap(Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var c : r.getClass().getRecordComponents()) {
            try {
                m.put(c.getName(), c.getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }

    /** Records as pages of {@code size} rows, a column per component with the type the row path gives it. */
    static List<ColumnPage> asPages(List<? extends Record> rows, int size) {
        List<ColumnPage> pages = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += size) {
            ColumnPage.Builder b = ColumnPage.builder();
            for (var c : rows.get(0).getClass().getRecordComponents()) {
                b.column(c.getName(), typeOf(c.getType()));
            }
            for (Record r : rows.subList(from, Math.min(rows.size(), from + size))) {
                b.row(asMap(r).values().toArray());
            }
            pages.add(b.build());
        }
        return pages;
    }

    private static DataType typeOf(Class<?> t) {
        if (t == long.class || t == int.class || t == Integer.class) {
            return DataType.BIGINT;
        }
        if (t == double.class || t == float.class) {
            return DataType.DOUBLE;
        }
        if (t == boolean.class) {
            return DataType.BOOL;
        }
        if (t == BigDecimal.class) {
            return DataType.DECIMAL;
        }
        if (t == Instant.class) {
            return DataType.TIMESTAMP;
        }
        if (t == LocalDate.class) {
            return DataType.DATE;
        }
        if (t == LocalTime.class) {
            return DataType.TIME;
        }
        if (t == byte[].class) {
            return DataType.BINARY;
        }
        return DataType.TEXT;
    }

    /** What each way of yielding turns a run's records into. */
    private static final Map<String, Function<List<? extends Record>, List<?>>> WAYS = Map.of(
            "maps", rows -> rows.stream().map(TypedPathContract::asMap).toList(),
            "pages", rows -> asPages(rows, 3),
            "records", rows -> rows);

    @Test
    void mapsPagesAndRecordsGiveTheSameTablesInEveryFormat() {
        Pipeline probe = builder("columnar_probe").build();
        Set<LoaderFileFormat> formats = probe.destination().capabilities().supportedFormats();
        for (LoaderFileFormat format : formats) {
            Map<String, Loaded> loaded = new TreeMap<>();
            for (String way : List.of("maps", "pages", "records")) {
                Pipeline p = builder("columnar_" + way + "_" + format.extension()).loaderFileFormat(format).build();
                pipelines.add(p);
                Function<List<? extends Record>, List<?>> as = WAYS.get(way);
                LoadInfo first = p.run(Resource.of("items", as.apply(items())));
                LoadInfo second = p.run(Resource.of("items", as.apply(later())));
                loaded.put(way, loaded(p, List.of(first.loadIds().get(0), second.loadIds().get(0))));
            }
            Loaded maps = loaded.get("maps");
            assertThat(maps.schema().columns().keySet()).as("the row path's table (%s)", format.extension())
                    .startsWith("id", "user_name", "score", "active", "amount", "seen_at", "day", "at", "blob",
                            "uuid", "kind", "created_text", "small", "ratio", "_dlt_load_id", "_dlt_id", "late")
                    .contains("score__v_text", "extra").doesNotContain("nothing");
            assertThat(maps.schema().columns().get("created_text").dataType()).isEqualTo(DataType.TIMESTAMP);
            assertThat(maps.rows()).hasSize(7);
            for (String way : List.of("pages", "records")) {
                Loaded other = loaded.get(way);
                assertThat(other.schema()).as("stored schema of %s (%s)", way, format.extension())
                        .isEqualTo(maps.schema());
                assertThat(other.dbColumns()).as("destination columns of %s (%s)", way, format.extension())
                        .containsExactlyElementsOf(maps.dbColumns());
                assertThat(other.rows()).as("rows of %s (%s)", way, format.extension())
                        .containsExactlyElementsOf(maps.rows());
            }
        }
    }

    /** Every column set from the first row on: the typed rows after the first take normalize's short cut. */
    public record Dense(long id, String name, double score, boolean ok, BigDecimal amount, Instant at, LocalDate day,
            LocalTime time, byte[] blob, String maybe) {
    }

    @Test
    void rowsOfKnownColumnsTakeAShortCutToTheSameTables() {
        List<Dense> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(new Dense(i, "n" + i, i / 3.0, i % 2 == 0, new BigDecimal(i + ".25"),
                    Instant.ofEpochSecond(1_700_000_000L + i, i), LocalDate.ofEpochDay(19_000 + i),
                    LocalTime.ofSecondOfDay(i), new byte[] {(byte) i}, i % 3 == 1 ? null : "m" + i));
        }
        Map<String, Loaded> loaded = new TreeMap<>();
        for (String way : List.of("maps", "pages", "records")) {
            Pipeline p = builder("columnar_dense_" + way).build();
            pipelines.add(p);
            LoadInfo info = p.run(Resource.of("dense", WAYS.get(way).apply(rows)));
            loaded.put(way, loaded(p, List.of(info.loadIds().get(0))));
        }
        assertThat(loaded.get("maps").rows()).hasSize(300);
        for (String way : List.of("pages", "records")) {
            assertThat(loaded.get(way).schema()).as("stored schema of %s", way).isEqualTo(loaded.get("maps").schema());
            assertThat(loaded.get(way).dbColumns()).as("columns of %s", way)
                    .containsExactlyElementsOf(loaded.get("maps").dbColumns());
            assertThat(loaded.get(way).rows()).as("rows of %s", way)
                    .containsExactlyElementsOf(loaded.get("maps").rows());
        }
    }

    @Test
    void namesAreNormalizedAndCollideAsForMaps() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Customer Id", (long) i);
            m.put("customer_id", i % 2 == 0 ? null : (long) (100 + i));
            m.put("CamelCase", "v" + i);
            m.put("_dlt_id", i == 3 ? "own-id" : null);
            rows.add(m);
        }
        ColumnPage page = ColumnPage.builder().column("Customer Id", DataType.BIGINT)
                .column("customer_id", DataType.BIGINT).column("CamelCase", DataType.TEXT)
                .column("_dlt_id", DataType.TEXT).row(rows.get(0).values().toArray())
                .row(rows.get(1).values().toArray()).row(rows.get(2).values().toArray())
                .row(rows.get(3).values().toArray()).build();
        Pipeline maps = builder("columnar_names_maps").build();
        Pipeline pages = builder("columnar_names_pages").build();
        pipelines.add(maps);
        pipelines.add(pages);
        String l1 = maps.run(Resource.of("people", rows)).loadIds().get(0);
        String l2 = pages.run(Resource.of("people", List.of(page))).loadIds().get(0);
        Loaded a = loaded(maps, List.of(l1));
        Loaded b = loaded(pages, List.of(l2));
        // row 0's customer_id (the later key wins) is null: the column comes with row 1, after dlt's
        assertThat(a.schema().columns().keySet()).containsExactly("camel_case", "_dlt_id", "_dlt_load_id",
                "customer_id");
        assertThat(b.schema()).isEqualTo(a.schema());
        assertThat(b.rows()).containsExactlyElementsOf(a.rows());
        assertThat(query(pages, "SELECT \"_dlt_id\" FROM \"" + pages.datasetName() + "\".\"people\""
                + " WHERE customer_id = 103")).extracting(r -> r.get("_dlt_id")).containsExactly("own-id");
    }

    @Test
    void precisionHintsAndPageDeclarationsAsForMaps() {
        Column price = Column.builder("price", DataType.DECIMAL).precision(10, 2).build();
        List<Map<String, Object>> rows = List.of(Map.of("sku", "a", "price", new BigDecimal("1.25")),
                Map.of("sku", "b", "price", new BigDecimal("2.50")));
        ColumnPage page = ColumnPage.builder().column("price", DataType.DECIMAL).column("sku", DataType.TEXT)
                .row(new BigDecimal("1.25"), "a").row(new BigDecimal("2.50"), "b").build();
        Pipeline maps = builder("columnar_prec_maps").build();
        Pipeline pages = builder("columnar_prec_pages").build();
        pipelines.add(maps);
        pipelines.add(pages);
        // Map.of's order is sorted by key for the row path: price, sku, as the page declares them
        String l1 = maps.run(Resource.of("stock", rows).columns(price)).loadIds().get(0);
        String l2 = pages.run(Resource.of("stock", List.of(page)).columns(price)).loadIds().get(0);
        Loaded a = loaded(maps, List.of(l1));
        assertThat(a.schema().columns().get("price").precision()).hasValue(10);
        assertThat(loaded(pages, List.of(l2)).schema()).isEqualTo(a.schema());

        // a page's own declaration is the hint when its data creates the column
        ColumnPage declared = ColumnPage.builder()
                .column(Column.builder("price", DataType.DECIMAL).precision(12, 3).nullable(false).build())
                .row(new BigDecimal("3.125")).build();
        Pipeline own = builder("columnar_prec_own").build();
        pipelines.add(own);
        own.run(Resource.of("stock", List.of(declared)));
        Column c = storedSchema(own).tables().get("stock").columns().get("price");
        assertThat(c.precision()).hasValue(12);
        assertThat(c.scale()).hasValue(3);
        assertThat(c.nullable()).isFalse();
    }

    @Test
    void aFrozenContractRefusesAPagesNewColumnAsItRefusesAMapsKey() {
        Pipeline p = builder("columnar_frozen").build();
        pipelines.add(p);
        p.run(Resource.of("items", asPages(items(), 5)));
        SchemaContract frozen = SchemaContract.all(SchemaContract.Mode.EVOLVE).withColumns(SchemaContract.Mode.FREEZE);
        assertThatThrownBy(() -> p.run(Resource.of("items", asPages(later(), 5)).schemaContract(frozen)))
                .isInstanceOf(PipelineException.class).hasMessageContaining("extra")
                .hasMessageContaining("columns: freeze");
        assertThat(query(p, "SELECT count(*) AS n FROM \"" + p.datasetName() + "\".\"items\""))
                .extracting(r -> ((Number) r.get("n")).intValue()).containsExactly(5);
    }

    @Test
    void aValueOfAnotherTypeThanItsColumnFailsTheExtractNamingResourceTableColumnAndValue() {
        Pipeline p = builder("columnar_bad").build();
        pipelines.add(p);
        // a dataset that exists (a failed first run creates nothing at a destination such as DuckDB)
        p.run(Resource.of("seed", List.of(Map.of("id", 1L))));
        Resource bad = Resource.fromIterator("orders", () -> List.<Object>of(ColumnPage.builder()
                .column("id", DataType.BIGINT).row("seven").build()).iterator()).tableName("order_lines");
        assertThatThrownBy(() -> p.run(bad)).isInstanceOf(PipelineException.class)
                .hasMessageContaining("orders").hasMessageContaining("order_lines").hasMessageContaining("id")
                .hasMessageContaining("'seven'").hasMessageContaining("long (Long, Integer, Short, Byte)");
        Resource uneven = Resource.fromIterator("orders", () -> List.<Object>of(ColumnPage.builder()
                .column(Column.of("id", DataType.BIGINT), new long[] {1, 2})
                .column(Column.of("name", DataType.TEXT), new Object[] {"a"}).build()).iterator());
        assertThatThrownBy(() -> p.run(uneven)).isInstanceOf(PipelineException.class)
                .hasMessageContaining("orders").hasMessageContaining("column id has 2")
                .hasMessageContaining("column name has 1");
        assertThat(p.dataset().tableNames()).doesNotContain("orders", "order_lines");
    }

    @Test
    void anIncrementalCursorFiltersTypedPagesRowByRowAsItFiltersMaps() {
        Pipeline maps = builder("columnar_inc_maps").build();
        Pipeline pages = builder("columnar_inc_pages").build();
        pipelines.add(maps);
        pipelines.add(pages);
        // three runs over a table that grows: each row loaded once, the rows at the last value deduplicated
        int[][] runs = {{0, 6}, {3, 10}, {8, 14}};
        for (int[] run : runs) {
            List<Map<String, Object>> rows = new ArrayList<>();
            ColumnPage.Builder b = ColumnPage.builder().column("id", DataType.BIGINT)
                    .column("updated", DataType.BIGINT).column("name", DataType.TEXT);
            for (int i = run[0]; i < run[1]; i++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", (long) i);
                m.put("updated", (long) (i / 2));
                m.put("name", "n" + i);
                rows.add(m);
                b.row((long) i, (long) (i / 2), "n" + i);
            }
            maps.run(Resource.of("events", List.of(rows)).incremental(Incremental.on("updated").primaryKey("id")));
            pages.run(Resource.of("events", List.of(b.build()))
                    .incremental(Incremental.on("updated").primaryKey("id")));
        }
        List<String> ids = query(pages, "SELECT id FROM \"" + pages.datasetName() + "\".\"events\" ORDER BY id")
                .stream().map(r -> String.valueOf(r.get("id"))).toList();
        assertThat(ids).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13");
        assertThat(ids).isEqualTo(query(maps, "SELECT id FROM \"" + maps.datasetName() + "\".\"events\" ORDER BY id")
                .stream().map(r -> String.valueOf(r.get("id"))).toList());
    }

    /** A pipeline's table {@code items} (or the one table of its schema): schema, destination columns, rows. */
    private record Loaded(Table schema, List<String> dbColumns, List<String> rows) {
    }

    private Loaded loaded(Pipeline p, List<String> loadIds) {
        Schema schema = storedSchema(p);
        List<Table> data = schema.tables().values().stream().filter(t -> !t.name().startsWith("_dlt")).toList();
        assertThat(data).hasSize(1);
        Table t = data.get(0);
        List<String> dbColumns = new ArrayList<>();
        for (Map<String, Object> r : query(p, "SELECT column_name, data_type, is_nullable FROM"
                + " information_schema.columns WHERE table_schema = '" + p.datasetName() + "' AND table_name = '"
                + t.name() + "' ORDER BY ordinal_position")) {
            dbColumns.add(r.get("column_name") + " " + r.get("data_type") + " " + r.get("is_nullable"));
        }
        List<String> rows = new ArrayList<>();
        Set<Object> ids = new HashSet<>();
        for (Map<String, Object> r : query(p, "SELECT * FROM \"" + p.datasetName() + "\".\"" + t.name() + "\"")) {
            Map<String, Object> kept = new TreeMap<>();
            r.forEach((c, v) -> {
                if (c.equals("_dlt_id")) {
                    assertThat(v).as("_dlt_id of a row").isNotNull();
                    assertThat(ids.add(v)).as("_dlt_id %s is unique", v).isTrue();
                } else if (c.equals("_dlt_load_id")) {
                    assertThat(loadIds).contains(String.valueOf(v));
                    kept.put(c, loadIds.indexOf(String.valueOf(v)));
                } else {
                    kept.put(c, canonical(v));
                }
            });
            rows.add(kept.toString());
        }
        rows.sort(null);
        return new Loaded(t, dbColumns, rows);
    }

    private static Object canonical(Object v) {
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        return v == null ? "null" : v.toString();
    }

    protected static Schema storedSchema(Pipeline p) {
        Path dir = p.workingDir().resolve("schemas");
        try (Stream<Path> files = Files.list(dir)) {
            Path file = files.filter(f -> f.getFileName().toString().endsWith(".schema.json")).findFirst()
                    .orElseThrow(() -> new AssertionError("no stored schema in " + dir));
            return SchemaJson.fromJson(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
