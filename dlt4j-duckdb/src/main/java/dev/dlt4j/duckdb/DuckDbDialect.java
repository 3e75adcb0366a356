package dev.dlt4j.duckdb;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.sql.SqlDialect;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** DuckDB's SQL: dlt's type mapping, {@code rowid} as insertion order, errors told apart by their message. */
final class DuckDbDialect implements SqlDialect {
    static final DuckDbDialect INSTANCE = new DuckDbDialect();
    /** dlt's {@code timestamp_precision} capability for DuckDB: what a timestamp without a precision hint has. */
    private static final int DEFAULT_TIMESTAMP_PRECISION = 6;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DuckDbDialect.class);

    private DuckDbDialect() {
    }

    /**
     * dlt's DuckDB type mapping (../shared/spec/destinations.md §2): a {@code bigint}'s precision (bits)
     * picks {@code TINYINT} to {@code HUGEINT}; a timestamp without time zone picks {@code TIMESTAMP_S},
     * {@code _MS}, plain (microseconds) or {@code _NS} by its digits, while one with a time zone is always
     * {@code TIMESTAMP WITH TIME ZONE} (microseconds; DuckDB has no other).
     *
     * @throws IllegalArgumentException for a precision no DuckDB type holds (above 128 bits, 9 digits)
     */
    @Override
    public String columnType(Column c) {
        DataType t = c.dataType();
        return switch (t) {
            case TEXT -> "VARCHAR";
            case DOUBLE -> "DOUBLE";
            case BOOL -> "BOOLEAN";
            case BIGINT -> integerType(c);
            case TIMESTAMP -> timestampType(c);
            case DATE -> "DATE";
            case TIME -> "TIME";
            case DECIMAL -> c.precision().isPresent()
                    ? "DECIMAL(" + c.precision().getAsInt() + "," + c.scale().orElse(0) + ")" : "DECIMAL(38,9)";
            case WEI -> "DECIMAL(38,0)";
            case BINARY -> "BLOB";
            case JSON -> "JSON";
        };
    }

    private static String integerType(Column c) {
        if (c.precision().isEmpty()) {
            return "BIGINT";
        }
        int bits = c.precision().getAsInt();
        if (bits <= 8) {
            return "TINYINT";
        } else if (bits <= 16) {
            return "SMALLINT";
        } else if (bits <= 32) {
            return "INTEGER";
        } else if (bits <= 64) {
            return "BIGINT";
        } else if (bits <= 128) {
            return "HUGEINT";
        }
        throw new IllegalArgumentException("column " + c.name() + ": bigint precision " + bits
                + " is above 128 bits, the most a DuckDB integer (HUGEINT) holds; declare at most 128, or the type"
                + " decimal with scale 0");
    }

    private static String timestampType(Column c) {
        if (c.timezone()) {
            return "TIMESTAMP WITH TIME ZONE";
        }
        int digits = c.precision().orElse(DEFAULT_TIMESTAMP_PRECISION);
        return naiveTimestampType(digits).orElseThrow(() -> new IllegalArgumentException("column " + c.name()
                + ": timestamp precision " + digits + " is above 9 fractional digits, the most DuckDB holds"
                + " (TIMESTAMP_NS); declare at most 9"));
    }

    /** DuckDB's timestamp without time zone of {@code digits} fractional digits; none above 9. */
    private static Optional<String> naiveTimestampType(int digits) {
        return Optional.ofNullable(digits == 0 ? "TIMESTAMP_S" : digits <= 3 ? "TIMESTAMP_MS"
                : digits <= 6 ? "TIMESTAMP" : digits <= 9 ? "TIMESTAMP_NS" : null);
    }

    /** {@code CREATE TABLE}'s column; warns, as dlt does, when a time zone makes a declared precision moot. */
    @Override
    public String columnDefinition(Column column) {
        warnIfPrecisionIgnored(column);
        return SqlDialect.super.columnDefinition(column);
    }

    @Override
    public List<String> addColumns(String qualifiedTable, List<Column> columns) {
        columns.forEach(DuckDbDialect::warnIfPrecisionIgnored);
        return SqlDialect.super.addColumns(qualifiedTable, columns);
    }

    private static void warnIfPrecisionIgnored(Column c) {
        precisionIgnoredWarning(c).ifPresent(LOG::warn);
    }

    /** The warning for a timestamp column with a time zone and a precision other than 6 (dlt warns too). */
    static Optional<String> precisionIgnoredWarning(Column c) {
        if (c.dataType() != DataType.TIMESTAMP || !c.timezone() || c.precision().isEmpty()
                || c.precision().getAsInt() == DEFAULT_TIMESTAMP_PRECISION) {
            return Optional.empty();
        }
        int digits = c.precision().getAsInt();
        String naive = naiveTimestampType(digits).map(t -> " (" + t + ")").orElse("");
        return Optional.of("column " + c.name() + ": DuckDB has no timestamp with both a time zone and precision "
                + digits + "; it is created as TIMESTAMP WITH TIME ZONE (microseconds). Declare timezone false for"
                + " the precision's type" + naive);
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
