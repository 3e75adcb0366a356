package dev.dlt4j.testing;

import dev.dlt4j.Resource;
import dev.dlt4j.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One input and the tables Python dlt 1.26 makes of it, as plain data: the resources to run (rows
 * and hints; usually one, {@code t}) and, per table, the columns in order (name, dlt type,
 * nullability) and the rows. {@code tables} lists every data table the stored schema and the
 * destination must hold, in the stored schema's order, and no other. Row values leave out the
 * columns whose values are random ({@code _dlt_id}, {@code _dlt_load_id}, {@code _dlt_parent_id},
 * {@code _dlt_root_id}); a table may add SQL expressions ({@link #also}) to check such a column,
 * and {@link #LOAD_ID} stands for the run's load id. Rows compare in any order.
 * {@link RelationalParityContract} loads every case into a destination with each loader file format
 * it supports, and checks that every child row links to a row of its parent and root tables.
 *
 * <pre>{@code
 * ParityCase.of("bool after bigint goes to a variant", row("i", 1), row("i", true))
 *         .table("t", columns("i bigint", "_dlt_load_id text not null", "_dlt_id text not null", "i__v_bool bool"),
 *                 values(1L, null), values(null, true))
 * }</pre>
 */
public record ParityCase(String name, List<Input> inputs, List<Table> tables) {
    /** Columns whose values differ from run to run, so rows leave them out. */
    public static final List<String> RANDOM_COLUMNS = List.of("_dlt_id", "_dlt_load_id", "_dlt_parent_id",
            "_dlt_root_id");

    /** Stands for the load id of the run in expected rows. */
    public static final String LOAD_ID = "<load id>";

    public ParityCase {
        inputs = List.copyOf(inputs);
        tables = List.copyOf(tables);
    }

    /** A resource of the case: its name (and table), the rows it yields and the hints applied to it. */
    public record Input(String resource, List<Map<String, Object>> rows, UnaryOperator<Resource> hints) {
        public Input {
            rows = List.copyOf(rows);
        }
    }

    /** A column as the stored schema and the destination must show it. */
    public record Column(String name, DataType type, boolean nullable) {
    }

    /**
     * A table: columns in order, and rows as the values of the non-random columns in that order
     * followed by the values of the {@code also} SQL expressions.
     */
    public record Table(String name, List<Column> columns, List<String> also, List<List<Object>> rows) {
        public Table {
            columns = List.copyOf(columns);
            also = List.copyOf(also);
            rows = List.copyOf(rows);
        }

        /** The columns whose values the rows give. */
        public List<Column> keptColumns() {
            return columns.stream().filter(c -> !RANDOM_COLUMNS.contains(c.name())).toList();
        }

        public boolean hasColumn(String column) {
            return columns.stream().anyMatch(c -> c.name().equals(column));
        }
    }

    /** SQL expressions a table's rows give after its non-random columns, e.g. {@code "_dlt_id = 'mine'"}. */
    public record Also(List<String> expressions) {
    }

    /** A case whose rows go to resource (and table) {@code t}. */
    @SafeVarargs
    public static ParityCase of(String name, Map<String, Object>... rows) {
        return new ParityCase(name, List.of(new Input("t", List.of(rows), r -> r)), List.of());
    }

    /** The same case with hints applied to its last resource, e.g. {@code r -> r.column("ts", DataType.TIMESTAMP)}. */
    public ParityCase hints(UnaryOperator<Resource> value) {
        List<Input> in = new ArrayList<>(inputs);
        Input last = in.remove(in.size() - 1);
        in.add(new Input(last.resource(), last.rows(), value));
        return new ParityCase(name, in, tables);
    }

    /** The same case with one more resource, run in the same pipeline. */
    @SafeVarargs
    public final ParityCase resource(String resource, Map<String, Object>... rows) {
        List<Input> in = new ArrayList<>(inputs);
        in.add(new Input(resource, List.of(rows), r -> r));
        return new ParityCase(name, in, tables);
    }

    /** The same case expecting one more table. */
    @SafeVarargs
    public final ParityCase table(String table, List<Column> columns, List<Object>... rows) {
        return table(table, columns, also(), rows);
    }

    /** The same case expecting one more table whose rows also give the values of SQL expressions. */
    @SafeVarargs
    public final ParityCase table(String table, List<Column> columns, Also also, List<Object>... rows) {
        Table expected = new Table(table, columns, also.expressions(), List.of(rows));
        int width = expected.keptColumns().size() + also.expressions().size();
        for (List<Object> row : rows) {
            if (row.size() != width) {
                throw new IllegalArgumentException(name + ", table " + table + ": a row of " + row.size()
                        + " values for " + width + " columns and expressions");
            }
        }
        List<Table> t = new ArrayList<>(tables);
        t.add(expected);
        return new ParityCase(name, inputs, t);
    }

    /** SQL expressions whose values a table's rows give after its columns. */
    public static Also also(String... expressions) {
        return new Also(List.of(expressions));
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
