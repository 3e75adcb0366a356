package dev.dlt4j;

import java.util.Objects;
import java.util.Optional;

/**
 * Hints for a column whose data type is left to the data, as dlt's column hints without a
 * {@code data_type} ({@code {"nullable": false}}, {@code {"hard_delete": true}}): kept on the table
 * until the column first receives a value, then applied to the column inferred from it. A
 * non-nullable hint (also a primary or merge key) whose column receives no value in a load that
 * fills its table fails that load, as dlt's {@code UnboundColumnException} does.
 *
 * <pre>{@code
 * resource.columnHints(ColumnHint.of("deleted").withHardDelete(true),
 *         ColumnHint.of("updated_at").withDedupSort(SortOrder.DESC),
 *         ColumnHint.of("email").withNullable(false));
 * }</pre>
 */
public record ColumnHint(String name, boolean nullable, boolean primaryKey, boolean mergeKey, boolean hardDelete,
        Optional<SortOrder> dedupSort) {

    public ColumnHint {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a column hint needs a non-blank column name");
        }
        Objects.requireNonNull(dedupSort, "dedupSort");
    }

    /** No hint yet on the column {@code name}, as it appears in the data. */
    public static ColumnHint of(String name) {
        return new ColumnHint(name, true, false, false, false, Optional.empty());
    }

    /** {@code false}: every row of a load that fills the table must give the column a value. */
    public ColumnHint withNullable(boolean value) {
        return new ColumnHint(name, value, primaryKey, mergeKey, hardDelete, dedupSort);
    }

    /** Part of the primary key, which makes the column non-nullable (as {@code Resource.primaryKey} does). */
    public ColumnHint withPrimaryKey(boolean value) {
        return new ColumnHint(name, value ? false : nullable, value, mergeKey, hardDelete, dedupSort);
    }

    /** Part of the merge key, which makes the column non-nullable (as {@code Resource.mergeKey} does). */
    public ColumnHint withMergeKey(boolean value) {
        return new ColumnHint(name, value ? false : nullable, primaryKey, value, hardDelete, dedupSort);
    }

    /** See {@link Column#withHardDelete}. */
    public ColumnHint withHardDelete(boolean value) {
        return new ColumnHint(name, nullable, primaryKey, mergeKey, value, dedupSort);
    }

    /** See {@link Column#withDedupSort}. */
    public ColumnHint withDedupSort(SortOrder order) {
        return new ColumnHint(name, nullable, primaryKey, mergeKey, hardDelete,
                Optional.of(Objects.requireNonNull(order, "order")));
    }

    public ColumnHint withName(String newName) {
        return new ColumnHint(newName, nullable, primaryKey, mergeKey, hardDelete, dedupSort);
    }

    /** The column inferred from the data with these hints on it (dlt merges the incomplete column into it). */
    public Column applyTo(Column inferred) {
        Column c = inferred.withNullable(inferred.nullable() && nullable);
        if (primaryKey) {
            c = c.withPrimaryKey(true);
        }
        if (mergeKey) {
            c = c.withMergeKey(true);
        }
        return c.withMergeHints(hardDelete, dedupSort);
    }

    /** The same hints on a column of the given type (a hint that names a typed column). */
    public Column withType(DataType type) {
        return applyTo(Column.of(name, type));
    }
}
