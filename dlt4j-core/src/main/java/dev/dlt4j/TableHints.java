package dev.dlt4j;

import dev.dlt4j.schema.Table;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The hints that say how a table is written, shared by a {@link Table} of the schema and the
 * resource that fills it: write disposition and merge strategy, primary and merge key (column names
 * that may not exist yet), schema contract, how deep nested data is unnested, and the loader file
 * format. A hint that is not set is empty: the pipeline's or the schema's default applies (a
 * resource's contract falls back to its source's, a table's to {@link SchemaContract#EVOLVE}; the
 * nesting to 1000 levels; the file format to the pipeline's); the options of merge strategy scd2 are
 * dlt's defaults unless set. Immutable; build one with
 * {@link #builder()} or change one with {@link #toBuilder()}.
 */
public record TableHints(WriteDisposition writeDisposition, MergeHints merge, List<String> primaryKey,
        List<String> mergeKey, Optional<SchemaContract> contract, OptionalInt maxTableNesting,
        Optional<LoaderFileFormat> fileFormat) {

    /** Append, delete-insert when merged, no keys, nothing else set. */
    public static final TableHints DEFAULT = builder().build();

    public TableHints {
        Objects.requireNonNull(writeDisposition, "writeDisposition");
        Objects.requireNonNull(merge, "merge");
        primaryKey = List.copyOf(primaryKey);
        mergeKey = List.copyOf(mergeKey);
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(maxTableNesting, "maxTableNesting");
        maxTableNesting.ifPresent(TableHints::requireNesting);
        Objects.requireNonNull(fileFormat, "fileFormat");
    }

    public MergeStrategy mergeStrategy() {
        return merge.strategy();
    }

    /** The options of merge strategy scd2 (dlt's defaults unless set). */
    public Scd2 scd2() {
        return merge.scd2();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireNesting(int levels) {
        if (levels < 0) {
            throw new IllegalArgumentException("max_table_nesting must be 0 or more, got " + levels);
        }
    }

    /** Collects hints; {@link #build()} checks them. Not thread-safe: one builder, one thread. */
    public static final class Builder {
        private WriteDisposition writeDisposition = WriteDisposition.APPEND;
        private MergeStrategy mergeStrategy = MergeStrategy.DELETE_INSERT;
        private List<String> primaryKey = List.of();
        private List<String> mergeKey = List.of();
        private Optional<SchemaContract> contract = Optional.empty();
        private OptionalInt maxTableNesting = OptionalInt.empty();
        private Optional<LoaderFileFormat> fileFormat = Optional.empty();
        private Scd2 scd2 = Scd2.DEFAULT;

        private Builder() {
        }

        private Builder(TableHints from) {
            writeDisposition = from.writeDisposition;
            mergeStrategy = from.mergeStrategy();
            primaryKey = from.primaryKey;
            mergeKey = from.mergeKey;
            contract = from.contract;
            maxTableNesting = from.maxTableNesting;
            fileFormat = from.fileFormat;
            scd2 = from.scd2();
        }

        public Builder writeDisposition(WriteDisposition value) {
            writeDisposition = Objects.requireNonNull(value, "writeDisposition");
            return this;
        }

        public Builder mergeStrategy(MergeStrategy value) {
            mergeStrategy = Objects.requireNonNull(value, "mergeStrategy");
            return this;
        }

        public Builder primaryKey(List<String> value) {
            primaryKey = List.copyOf(value);
            return this;
        }

        public Builder mergeKey(List<String> value) {
            mergeKey = List.copyOf(value);
            return this;
        }

        public Builder contract(SchemaContract value) {
            contract = Optional.of(value);
            return this;
        }

        public Builder contract(Optional<SchemaContract> value) {
            contract = Objects.requireNonNull(value, "contract");
            return this;
        }

        public Builder maxTableNesting(int levels) {
            requireNesting(levels);
            maxTableNesting = OptionalInt.of(levels);
            return this;
        }

        public Builder maxTableNesting(OptionalInt value) {
            maxTableNesting = Objects.requireNonNull(value, "maxTableNesting");
            return this;
        }

        public Builder fileFormat(LoaderFileFormat value) {
            fileFormat = Optional.of(value);
            return this;
        }

        public Builder fileFormat(Optional<LoaderFileFormat> value) {
            fileFormat = Objects.requireNonNull(value, "fileFormat");
            return this;
        }

        /** The options of merge strategy scd2 (used only with it). */
        public Builder scd2(Scd2 value) {
            scd2 = Objects.requireNonNull(value, "scd2");
            return this;
        }

        public TableHints build() {
            return new TableHints(writeDisposition, new MergeHints(mergeStrategy, scd2), primaryKey, mergeKey, contract,
                    maxTableNesting, fileFormat);
        }
    }
}
