package dev.dlt4j.duckdb;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.schema.Table;
import java.nio.file.Path;

/** For {@code ArrowJobGate}: the SQL DuckDbClient loads a table with, for a table of the gate. */
public final class GateLoad {
    private GateLoad() {
    }

    public static String createTable(String qualified, Table table) {
        StringBuilder b = new StringBuilder("CREATE TABLE " + qualified + " (");
        boolean first = true;
        for (Column c : table.columns().values()) {
            b.append(first ? "" : ", ").append(DuckDbDialect.INSTANCE.quote(c.name())).append(' ')
                    .append(DuckDbDialect.INSTANCE.columnType(c));
            first = false;
        }
        return b.append(')').toString();
    }

    /** As {@code DuckDbClient.insertFromFile} (read_json of a plain jsonl file). */
    public static String insertFromJsonl(String qualified, Table table, Path jobFile) {
        return DuckDbClient.insertFromJsonl(qualified, table, jobFile, false);
    }

    /** {@code INSERT INTO t (cols) SELECT casts FROM view}: the registered arrow stream's columns. */
    public static String insertFromArrow(String qualified, Table table, String view, java.util.List<String> fileColumns) {
        StringBuilder cols = new StringBuilder();
        StringBuilder exprs = new StringBuilder();
        boolean first = true;
        for (String name : fileColumns) {
            Column c = table.columns().get(name);
            String q = DuckDbDialect.INSTANCE.quote(name);
            cols.append(first ? "" : ", ").append(q);
            DataType t = c.dataType();
            exprs.append(first ? "" : ", ").append(t == DataType.DECIMAL || t == DataType.WEI || t == DataType.JSON
                    ? "CAST(" + q + " AS " + DuckDbDialect.INSTANCE.columnType(c) + ")" : q);
            first = false;
        }
        return "INSERT INTO " + qualified + " (" + cols + ") SELECT " + exprs + " FROM " + view;
    }
}
