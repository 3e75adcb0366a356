package dev.dlt4j;

import dev.dlt4j.spi.Destination;
import java.util.OptionalInt;

/**
 * Hints that can never load, refused before extract: otherwise the load stage finds them, after
 * the data was extracted and normalized, and fails the same way on every run. Called by
 * {@link CapabilityCheck#resources} for each resource; limits come from the destination's
 * {@link dev.dlt4j.spi.DestinationCapabilities}.
 */
final class ResourceChecks {
    private ResourceChecks() {
    }

    /** {@code tableHasKey}: the resource's table is in the stored schema with a primary key. */
    static void check(Resource r, Destination destination, boolean tableHasKey) {
        r.incremental().ifPresent(inc -> cursorValues(r, inc));
        if (r.writeDisposition() == WriteDisposition.MERGE && r.mergeStrategy().matchesByPrimaryKey() && !tableHasKey
                && r.primaryKey().isEmpty()
                && r.columns().values().stream().noneMatch(Column::primaryKey)
                && r.columnHints().values().stream().noneMatch(ColumnHint::primaryKey)) {
            throw new IllegalArgumentException("resource " + r.name() + " (table " + r.tableName() + "): merge"
                    + " strategy " + r.mergeStrategy() + " needs a primary key, and none is set; set one with"
                    + " .primaryKey(...) or use merge strategy delete-insert");
        }
        OptionalInt maxPrecision = destination.capabilities().maxDecimalPrecision();
        if (maxPrecision.isPresent()) {
            for (Column c : r.columns().values()) {
                if (c.dataType() == DataType.DECIMAL && c.precision().orElse(0) > maxPrecision.getAsInt()) {
                    throw new IllegalArgumentException("resource " + r.name() + " (table " + r.tableName()
                            + "), column " + c.name() + ": decimal precision " + c.precision().getAsInt() + " is above "
                            + maxPrecision.getAsInt() + ", the most destination " + destination.type()
                            + " allows; declare a precision of at most " + maxPrecision.getAsInt()
                            + " or the type text");
                }
            }
        }
        precisionLimit(r, destination, DataType.BIGINT, destination.capabilities().maxIntegerPrecision(),
                "bigint precision", "bits", "the type decimal with scale 0");
        precisionLimit(r, destination, DataType.TIMESTAMP, destination.capabilities().maxTimestampPrecision(),
                "timestamp precision", "fractional digits", "no precision (the destination's default)");
        OptionalInt maxColumns = destination.capabilities().maxColumnsPerTable();
        if (maxColumns.isPresent() && r.columns().size() > maxColumns.getAsInt()) {
            throw new IllegalArgumentException("resource " + r.name() + " (table " + r.tableName() + "): declares "
                    + r.columns().size() + " columns, more than the " + maxColumns.getAsInt() + " destination "
                    + destination.type() + " allows in a table; declare at most " + maxColumns.getAsInt()
                    + " columns, or split the resource");
        }
    }

    /**
     * A declared precision above what the destination's columns of {@code type} hold: dlt's type mapper
     * raises it when the load creates the table; refused here before anything is extracted.
     */
    private static void precisionLimit(Resource r, Destination destination, DataType type, OptionalInt max,
            String what, String unit, String otherwise) {
        if (max.isEmpty()) {
            return;
        }
        for (Column c : r.columns().values()) {
            if (c.dataType() == type && c.precision().isPresent() && c.precision().getAsInt() > max.getAsInt()) {
                throw new IllegalArgumentException("resource " + r.name() + " (table " + r.tableName() + "), column "
                        + c.name() + ": " + what + " " + c.precision().getAsInt() + " is above " + max.getAsInt()
                        + " " + unit + ", the most destination " + destination.type() + " allows; declare a precision"
                        + " of at most " + max.getAsInt() + ", or " + otherwise);
            }
        }
    }

    /**
     * An initial or end value that cannot be a value of the cursor column's declared type (an
     * {@code Integer} for a {@code timestamp} column) would fail at the first row, or worse, compare
     * wrongly: refused before extract, naming the resource, the value, its type and what fits.
     */
    private static void cursorValues(Resource r, Incremental inc) {
        Column column = r.columns().get(inc.cursorPath());
        if (column == null) {
            return;
        }
        inc.initialValue().ifPresent(v -> cursorValue(r, inc, column, "initial value", v));
        inc.endValue().ifPresent(v -> cursorValue(r, inc, column, "end value", v));
    }

    /**
     * The same check against the column types a source's schema has from earlier runs (a cursor column
     * inferred as {@code timestamp} from the data, then an {@code Integer} initial value): called by
     * the pipeline with the stored schema before it extracts. Only top-level cursor paths of resources
     * that write one table are checked.
     */
    static void cursorValues(Source source, dev.dlt4j.schema.Schema schema, dev.dlt4j.schema.NamingConvention naming) {
        for (Resource r : source.resources()) {
            Incremental inc = r.incremental().orElse(null);
            if (inc == null || inc.cursorPath().contains(".") || r.tableNameFunction().isPresent()
                    || r.columns().containsKey(inc.cursorPath())) {
                continue;
            }
            String column = naming.normalizePath(inc.cursorPath());
            schema.table(naming.normalizeIdentifier(r.tableName())).map(t -> t.columns().get(column))
                    .filter(c -> c.dataType() != null).ifPresent(c -> {
                        inc.initialValue().ifPresent(v -> cursorValue(r, inc, c, "initial value", v));
                        inc.endValue().ifPresent(v -> cursorValue(r, inc, c, "end value", v));
                    });
        }
    }

    private static void cursorValue(Resource r, Incremental inc, Column column, String what, Object v) {
        String fits = switch (column.dataType()) {
            case TIMESTAMP -> v instanceof java.time.Instant || v instanceof java.time.OffsetDateTime
                    || v instanceof java.time.ZonedDateTime || v instanceof java.time.LocalDateTime
                    || v instanceof java.sql.Timestamp || v.getClass() == java.util.Date.class
                    || (v instanceof String s && parses(s, java.time.OffsetDateTime::parse, java.time.LocalDateTime::parse))
                    ? null : "an Instant, OffsetDateTime, ZonedDateTime or LocalDateTime (or ISO-8601 text)";
            case DATE -> v instanceof java.time.LocalDate || v instanceof java.sql.Date || (v instanceof String s
                    && parses(s, java.time.LocalDate::parse)) ? null : "a LocalDate (or ISO-8601 date text)";
            case TIME -> v instanceof java.time.LocalTime || v instanceof java.time.OffsetTime || v instanceof java.sql.Time
                    || (v instanceof String s && parses(s, java.time.LocalTime::parse)) ? null
                    : "a LocalTime (or ISO-8601 time text)";
            case BIGINT -> v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                    || v instanceof java.math.BigInteger ? null : "an Integer or Long";
            case DOUBLE, DECIMAL, WEI -> v instanceof Number ? null : "a number";
            case TEXT -> v instanceof String ? null : "a String";
            case BOOL -> v instanceof Boolean ? null : "a Boolean";
            default -> null;
        };
        if (fits != null) {
            throw new IllegalArgumentException("resource " + r.name() + ": incremental '" + inc.cursorPath() + "': the "
                    + what + " '" + v + "' (" + v.getClass().getSimpleName() + ") does not fit column "
                    + column.name() + " of type " + column.dataType().dltName() + "; give " + fits);
        }
    }

    @SafeVarargs
    private static boolean parses(String s, java.util.function.Function<String, ?>... parsers) {
        for (java.util.function.Function<String, ?> p : parsers) {
            try {
                p.apply(s);
                return true;
            } catch (java.time.format.DateTimeParseException e) {
                // try the next form
            }
        }
        return false;
    }
}
