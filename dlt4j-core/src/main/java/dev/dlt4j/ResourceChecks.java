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

    static void check(Resource r, Destination destination) {
        if (r.writeDisposition() == WriteDisposition.MERGE && r.mergeStrategy() == MergeStrategy.UPSERT
                && r.primaryKey().isEmpty() && r.columns().values().stream().noneMatch(Column::primaryKey)) {
            throw new IllegalArgumentException("resource " + r.name() + " (table " + r.tableName() + "): merge"
                    + " strategy upsert needs a primary key, and none is set; set one with .primaryKey(...) or use"
                    + " merge strategy delete-insert");
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
        OptionalInt maxColumns = destination.capabilities().maxColumnsPerTable();
        if (maxColumns.isPresent() && r.columns().size() > maxColumns.getAsInt()) {
            throw new IllegalArgumentException("resource " + r.name() + " (table " + r.tableName() + "): declares "
                    + r.columns().size() + " columns, more than the " + maxColumns.getAsInt() + " destination "
                    + destination.type() + " allows in a table; declare at most " + maxColumns.getAsInt()
                    + " columns, or split the resource");
        }
    }
}
