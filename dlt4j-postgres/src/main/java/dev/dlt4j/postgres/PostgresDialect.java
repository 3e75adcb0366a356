package dev.dlt4j.postgres;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import java.util.OptionalInt;
import dev.dlt4j.sql.SqlDialect;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * PostgreSQL's SQL: dlt's type mapping, {@code ctid} as insertion order, {@code UNIQUE} columns, one
 * {@code TRUNCATE}.
 */
final class PostgresDialect implements SqlDialect {
    static final PostgresDialect INSTANCE = new PostgresDialect(true);
    /** {@code create_indexes = false}: no {@code UNIQUE} constraints. */
    static final PostgresDialect WITHOUT_INDEXES = new PostgresDialect(false);

    private final boolean createIndexes;

    private PostgresDialect(boolean createIndexes) {
        this.createIndexes = createIndexes;
    }

    /** Whether columns with the {@code unique} hint get a {@code UNIQUE} constraint ({@code create_indexes}). */
    boolean createIndexes() {
        return createIndexes;
    }

    /** A column's definition without its {@code UNIQUE} constraint (added once the table's first rows are in). */
    String columnDefinitionWithoutConstraint(Column column) {
        return SqlDialect.super.columnDefinition(column);
    }

    /** The dialect for {@code [destination.postgres] create_indexes}. */
    static PostgresDialect of(boolean createIndexes) {
        return createIndexes ? INSTANCE : WITHOUT_INDEXES;
    }

    /**
     * dlt's postgres type mapping (../shared/spec/destinations.md §2): a {@code bigint}'s precision (bits)
     * picks {@code smallint}, {@code integer} or {@code bigint}; a timestamp's or time's precision becomes
     * the type's {@code (p)}.
     *
     * @throws IllegalArgumentException for a precision no PostgreSQL type holds (above 64 bits; a timestamp
     *         above 6 digits), as dlt's type mapper raises
     */
    @Override
    public String columnType(Column c) {
        DataType t = c.dataType();
        OptionalInt precision = c.precision();
        return switch (t) {
            case TEXT -> precision.isPresent() ? "varchar(" + precision.getAsInt() + ")" : "varchar";
            case DOUBLE -> "double precision";
            case BOOL -> "boolean";
            case BIGINT -> integerType(c);
            case TIMESTAMP -> (precision.isPresent() ? "timestamp (" + timestampDigits(c) + ")" : "timestamp")
                    + (c.timezone() ? " with time zone" : " without time zone");
            case DATE -> "date";
            // as dlt: time (p) for any p; PostgreSQL takes 7-9 as 6, with a notice
            case TIME -> (precision.isPresent() ? "time (" + precision.getAsInt() + ")" : "time") + " without time zone";
            case DECIMAL -> precision.isPresent()
                    ? "numeric(" + precision.getAsInt() + "," + c.scale().orElse(0) + ")" : "numeric(38,9)";
            case WEI -> "numeric(156,78)";
            case BINARY -> "bytea";
            case JSON -> "jsonb";
        };
    }

    private static String integerType(Column c) {
        if (c.precision().isEmpty()) {
            return "bigint";
        }
        int bits = c.precision().getAsInt();
        if (bits <= 16) {
            return "smallint";
        } else if (bits <= 32) {
            return "integer";
        } else if (bits <= 64) {
            return "bigint";
        }
        throw new IllegalArgumentException("column " + c.name() + ": bigint precision " + bits + " is above 64 bits,"
                + " the most a PostgreSQL integer (bigint) holds; declare at most 64, or the type decimal with scale 0");
    }

    private static int timestampDigits(Column c) {
        int digits = c.precision().getAsInt();
        if (digits > 6) {
            throw new IllegalArgumentException("column " + c.name() + ": timestamp precision " + digits + " is above 6"
                    + " fractional digits, the most PostgreSQL holds; declare at most 6");
        }
        return digits;
    }

    @Override
    public String insertionOrder() {
        return "ctid";
    }

    /** The driver stores an {@code OffsetDateTime} as {@code timestamptz} without a detour through the JVM's zone. */
    @Override
    public Object timestampParameter(Instant value) {
        return value.atOffset(ZoneOffset.UTC);
    }

    /**
     * dlt's {@code unique} hint (e.g. {@code _dlt_id}) becomes a {@code UNIQUE} constraint, unless
     * {@code create_indexes} is false (the index on random ids costs COPY most of its time, measured).
     */
    @Override
    public String columnDefinition(Column column) {
        return SqlDialect.super.columnDefinition(column) + (createIndexes && column.unique() ? " UNIQUE" : "");
    }

    /** All missing columns of a table in one {@code ALTER TABLE}. */
    @Override
    public List<String> addColumns(String qualifiedTable, List<Column> columns) {
        return List.of("ALTER TABLE " + qualifiedTable + " " + String.join(", ", columns.stream()
                .map(c -> "ADD COLUMN " + quote(c.name()) + " " + columnType(c)).toList()));
    }

    /** One {@code TRUNCATE} for all tables: fast, and transactional in PostgreSQL. */
    @Override
    public List<String> truncate(List<String> qualifiedTables) {
        return List.of("TRUNCATE TABLE " + String.join(", ", qualifiedTables));
    }
}
