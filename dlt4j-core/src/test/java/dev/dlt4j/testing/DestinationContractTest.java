package dev.dlt4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.storage.PipelineStorage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every destination must show, run against the real store of each: a destination
 * module subclasses this, says how to build a pipeline into it and how to read a table's rows back
 * (its own client: JDBC, or DuckDB over the files), and inherits every test. A behaviour that
 * differs between destinations fails here.
 *
 * <p>Values are compared by what they mean, not by the Java class a driver returns: {@link #as}
 * turns a stored value into the expected type (a file keeps a decimal as text, a database as a
 * number), and a subclass may check the destination's own column types on top.
 */
public abstract class DestinationContractTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    protected Path tmp;

    /** A pipeline builder into this destination: destination, a dataset of its own, pipelines dir under {@link #tmp}. */
    protected abstract Pipeline.Builder pipeline(String name);

    /** Every row of {@code table} in the pipeline's dataset, column name to stored value; empty when the table has none. */
    protected abstract List<Map<String, Object>> rows(Pipeline pipeline, String table);

    @Test
    void flatRowsArriveWithTheirValuesAndTheLoadIsRecorded() {
        Pipeline p = pipeline("flat").build();
        List<Map<String, Object>> data = new ArrayList<>();
        data.add(row("id", 1, "name", "ada", "score", 1.5, "active", true, "note", "first"));
        data.add(row("id", 2, "name", "bob", "score", -2.25, "active", false, "note", null));
        data.add(row("id", 3, "name", "cy", "score", 0.0, "active", true, "note", ""));
        LoadInfo info = p.run(Resource.of("users", data));

        assertThat(info.rows("users")).isEqualTo(3);
        List<Map<String, Object>> back = sortedBy(rows(p, "users"), "id");
        assertThat(back).hasSize(3);
        assertThat(back).extracting(r -> as(r.get("name"), String.class)).containsExactly("ada", "bob", "cy");
        assertThat(back).extracting(r -> as(r.get("score"), Double.class)).containsExactly(1.5, -2.25, 0.0);
        assertThat(back).extracting(r -> as(r.get("active"), Boolean.class)).containsExactly(true, false, true);
        assertThat(as(back.get(0).get("note"), String.class)).isEqualTo("first");
        assertThat(back.get(1).get("note")).isNull();
        assertThat(as(back.get(2).get("note"), String.class)).as("the empty string is not NULL").isEmpty();
        assertThat(back).allSatisfy(r -> {
            assertThat(as(r.get("_dlt_load_id"), String.class)).isEqualTo(info.loadIds().get(0));
            assertThat(as(r.get("_dlt_id"), String.class)).isNotBlank();
        });
        List<Map<String, Object>> loads = rows(p, "_dlt_loads");
        assertThat(loads).hasSize(1);
        assertThat(as(loads.get(0).get("load_id"), String.class)).isEqualTo(info.loadIds().get(0));
        assertThat(as(loads.get(0).get("status"), Long.class)).isZero();
        assertThat(as(loads.get(0).get("schema_name"), String.class)).isEqualTo("flat");
        assertThat(rows(p, "_dlt_version")).hasSize(1);
        assertThat(rows(p, "_dlt_pipeline_state")).hasSize(1);
    }

    @Test
    void aLoneSurrogateIsRefusedNamingTableAndColumnAndNothingOfTheRunIsLoaded() {
        Pipeline p = pipeline("surrogates").build();
        List<Map<String, Object>> data = List.of(row("id", 1, "text", "ok"),
                row("id", 2, "info", row("text", "half \uD83D of a smiley")));
        assertThatThrownBy(() -> p.run(Resource.of("texts", data))).isInstanceOf(PipelineException.class)
                .hasMessageContaining("stage extract")
                .hasMessageContaining("Table texts, column info__text: the text holds a lone UTF-16 surrogate"
                        + " \\uD83D at index 5");
        // a whole pair is a character like any other and arrives intact, alone in the table
        p.run(Resource.of("texts", List.of(row("id", 3, "text", "a smiley \uD83D\uDE00, a tick \u2713"))));
        assertThat(rows(p, "texts")).extracting(r -> as(r.get("text"), String.class))
                .containsExactly("a smiley \uD83D\uDE00, a tick \u2713");
    }

    @Test
    void nanAndInfinityArriveAsDoubles() {
        Pipeline p = pipeline("doubles").build();
        p.run(Resource.of("measures", List.of(row("id", 1, "v", 1.5), row("id", 2, "v", Double.NaN),
                row("id", 3, "v", Double.POSITIVE_INFINITY), row("id", 4, "v", Double.NEGATIVE_INFINITY))));
        assertThat(sortedBy(rows(p, "measures"), "id")).extracting(r -> as(r.get("v"), Double.class))
                .containsExactly(1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    @Test
    void nestedObjectsFlattenAndListsBecomeChildTablesLinkedToTheirParentInOrder() {
        Pipeline p = pipeline("nested").build();
        List<Map<String, Object>> data = List.of(
                row("id", 1, "user", row("login", "ada", "id", 7), "labels",
                        List.of(row("name", "bug"), row("name", "ui"), row("name", "p1")), "tags", List.of("x", "y")),
                row("id", 2, "user", row("login", "bob", "id", 8), "labels", List.of(row("name", "question")),
                        "tags", List.of()));
        LoadInfo info = p.run(Resource.of("issues", data));

        assertThat(info.rows("issues")).isEqualTo(2);
        assertThat(info.rows("issues__labels")).isEqualTo(4);
        List<Map<String, Object>> issues = sortedBy(rows(p, "issues"), "id");
        assertThat(issues).extracting(r -> as(r.get("user__login"), String.class)).containsExactly("ada", "bob");
        assertThat(issues).extracting(r -> as(r.get("user__id"), Long.class)).containsExactly(7L, 8L);
        String id1 = as(issues.get(0).get("_dlt_id"), String.class);
        String id2 = as(issues.get(1).get("_dlt_id"), String.class);

        List<Map<String, Object>> labels = rows(p, "issues__labels");
        labels.sort(Comparator.comparing((Map<String, Object> r) -> as(r.get("_dlt_parent_id"), String.class)
                .equals(id1) ? 0 : 1).thenComparing(r -> as(r.get("_dlt_list_idx"), Long.class)));
        assertThat(labels).extracting(r -> as(r.get("name"), String.class))
                .containsExactly("bug", "ui", "p1", "question");
        assertThat(labels).extracting(r -> as(r.get("_dlt_parent_id"), String.class))
                .containsExactly(id1, id1, id1, id2);
        assertThat(labels).extracting(r -> as(r.get("_dlt_list_idx"), Long.class)).containsExactly(0L, 1L, 2L, 0L);

        List<Map<String, Object>> tags = sortedBy(rows(p, "issues__tags"), "_dlt_list_idx");
        assertThat(tags).extracting(r -> as(r.get("value"), String.class)).containsExactly("x", "y");
        assertThat(tags).extracting(r -> as(r.get("_dlt_parent_id"), String.class)).containsExactly(id1, id1);
    }

    @Test
    void typesAreInferredAndEveryValueSurvivesTheRoundTrip() {
        Pipeline p = pipeline("types").build();
        Instant at = Instant.parse("2024-05-06T07:08:09.123456Z");
        byte[] bytes = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
        Map<String, Object> doc = row("a", 1, "b", List.of("x", "y"), "c", row("d", true));
        Map<String, Object> r = row("big", 9_000_000_000L, "dbl", 3.25, "flag", true,
                "txt", "comma, \"quote\"\nnew line", "ts_text", "2024-01-02T03:04:05Z", "ts", at,
                "day", LocalDate.of(2024, 2, 29), "dec", new BigDecimal("12.345"), "bin", bytes, "doc", doc);
        p.run(Resource.of("things", List.of(r)).column("doc", DataType.JSON));

        Table table = schema(p, "types").table("things").orElseThrow();
        Map<String, DataType> types = new LinkedHashMap<>();
        table.columns().values().forEach(c -> types.put(c.name(), c.dataType()));
        assertThat(types).containsEntry("big", DataType.BIGINT).containsEntry("dbl", DataType.DOUBLE)
                .containsEntry("flag", DataType.BOOL).containsEntry("txt", DataType.TEXT)
                .containsEntry("ts_text", DataType.TIMESTAMP).containsEntry("ts", DataType.TIMESTAMP)
                .containsEntry("day", DataType.DATE).containsEntry("dec", DataType.DECIMAL)
                .containsEntry("bin", DataType.BINARY).containsEntry("doc", DataType.JSON);

        List<Map<String, Object>> back = rows(p, "things");
        assertThat(back).hasSize(1);
        Map<String, Object> b = back.get(0);
        assertThat(as(b.get("big"), Long.class)).isEqualTo(9_000_000_000L);
        assertThat(as(b.get("dbl"), Double.class)).isEqualTo(3.25);
        assertThat(as(b.get("flag"), Boolean.class)).isTrue();
        assertThat(as(b.get("txt"), String.class)).isEqualTo("comma, \"quote\"\nnew line");
        assertThat(as(b.get("ts_text"), Instant.class)).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(as(b.get("ts"), Instant.class)).isEqualTo(at);
        assertThat(as(b.get("day"), LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(as(b.get("dec"), BigDecimal.class)).isEqualByComparingTo("12.345");
        assertThat(as(b.get("bin"), byte[].class)).isEqualTo(bytes);
        assertThat(as(b.get("doc"), JsonNode.class)).isEqualTo(MAPPER.valueToTree(doc));
    }

    @Test
    void aValueThatDoesNotFitItsColumnGoesToAVariantColumn() {
        Pipeline p = pipeline("variant").build();
        p.run(Resource.of("events", List.of(row("id", 1, "v", 5), row("id", 2, "v", "not a number"))));

        Table table = schema(p, "variant").table("events").orElseThrow();
        assertThat(table.column("v").map(Column::dataType)).contains(DataType.BIGINT);
        assertThat(table.column("v__v_text").map(Column::variant)).contains(true);
        List<Map<String, Object>> back = sortedBy(rows(p, "events"), "id");
        assertThat(as(back.get(0).get("v"), Long.class)).isEqualTo(5L);
        assertThat(back.get(0).get("v__v_text")).isNull();
        assertThat(back.get(1).get("v")).isNull();
        assertThat(as(back.get(1).get("v__v_text"), String.class)).isEqualTo("not a number");
    }

    @Test
    void theSchemaEvolvesAcrossRunsAndWithinOneFile() {
        Pipeline p = pipeline("evolve").build();
        p.run(Resource.of("items", List.of(row("id", 1, "a", "x"))));
        // the second run adds a column after its first row: a fixed-header format starts a new file
        p.run(Resource.of("items", List.of(row("id", 2, "a", "y"), row("id", 3, "a", "z", "b", 2.5))));

        List<Map<String, Object>> back = sortedBy(rows(p, "items"), "id");
        assertThat(back).extracting(r -> as(r.get("a"), String.class)).containsExactly("x", "y", "z");
        assertThat(back.get(0).get("b")).isNull();
        assertThat(back.get(1).get("b")).isNull();
        assertThat(as(back.get(2).get("b"), Double.class)).isEqualTo(2.5);
        assertThat(rows(p, "_dlt_loads")).hasSize(2);
    }

    @Test
    void appendAddsRowsAndReplaceReplacesTheWholeTableChain() {
        Pipeline p = pipeline("dispositions").build();
        Resource first = Resource.of("orders", List.of(row("id", 1, "lines", List.of(row("sku", "a"))),
                row("id", 2, "lines", List.of(row("sku", "b"), row("sku", "c")))));
        p.run(first);
        p.run(first);
        assertThat(rows(p, "orders")).hasSize(4);
        assertThat(rows(p, "orders__lines")).hasSize(6);

        p.run(Resource.of("orders", List.of(row("id", 3, "lines", List.of(row("sku", "z")))))
                .writeDisposition(WriteDisposition.REPLACE));
        List<Map<String, Object>> orders = rows(p, "orders");
        assertThat(orders).extracting(r -> as(r.get("id"), Long.class)).containsExactly(3L);
        assertThat(rows(p, "orders__lines")).extracting(r -> as(r.get("sku"), String.class)).containsExactly("z");
    }

    // ---- helpers for subclasses and the tests above

    /** A row from alternating keys and values; values may be null. */
    protected static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    protected static Schema schema(Pipeline p, String name) {
        return new PipelineStorage(p.workingDir()).schema(name).orElseThrow();
    }

    protected static List<Map<String, Object>> sortedBy(List<Map<String, Object>> rows, String column) {
        List<Map<String, Object>> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing(r -> as(r.get(column), Long.class)));
        return out;
    }

    private static final DateTimeFormatter SQL_TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:mm", "+00").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .parseDefaulting(ChronoField.OFFSET_SECONDS, 0).toFormatter();

    /**
     * A stored value as the Java type a test expects: numbers, text and temporals in any of the
     * forms the drivers and file readers return them. Null stays null.
     */
    @SuppressWarnings("unchecked")
    protected static <T> T as(Object v, Class<T> type) {
        if (v == null) {
            return null;
        }
        Object out;
        if (type == String.class) {
            out = v.toString();
        } else if (type == Long.class) {
            out = v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
        } else if (type == Double.class) {
            out = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
        } else if (type == Boolean.class) {
            out = v instanceof Boolean b ? b : switch (v.toString().trim().toLowerCase()) {
                case "true", "t", "1" -> true;
                case "false", "f", "0" -> false;
                default -> throw new AssertionError("not a boolean: " + v);
            };
        } else if (type == BigDecimal.class) {
            out = new BigDecimal(v.toString().trim());
        } else if (type == Instant.class) {
            out = instant(v);
        } else if (type == LocalDate.class) {
            out = v instanceof java.sql.Date d ? d.toLocalDate() : v instanceof LocalDate d ? d
                    : LocalDate.parse(v.toString().trim().substring(0, 10));
        } else if (type == byte[].class) {
            out = bytes(v);
        } else if (type == JsonNode.class) {
            // through text, so that a reader's Long 1 and the expected Integer 1 read as the same number
            out = readJson(v instanceof Map<?, ?> || v instanceof List<?> ? MAPPER.valueToTree(v).toString()
                    : v.toString());
        } else {
            throw new IllegalArgumentException("no conversion to " + type);
        }
        return (T) out;
    }

    private static Instant instant(Object v) {
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        String s = v.toString().trim();
        if (s.indexOf('T') > 0) {
            return OffsetDateTime.parse(s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$") ? s : s + "Z").toInstant();
        }
        return OffsetDateTime.parse(s, SQL_TIMESTAMP).toInstant();
    }

    private static byte[] bytes(Object v) {
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof java.sql.Blob blob) {
            try {
                return blob.getBytes(1, (int) blob.length());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        if (v instanceof java.nio.ByteBuffer bb) {
            byte[] out = new byte[bb.remaining()];
            bb.duplicate().get(out);
            return out;
        }
        String s = v.toString();
        if (s.startsWith("\\x")) {
            return HexFormat.of().parseHex(s.substring(2));
        }
        return Base64.getDecoder().decode(s);
    }

    private static JsonNode readJson(String s) {
        try {
            return MAPPER.readTree(s);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
