package dev.dlt4j.schema;

import java.util.Objects;

/**
 * One column of a table: its normalized name, dlt data type and hints. Precision and scale are 0
 * when the destination's default applies.
 */
public record Column(String name, DataType dataType, boolean nullable, boolean primaryKey, boolean mergeKey,
        boolean unique, boolean rowKey, boolean parentKey, boolean rootKey, boolean variant, int precision,
        int scale, boolean timezone) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
    }

    /** A nullable column of the given type with no hints. */
    public static Column of(String name, DataType type) {
        return new Column(name, type, true, false, false, false, false, false, false, false, 0, 0, true);
    }

    public Column withNullable(boolean value) {
        return new Column(name, dataType, value, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey, variant,
                precision, scale, timezone);
    }

    public Column withPrimaryKey(boolean value) {
        return new Column(name, dataType, value ? false : nullable, value, mergeKey, unique, rowKey, parentKey,
                rootKey, variant, precision, scale, timezone);
    }

    public Column withMergeKey(boolean value) {
        return new Column(name, dataType, nullable, primaryKey, value, unique, rowKey, parentKey, rootKey, variant,
                precision, scale, timezone);
    }

    public Column withVariant(boolean value) {
        return new Column(name, dataType, nullable, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey, value,
                precision, scale, timezone);
    }

    public Column withPrecision(int newPrecision, int newScale) {
        return new Column(name, dataType, nullable, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey, variant,
                newPrecision, newScale, timezone);
    }

    public Column withType(DataType type) {
        return new Column(name, type, nullable, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey, variant,
                precision, scale, timezone);
    }

    public Column withName(String newName) {
        return new Column(newName, dataType, nullable, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey,
                variant, precision, scale, timezone);
    }

    /** System columns ({@code _dlt_id}, {@code _dlt_load_id} …) with dlt's default hints. */
    static Column system(String name, boolean rowKey, boolean parentKey, boolean rootKey, DataType type) {
        return new Column(name, type, false, false, false, rowKey, rowKey, parentKey, rootKey, false, 0, 0, true);
    }
}
