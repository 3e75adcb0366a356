package dev.dlt4j.testing;

import dev.dlt4j.Resource;
import dev.dlt4j.schema.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One input and the tables Python dlt 1.26 makes of it, as plain data: the resources to run and,
 * per table, its columns in order (name, dlt data type, nullability) and its rows. A runner loads
 * the input into a destination and compares; the same case serves every destination and loader
 * format.
 *
 * <p>{@code tables} lists every data table the schema must hold after the run, and no other.
 * Rows give the values of {@link ExpectedTable#rowColumns} ordered by
 * {@link ExpectedTable#orderBy}; {@link #LOAD_ID} stands for the run's load id. Random ids are not
 * compared as values; a runner checks instead that every child row's {@code _dlt_parent_id} (and
 * {@code _dlt_root_id}) names a row of its parent (root) table.
 */
public record RelationalCase(String name, List<Resource> resources, List<ExpectedTable> tables) {

    /** Stands for the load id of the run in expected rows. */
    public static final String LOAD_ID = "<load id>";

    public RelationalCase {
        resources = List.copyOf(resources);
        tables = List.copyOf(tables);
    }

    public record ExpectedColumn(String name, DataType type, boolean nullable) {
    }

    public record ExpectedTable(String name, List<ExpectedColumn> columns, List<String> rowColumns, String orderBy,
            List<List<Object>> rows) {
        public ExpectedTable {
            columns = List.copyOf(columns);
            rowColumns = List.copyOf(rowColumns);
            rows = List.copyOf(rows);
        }

        public boolean hasColumn(String column) {
            return columns.stream().anyMatch(c -> c.name().equals(column));
        }
    }

    /** Starts a table: {@code table("t").col("id", BIGINT).notNull("_dlt_id", TEXT).rows("id", "id").row(1L)}. */
    public static TableBuilder table(String name) {
        return new TableBuilder(name);
    }

    /** An insertion-ordered map from alternating keys and values (keys in the order given, unlike {@code Map.of}). */
    public static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    public static final class TableBuilder {
        private final String name;
        private final List<ExpectedColumn> columns = new ArrayList<>();
        private List<String> rowColumns = List.of();
        private String orderBy = "";
        private final List<List<Object>> rows = new ArrayList<>();

        private TableBuilder(String name) {
            this.name = name;
        }

        /** A nullable column. */
        public TableBuilder col(String column, DataType type) {
            columns.add(new ExpectedColumn(column, type, true));
            return this;
        }

        /** A NOT NULL column. */
        public TableBuilder notNull(String column, DataType type) {
            columns.add(new ExpectedColumn(column, type, false));
            return this;
        }

        /** dlt's two columns of a root table row: {@code _dlt_load_id}, {@code _dlt_id}. */
        public TableBuilder rootIds() {
            return notNull("_dlt_load_id", DataType.TEXT).notNull("_dlt_id", DataType.TEXT);
        }

        /** dlt's three columns of a child table row: {@code _dlt_parent_id}, {@code _dlt_list_idx}, {@code _dlt_id}. */
        public TableBuilder childIds() {
            return notNull("_dlt_parent_id", DataType.TEXT).notNull("_dlt_list_idx", DataType.BIGINT)
                    .notNull("_dlt_id", DataType.TEXT);
        }

        /** The columns the expected rows hold, and the SQL order (a column list) they come in. */
        public TableBuilder rows(String orderBy, String... columnNames) {
            this.orderBy = orderBy;
            this.rowColumns = List.of(columnNames);
            return this;
        }

        public TableBuilder row(Object... values) {
            if (values.length != rowColumns.size()) {
                throw new IllegalArgumentException("table " + name + ": a row of " + values.length
                        + " values for the columns " + rowColumns);
            }
            rows.add(java.util.Collections.unmodifiableList(new ArrayList<>(Arrays.asList(values))));
            return this;
        }

        public ExpectedTable build() {
            return new ExpectedTable(name, columns, rowColumns, orderBy, rows);
        }
    }
}
