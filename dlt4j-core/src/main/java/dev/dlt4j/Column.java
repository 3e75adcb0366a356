package dev.dlt4j;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One column of a table: its normalized name, dlt data type and hints. Precision and scale are
 * empty when the destination's default applies; they are set together. {@code hardDelete} and {@code dedupSort} are dlt's merge
 * hints: a true (bool column) or non-null (other types) value deletes the row's key at the
 * destination, and the load's duplicates by primary key keep the highest ({@code DESC}) or lowest
 * ({@code ASC}) value of the column. For a column whose type is left to the data, see
 * {@link ColumnHint}.
 */
public record Column(String name, DataType dataType, boolean nullable, boolean primaryKey, boolean mergeKey,
        boolean unique, boolean rowKey, boolean parentKey, boolean rootKey, boolean variant, OptionalInt precision,
        OptionalInt scale, boolean timezone, boolean hardDelete, Optional<SortOrder> dedupSort) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(dedupSort, "dedupSort");
        // a timestamp's or time's precision counts fractional digits: 0 is whole seconds (DuckDB's TIMESTAMP_S)
        boolean digits = dataType == DataType.TIMESTAMP || dataType == DataType.TIME;
        if (precision.isPresent() && precision.getAsInt() < (digits ? 0 : 1)) {
            throw new IllegalArgumentException("column " + name + ": precision must be " + (digits ? "0" : "1")
                    + " or more" + (digits ? " (fractional digits of a second)" : "") + ", got " + precision.getAsInt());
        }
        if (scale.isPresent() && scale.getAsInt() < 0) {
            throw new IllegalArgumentException("column " + name + ": scale must be 0 or more, got "
                    + scale.getAsInt());
        }
    }

    /** A builder for a nullable column of the given type with no hints; {@link Builder#build()} makes it. */
    public static Builder builder(String name, DataType type) {
        return new Builder(name, type);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A nullable column of the given type with no hints. */
    public static Column of(String name, DataType type) {
        return builder(name, type).build();
    }

    public Column withNullable(boolean value) {
        return toBuilder().nullable(value).build();
    }

    /** Marks the column as (part of) the primary key, which as in dlt makes it non-nullable. */
    public Column withPrimaryKey(boolean value) {
        return toBuilder().primaryKey(value).nullable(value ? false : nullable).build();
    }

    /** Marks the column as (part of) the merge key, which as in dlt makes it non-nullable. */
    public Column withMergeKey(boolean value) {
        return toBuilder().mergeKey(value).nullable(value ? false : nullable).build();
    }

    /** dlt's {@code hard_delete}: a true (bool) or non-null (other types) value deletes the row in a merge. */
    public Column withHardDelete(boolean value) {
        return toBuilder().hardDelete(value).build();
    }

    /** dlt's {@code dedup_sort}: which of a load's rows with the same primary key a merge keeps. */
    public Column withDedupSort(SortOrder order) {
        return toBuilder().dedupSort(Optional.of(order)).build();
    }

    /** This column plus the merge hints given: {@code hard_delete} when true, {@code dedup_sort} when present. */
    public Column withMergeHints(boolean addHardDelete, Optional<SortOrder> addDedupSort) {
        return toBuilder().hardDelete(hardDelete || addHardDelete).dedupSort(addDedupSort.or(() -> dedupSort)).build();
    }

    public Column withVariant(boolean value) {
        return toBuilder().variant(value).build();
    }

    /**
     * Precision (1 or more; for a timestamp or time the fractional digits, 0 or more) and scale (0 or more)
     * instead of the destination's default.
     */
    public Column withPrecision(int newPrecision, int newScale) {
        return toBuilder().precision(newPrecision, newScale).build();
    }

    public Column withType(DataType type) {
        return toBuilder().dataType(type).build();
    }

    public Column withName(String newName) {
        return toBuilder().name(newName).build();
    }

    /** Collects a column; setters set the hint as given (no implied nullability). One builder, one thread. */
    public static final class Builder {
        private String name;
        private DataType dataType;
        private boolean nullable = true;
        private boolean primaryKey;
        private boolean mergeKey;
        private boolean unique;
        private boolean rowKey;
        private boolean parentKey;
        private boolean rootKey;
        private boolean variant;
        private OptionalInt precision = OptionalInt.empty();
        private OptionalInt scale = OptionalInt.empty();
        private boolean timezone = true;
        private boolean hardDelete;
        private Optional<SortOrder> dedupSort = Optional.empty();

        private Builder(String name, DataType dataType) {
            this.name = name;
            this.dataType = dataType;
        }

        private Builder(Column c) {
            this(c.name, c.dataType);
            nullable = c.nullable;
            primaryKey = c.primaryKey;
            mergeKey = c.mergeKey;
            unique = c.unique;
            rowKey = c.rowKey;
            parentKey = c.parentKey;
            rootKey = c.rootKey;
            variant = c.variant;
            precision = c.precision;
            scale = c.scale;
            timezone = c.timezone;
            hardDelete = c.hardDelete;
            dedupSort = c.dedupSort;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder dataType(DataType value) {
            dataType = value;
            return this;
        }

        public Builder nullable(boolean value) {
            nullable = value;
            return this;
        }

        public Builder primaryKey(boolean value) {
            primaryKey = value;
            return this;
        }

        public Builder mergeKey(boolean value) {
            mergeKey = value;
            return this;
        }

        public Builder unique(boolean value) {
            unique = value;
            return this;
        }

        public Builder rowKey(boolean value) {
            rowKey = value;
            return this;
        }

        public Builder parentKey(boolean value) {
            parentKey = value;
            return this;
        }

        public Builder rootKey(boolean value) {
            rootKey = value;
            return this;
        }

        public Builder variant(boolean value) {
            variant = value;
            return this;
        }

        /**
         * Precision (1 or more; for a timestamp or time the fractional digits, 0 or more) and scale (0 or
         * more) instead of the destination's default.
         */
        public Builder precision(int newPrecision, int newScale) {
            return precision(OptionalInt.of(newPrecision), OptionalInt.of(newScale));
        }

        /** Precision and scale, each empty for the destination's default. */
        public Builder precision(OptionalInt newPrecision, OptionalInt newScale) {
            precision = Objects.requireNonNull(newPrecision, "precision");
            scale = Objects.requireNonNull(newScale, "scale");
            return this;
        }

        public Builder timezone(boolean value) {
            timezone = value;
            return this;
        }

        public Builder hardDelete(boolean value) {
            hardDelete = value;
            return this;
        }

        public Builder dedupSort(Optional<SortOrder> value) {
            dedupSort = value;
            return this;
        }

        public Column build() {
            return new Column(name, dataType, nullable, primaryKey, mergeKey, unique, rowKey, parentKey, rootKey,
                    variant, precision, scale, timezone, hardDelete, dedupSort);
        }
    }
}
