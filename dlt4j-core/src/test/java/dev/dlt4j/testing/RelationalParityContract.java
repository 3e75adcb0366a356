package dev.dlt4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.DataType;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.SchemaJson;
import dev.dlt4j.schema.Table;
import dev.dlt4j.LoaderFileFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential suite of issue 11: every {@link ParityCases} input is loaded with every loader
 * file format the destination supports, and each load must give exactly the tables dlt 1.26 gives:
 * stored schema (tables in order, column order, dlt types, nullability), destination (the same
 * tables, the same columns in the same order with the destination's types for those dlt types and
 * the same nullability, the same rows), and every child row linked to a row of its parent and root
 * tables. Since all formats and destinations are held to one expectation, they give the same
 * tables. A destination test extends this class.
 */
public abstract class RelationalParityContract {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    @TempDir
    protected Path tmp;

    /** A pipeline {@code name} into the destination, with a dataset no other test uses. */
    protected abstract Pipeline.Builder builder(String name);

    /** Rows of a query run at the destination the pipeline loaded to, column label to value. */
    protected abstract List<Map<String, Object>> query(Pipeline pipeline, String sql);

    /**
     * The {@code information_schema.columns.data_type} the destination shows for a column of a dlt
     * type without precision hints (dlt's type mapping, ../shared/spec/destinations.md §2).
     */
    protected abstract String destinationType(DataType type);

    /** Drops what the pipeline left at the destination (after every case is checked). */
    protected void cleanUp(Pipeline pipeline) {
    }

    /** One run per format holds every case (a resource each), which keeps the suite fast. */
    private final Map<LoaderFileFormat, Object> runs = new java.util.EnumMap<>(LoaderFileFormat.class);

    @TestFactory
    Stream<DynamicTest> everyCaseGivesDltsTablesInEveryLoaderFormat() {
        List<DynamicTest> tests = new ArrayList<>();
        for (LoaderFileFormat f : LoaderFileFormat.values()) {
            for (int i = 0; i < ParityCases.ALL.size(); i++) {
                ParityCase c = ParityCases.ALL.get(i);
                String prefix = "c" + i + "_";
                tests.add(DynamicTest.dynamicTest(c.name() + " [" + f.extension() + "]", () -> check(c, prefix, f)));
            }
        }
        return tests.stream();
    }

    private final List<Pipeline> pipelines = new ArrayList<>();

    @AfterEach
    void dropLoadedDatasets() {
        pipelines.forEach(this::cleanUp);
    }

    /**
     * The pipeline that loaded every case in {@code format}, run on first use. A failed run fails
     * every case of the format with that error; a format the destination does not load skips them.
     */
    private Loaded loaded(LoaderFileFormat format) {
        Object run = runs.computeIfAbsent(format, f -> {
            Pipeline.Builder b = builder("parity_" + f.extension());
            if (!b.build().destination().capabilities().supportedFormats().contains(f)) {
                return "the destination does not load " + f.extension();
            }
            Pipeline p = b.loaderFileFormat(f).build();
            pipelines.add(p);
            List<Resource> resources = new ArrayList<>();
            for (int i = 0; i < ParityCases.ALL.size(); i++) {
                for (ParityCase.Input in : ParityCases.ALL.get(i).inputs()) {
                    resources.add(in.hints().apply(Resource.of("c" + i + "_" + in.resource(), in.rows())));
                }
            }
            LoadInfo info;
            try {
                info = p.run(resources.toArray(Resource[]::new));
            } catch (RuntimeException e) {
                return e;
            }
            Map<String, List<String>> dbColumns = new java.util.HashMap<>();
            for (Map<String, Object> r : query(p, "SELECT table_name, column_name, data_type, is_nullable"
                    + " FROM information_schema.columns WHERE table_schema = '" + p.datasetName()
                    + "' ORDER BY table_name, ordinal_position")) {
                dbColumns.computeIfAbsent((String) r.get("table_name"), t -> new ArrayList<>())
                        .add(r.get("column_name") + " " + r.get("data_type")
                                + (isYes(r.get("is_nullable")) ? "" : " not null"));
            }
            return new Loaded(p, info.loadIds().get(0), storedSchema(p), dbColumns);
        });
        if (run instanceof String skipped) {
            Assumptions.abort(skipped);
        }
        if (run instanceof RuntimeException e) {
            throw new AssertionError("loading the cases in " + format.extension() + " failed: " + e, e);
        }
        return (Loaded) run;
    }

    /** A format's run: its pipeline, load id, stored schema, and the destination's columns per table. */
    private record Loaded(Pipeline pipeline, String loadId, Schema schema, Map<String, List<String>> dbColumns) {
    }

    private void check(ParityCase c, String prefix, LoaderFileFormat format) {
        Loaded run = loaded(format);
        Schema schema = run.schema();
        List<String> tables = schema.tables().keySet().stream().filter(t -> t.startsWith(prefix)).toList();
        List<String> expectedTables = c.tables().stream().map(t -> prefix + t.name()).toList();
        assertThat(tables).as("tables of the stored schema, in order").containsExactlyElementsOf(expectedTables);
        assertThat(run.dbColumns().keySet().stream().filter(t -> t.startsWith(prefix)).toList())
                .as("tables at the destination").containsExactlyInAnyOrderElementsOf(expectedTables);
        for (ParityCase.Table expected : c.tables()) {
            Table stored = schema.tables().get(prefix + expected.name());
            checkTable(run, stored, prefix, expected);
            checkLinks(run, stored, expected);
        }
    }

    private void checkTable(Loaded run, Table stored, String prefix, ParityCase.Table expected) {
        Pipeline p = run.pipeline();
        String table = prefix + expected.name();
        List<ParityCase.Column> storedColumns = stored.columns().values().stream()
                .map(col -> new ParityCase.Column(col.name(), col.dataType(), col.nullable())).toList();
        assertThat(storedColumns).as("columns of %s in the stored schema", table)
                .containsExactlyElementsOf(expected.columns());
        String dataset = p.datasetName();
        assertThat(run.dbColumns().getOrDefault(table, List.of()))
                .as("columns of %s at the destination (name, type, nullability)", table)
                .containsExactlyElementsOf(expected.columns().stream()
                        .map(col -> col.name() + " " + destinationType(col.type())
                                + (col.nullable() ? "" : " not null")).toList());
        List<ParityCase.Column> kept = expected.keptColumns();
        // a time as text: java.sql.Time, which PostgreSQL's driver returns, drops the fraction of a second
        List<String> select = new ArrayList<>(kept.stream().map(col -> col.type() == DataType.TIME
                ? "CAST(\"" + col.name() + "\" AS VARCHAR) AS \"" + col.name() + "\"" : "\"" + col.name() + "\"")
                .toList());
        for (int i = 0; i < expected.also().size(); i++) {
            select.add(expected.also().get(i) + " AS \"also_" + i + "\"");
        }
        List<Optional<ParityCase.Column>> types = new ArrayList<>(kept.stream().map(Optional::of).toList());
        for (String expression : expected.also()) {
            types.add(expected.columns().stream().filter(col -> col.name().equals(expression)).findFirst());
        }
        List<List<Object>> actual = new ArrayList<>();
        for (Map<String, Object> r : query(p, "SELECT " + String.join(", ", select) + " FROM \"" + dataset
                + "\".\"" + table + "\"")) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                values.add(canonical(types.get(i), r.get(i < kept.size() ? kept.get(i).name()
                        : "also_" + (i - kept.size()))));
            }
            actual.add(values);
        }
        List<List<Object>> wanted = expected.rows().stream().map(row -> {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                values.add(canonical(types.get(i), ParityCase.LOAD_ID.equals(row.get(i)) ? run.loadId() : row.get(i)));
            }
            return values;
        }).toList();
        assertThat(actual).as("rows of %s", table).containsExactlyInAnyOrderElementsOf(wanted);
    }

    /** Every child row names a row of its parent table, and (where it has the column) of its root table. */
    private void checkLinks(Loaded run, Table stored, ParityCase.Table expected) {
        if (stored.isRoot()) {
            return;
        }
        Schema schema = run.schema();
        assertThat(orphans(run, stored.name(), "_dlt_parent_id", stored.parent().orElseThrow()))
                .as("rows of %s whose _dlt_parent_id names no row of %s", stored.name(), stored.parent().orElseThrow()).isZero();
        if (expected.hasColumn("_dlt_root_id")) {
            String root = schema.rootOf(stored.name()).name();
            assertThat(orphans(run, stored.name(), "_dlt_root_id", root))
                    .as("rows of %s whose _dlt_root_id names no row of %s", stored.name(), root).isZero();
        }
    }

    private long orphans(Loaded run, String table, String link, String target) {
        String dataset = "\"" + run.pipeline().datasetName() + "\".";
        return ((Number) query(run.pipeline(), "SELECT count(*) AS n FROM " + dataset + "\"" + table + "\" c"
                + " WHERE NOT EXISTS (SELECT 1 FROM " + dataset + "\"" + target + "\" p WHERE p._dlt_id = c." + link
                + ")").get(0).get("n")).longValue();
    }

    private static boolean isYes(Object v) {
        return v != null && (v.equals("YES") || v.equals(Boolean.TRUE));
    }

    private static Schema storedSchema(Pipeline p) {
        Path dir = p.workingDir().resolve("schemas");
        try (Stream<Path> files = Files.list(dir)) {
            Path file = files.filter(f -> f.getFileName().toString().endsWith(".schema.json")).findFirst()
                    .orElseThrow(() -> new AssertionError("no stored schema in " + dir));
            return SchemaJson.fromJson(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value as both sides compare it, whatever class the JDBC driver or the case used. */
    private static Object canonical(Optional<ParityCase.Column> column, Object v) {
        if (v == null || column.isEmpty()) {
            return v;
        }
        switch (column.get().type()) {
            case BIGINT:
                return ((Number) v).longValue();
            case DOUBLE:
                return ((Number) v).doubleValue();
            case BOOL:
                return v;
            case DECIMAL:
            case WEI:
                BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
                return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
            case TIMESTAMP:
                if (v instanceof OffsetDateTime o) {
                    return o.toInstant();
                }
                if (v instanceof java.sql.Timestamp t) {
                    return t.toInstant();
                }
                if (v instanceof LocalDateTime l) {
                    return l.toInstant(ZoneOffset.UTC);
                }
                return v instanceof Instant ? v : OffsetDateTime.parse(v.toString()).toInstant();
            case DATE:
                return v instanceof java.sql.Date d2 ? d2.toLocalDate() : LocalDate.parse(v.toString());
            case TIME:
                if (v instanceof OffsetTime t) {
                    return t.toLocalTime();
                }
                return v instanceof java.sql.Time t ? t.toLocalTime() : LocalTime.parse(v.toString());
            case BINARY:
                if (v instanceof java.sql.Blob blob) {
                    try {
                        return HexFormat.of().formatHex(blob.getBytes(1, (int) blob.length()));
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return v instanceof byte[] b ? HexFormat.of().formatHex(b) : v.toString();
            case JSON:
                try {
                    return v instanceof Map || v instanceof List ? JSON.readTree(JSON.writeValueAsString(v))
                            : JSON.readTree(v.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            default:
                return v.toString();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + Arrays.toString(LoaderFileFormat.values());
    }
}
