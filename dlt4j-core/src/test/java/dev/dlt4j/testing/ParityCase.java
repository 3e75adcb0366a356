package dev.dlt4j.testing;

import dev.dlt4j.Resource;
import dev.dlt4j.schema.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One input and the tables Python dlt 1.26 makes of it, as plain data: the rows a resource yields,
 * its hints, and per table the columns in order (name, dlt type, nullability) and the rows. Row
 * values leave out the columns whose values are random ({@code _dlt_id}, {@code _dlt_load_id},
 * {@code _dlt_parent_id}, {@code _dlt_root_id}); rows compare in any order. {@link RelationalParityContract}
 * loads every case into a destination with each loader file format it supports.
 *
 * <pre>{@code
 * ParityCase.of("bool after bigint goes to a variant", row("i", 1), row("i", true))
 *         .table("t", columns("i bigint", "_dlt_load_id text not null", "_dlt_id text not null", "i__v_bool bool"),
 *                 values(1L, null), values(null, true))
 * }</pre>
 */
public record ParityCase(String name, String resource, List<Map<String, Object>> input, UnaryOperator<Resource> hints,
        List<Table> tables) {
    /** Columns whose values differ from run to run, so rows leave them out. */
    public static final List<String> RANDOM_COLUMNS = List.of("_dlt_id", "_dlt_load_id", "_dlt_parent_id",
            "_dlt_root_id");

    /** A column as the stored schema and the destination must show it. */
    public record Column(String name, DataType type, boolean nullable) {
    }

    /** A table: columns in order, rows as values of the non-random columns in that order. */
    public record Table(String name, List<Column> columns, List<List<Object>> rows) {
    }

    /** A case whose rows go to resource (and table) {@code t}. */
    @SafeVarargs
    public static ParityCase of(String name, Map<String, Object>... rows) {
        return new ParityCase(name, "t", List.of(rows), r -> r, List.of());
    }

    /** The same case with hints applied to the resource, e.g. {@code r -> r.column("ts", DataType.TIMESTAMP)}. */
    public ParityCase hints(UnaryOperator<Resource> value) {
        return new ParityCase(name, resource, input, value, tables);
    }

    /** The same case expecting one more table. */
    @SafeVarargs
    public final ParityCase table(String table, List<Column> columns, List<Object>... rows) {
        List<Table> t = new ArrayList<>(tables);
        t.add(new Table(table, columns, List.of(rows)));
        return new ParityCase(name, resource, input, hints, List.copyOf(t));
    }

    /** A row of input: key, value, key, value … (insertion order kept, nulls allowed). */
    public static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Columns from specs like {@code "i bigint"} or {@code "_dlt_id text not null"}. */
    public static List<Column> columns(String... specs) {
        List<Column> out = new ArrayList<>();
        for (String spec : specs) {
            String[] p = spec.trim().split("\\s+", 3);
            if (p.length < 2 || (p.length == 3 && !p[2].toLowerCase(Locale.ROOT).equals("not null"))) {
                throw new IllegalArgumentException("column spec '" + spec + "' is not '<name> <dlt type> [not null]'");
            }
            out.add(new Column(p[0], DataType.fromDltName(p[1]), p.length == 2));
        }
        return out;
    }

    /** One expected row: the values of the table's non-random columns, in column order. */
    public static List<Object> values(Object... values) {
        return Arrays.asList(values);
    }

    @Override
    public String toString() {
        return name;
    }
}
