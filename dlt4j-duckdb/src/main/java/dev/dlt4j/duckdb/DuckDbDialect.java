package dev.dlt4j.duckdb;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.sql.SqlDialect;
import java.sql.SQLException;
import java.util.Locale;

/** DuckDB's SQL: dlt's type mapping, {@code rowid} as insertion order, errors told apart by their message. */
final class DuckDbDialect implements SqlDialect {
    static final DuckDbDialect INSTANCE = new DuckDbDialect();

    private DuckDbDialect() {
    }

    /** dlt's DuckDB type mapping (../shared/spec/destinations.md §2). */
    @Override
    public String columnType(Column c) {
        DataType t = c.dataType();
        return switch (t) {
            case TEXT -> "VARCHAR";
            case DOUBLE -> "DOUBLE";
            case BOOL -> "BOOLEAN";
            case BIGINT -> "BIGINT";
            case TIMESTAMP -> c.timezone() ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
            case DATE -> "DATE";
            case TIME -> "TIME";
            case DECIMAL -> c.precision().isPresent()
                    ? "DECIMAL(" + c.precision().getAsInt() + "," + c.scale().orElse(0) + ")" : "DECIMAL(38,9)";
            case WEI -> "DECIMAL(38,0)";
            case BINARY -> "BLOB";
            case JSON -> "JSON";
        };
    }

    @Override
    public String insertionOrder() {
        return "rowid";
    }

    /** DuckDB's JDBC driver sets no SQLSTATE: its error classes are in the message. */
    @Override
    public boolean isTerminal(SQLException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("conversion error") || m.contains("constraint error") || m.contains("binder error")
                || m.contains("catalog error") || m.contains("parser error") || m.contains("invalid input error")
                || m.contains("mismatch type error");
    }
}
