package dev.dlt4j.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * One column of a table: its normalized name, dlt data type and hints. Precision and scale are 0
 * when the destination's default applies. {@code hardDelete} and {@code dedupSort} are dlt's merge
 * hints: a true (bool column) or non-null (other types) value deletes the row's key at the
 * destination, and the load's duplicates by primary key keep the highest ({@code DESC}) or lowest
 * ({@code ASC}) value of the column. For a column whose type is left to the data, see
 * {@link ColumnHint}.
 */
public record Column(String name, DataType dataType, boolean nullable, boolean primaryKey, boolean mergeKey,
        boolean unique, boolean rowKey, boolean parentKey, boolean rootKey, boolean variant, int precision,
        int scale, boolean timezone, boolean hardDelete, Optional<SortOrder> dedupSort) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(dedupSort, "dedupSort");
    }

    /** A column without the merge hints {@code hard_delete} and {@code dedup_sort}. */
    public Column(String name, DataType dataType, boolean nullable, boolean primaryKey, boolean mergeKey,
            boolean unique, boolean rowKey, boolean parentKey, boolean rootKey, boolean variant, int precision,
            int scale, boolean timezone) {
        this(name, dataType, nullable, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey, variant, precision,
                scale, timezone, false, Optional.empty());
    }

    /** A nullable column of the given type with no hints. */
    public static Column of(String name, DataType type) {
        return new Column(name, type, true, false, false, false, false, false, false, false, 0, 0, true);
    }

    public Column withNullable(boolean value) {
        return new Column(name, dataType, value, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey, variant,
                precision, scale, timezone, hardDelete, dedupSort);
    }

    /** Marks the column as (part of) the primary key, which as in dlt makes it non-nullable. */
    public Column withPrimaryKey(boolean value) {
        return new Column(name, dataType, value ? false : nullable, value, mergeKey, unique, rowKey, parentKey,
                rootKey, variant, precision, scale, timezone, hardDelete, dedupSort);
    }

    /** Marks the column as (part of) the merge key, which as in dlt makes it non-nullable. */
    public Column withMergeKey(boolean value) {
        return new Column(name, dataType, value ? false : nullable, primaryKey, value, unique, rowKey, parentKey,
                rootKey, variant, precision, scale, timezone, hardDelete, dedupSort);
    }

    /** dlt's {@code hard_delete}: a true (bool) or non-null (other types) value deletes the row in a merge. */
    public Column withHardDelete(boolean value) {
        return new Column(name, dataType, nullable, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey, variant,
                precision, scale, timezone, value, dedupSort);
    }

    /** dlt's {@code dedup_sort}: which of a load's rows with the same primary key a merge keeps. */
    public Column withDedupSort(SortOrder order) {
        return new Column(name, dataType, nullable, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey, variant,
                precision, scale, timezone, hardDelete, Optional.of(order));
    }

    /** This column plus the merge hints given: {@code hard_delete} when true, {@code dedup_sort} when present. */
    public Column withMergeHints(boolean addHardDelete, Optional<SortOrder> addDedupSort) {
        return new Column(name, dataType, nullable, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey, variant,
                precision, scale, timezone, hardDelete || addHardDelete, addDedupSort.or(() -> dedupSort));
    }

    public Column withVariant(boolean value) {
        return new Column(name, dataType, nullable, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey, value,
                precision, scale, timezone, hardDelete, dedupSort);
    }

    public Column withPrecision(int newPrecision, int newScale) {
        return new Column(name, dataType, nullable, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey, variant,
                newPrecision, newScale, timezone, hardDelete, dedupSort);
    }

    public Column withType(DataType type) {
        return new Column(name, type, nullable, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey, variant,
                precision, scale, timezone, hardDelete, dedupSort);
    }

    public Column withName(String newName) {
        return new Column(newName, dataType, nullable, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey,
                variant, precision, scale, timezone, hardDelete, dedupSort);
    }

    /** System columns ({@code _dlt_id}, {@code _dlt_load_id} …) with dlt's default hints. */
    static Column system(String name, boolean rowKey, boolean parentKey, boolean rootKey, DataType type) {
        return new Column(name, type, false, false, false, rowKey, rowKey, parentKey, rootKey, false, 0, 0, true);
    }
}
