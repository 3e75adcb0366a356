package dev.dlt4j.schema;

import dev.dlt4j.Column;
import dev.dlt4j.ColumnHint;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.SchemaContract;
import dev.dlt4j.TableHints;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.WriteDisposition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A table of a schema: its columns in creation order, its parent (for child tables), the resource
 * that feeds it, and its {@link TableHints} (write disposition, key hints, schema contract, nesting,
 * file format). Key hints name columns that may not exist yet; a column created under such a name
 * gets the key flag. A root table may carry a schema contract ({@code schema_contract} in dlt's
 * schema), which its child tables follow. Column hints without a type ({@link ColumnHint}, also
 * made for key columns no typed hint declares) wait in {@code columnHints} until their column
 * appears. Immutable; evolution produces a new instance ({@link #toBuilder()} or the withers).
 */
public record Table(String name, Optional<String> parent, Optional<String> resource, TableHints hints,
        Map<String, Column> columns, Map<String, ColumnHint> columnHints, NormalizerMarks marks) {

    public Table {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(hints, "hints");
        Objects.requireNonNull(marks, "marks");
        // creation order is column order: Map.copyOf would iterate in a per-JVM random order
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        columnHints = Collections.unmodifiableMap(new LinkedHashMap<>(columnHints));
    }

    /** A builder for a root table of that name: append, no resource, no columns, no hints. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A root table fed by {@code resource}, without columns. */
    public static Table root(String name, String resource, WriteDisposition disposition) {
        return builder(name).resource(resource).writeDisposition(disposition).build();
    }

    /** A child table of {@code parent} (append; it follows its root table's hints), without columns. */
    public static Table child(String name, String parent) {
        return builder(name).parent(parent).build();
    }

    /** Whether a row of this table was ever normalized ({@link NormalizerMarks#seenData()}). */
    public boolean seenData() {
        return marks.seenData();
    }

    /** Whether this root table's nested rows carry {@code _dlt_root_id} ({@link NormalizerMarks#propagatesRootKey()}). */
    public boolean propagatesRootKey() {
        return marks.propagatesRootKey();
    }

    public boolean isRoot() {
        return parent.isEmpty();
    }

    public WriteDisposition writeDisposition() {
        return hints.writeDisposition();
    }

    public MergeStrategy mergeStrategy() {
        return hints.mergeStrategy();
    }

    /** The options of merge strategy scd2 (dlt's defaults unless set). */
    public dev.dlt4j.Scd2 scd2() {
        return hints.scd2();
    }

    /** Whether this is a root table merged by strategy scd2. */
    public boolean isScd2() {
        return writeDisposition() == WriteDisposition.MERGE && mergeStrategy() == MergeStrategy.SCD2;
    }

    public List<String> primaryKey() {
        return hints.primaryKey();
    }

    public List<String> mergeKey() {
        return hints.mergeKey();
    }

    /** How deep nested data is unnested; empty: the schema default (1000 levels). */
    public OptionalInt maxTableNesting() {
        return hints.maxTableNesting();
    }

    /**
     * The schema contract set on this (root) table by its resource or source; {@link
     * SchemaContract#EVOLVE} when none was set. Child tables follow their root table's contract.
     */
    public SchemaContract contract() {
        return hints.contract().orElse(SchemaContract.EVOLVE);
    }

    /** The loader file format asked for this table's resource; empty: the pipeline's. */
    public Optional<LoaderFileFormat> fileFormat() {
        return hints.fileFormat();
    }

    public Optional<Column> column(String columnName) {
        return Optional.ofNullable(columns.get(columnName));
    }

    public List<Column> columnList() {
        return new ArrayList<>(columns.values());
    }

    /** The hints whose column has not received data yet. */
    public List<ColumnHint> unboundHints() {
        return columnHints.values().stream().filter(h -> !columns.containsKey(h.name())).toList();
    }

    public Table withColumn(Column column) {
        return toBuilder().column(column).build();
    }

    /**
     * This table with the primary (merge) key a resource declares, as dlt's compound hints: a declared key
     * replaces the key flags of the columns (a column that was the key and is not in it stops being one);
     * an empty one declares none and keeps them.
     */
    public Table withDeclaredKeys(java.util.Collection<String> primaryKey, java.util.Collection<String> mergeKey) {
        Table out = this;
        for (Column c : columns.values()) {
            boolean isPk = primaryKey.isEmpty() ? c.primaryKey() : primaryKey.contains(c.name());
            boolean isMk = mergeKey.isEmpty() ? c.mergeKey() : mergeKey.contains(c.name());
            if (isPk != c.primaryKey() || isMk != c.mergeKey()) {
                out = out.withColumn(c.withPrimaryKey(isPk).withMergeKey(isMk));
            }
        }
        return out;
    }

    public Table withSeenData(boolean value) {
        return toBuilder().seenData(value).build();
    }

    public Table withWriteDisposition(WriteDisposition value) {
        return toBuilder().writeDisposition(value).build();
    }

    public Table withKeys(List<String> newPrimaryKey, List<String> newMergeKey) {
        return toBuilder().primaryKey(newPrimaryKey).mergeKey(newMergeKey).build();
    }

    public Table withMergeStrategy(MergeStrategy value) {
        return toBuilder().mergeStrategy(value).build();
    }

    public Table withContract(SchemaContract value) {
        return toBuilder().contract(value).build();
    }

    /**
     * The hints of columns that wait for data (dlt's incomplete columns), keyed by normalized column
     * name; a hint whose column exists has already been applied to it.
     */
    public Table withColumnHints(Map<String, ColumnHint> value) {
        return toBuilder().columnHints(value).build();
    }

    /**
     * Collects a table; {@link #build()} makes it. Hint setters change the table's {@link
     * TableHints}. Not thread-safe: one builder, one thread.
     */
    public static final class Builder {
        private final String name;
        private Optional<String> parent = Optional.empty();
        private Optional<String> resource = Optional.empty();
        private TableHints.Builder hints = TableHints.builder();
        private final Map<String, Column> columns = new LinkedHashMap<>();
        private final Map<String, ColumnHint> columnHints = new LinkedHashMap<>();
        private NormalizerMarks marks = NormalizerMarks.NONE;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        private Builder(Table from) {
            this(from.name);
            parent = from.parent;
            resource = from.resource;
            hints = from.hints.toBuilder();
            columns.putAll(from.columns);
            columnHints.putAll(from.columnHints);
            marks = from.marks;
        }

        /** Makes this a child table of {@code value}. */
        public Builder parent(String value) {
            parent = Optional.of(requireNotBlank(value, "parent"));
            return this;
        }

        public Builder parent(Optional<String> value) {
            parent = Objects.requireNonNull(value, "parent");
            return this;
        }

        /** The resource that feeds this table. */
        public Builder resource(String value) {
            resource = Optional.of(requireNotBlank(value, "resource"));
            return this;
        }

        public Builder resource(Optional<String> value) {
            resource = Objects.requireNonNull(value, "resource");
            return this;
        }

        /** Replaces all hints at once. */
        public Builder hints(TableHints value) {
            hints = value.toBuilder();
            return this;
        }

        public Builder writeDisposition(WriteDisposition value) {
            hints.writeDisposition(value);
            return this;
        }

        public Builder mergeStrategy(MergeStrategy value) {
            hints.mergeStrategy(value);
            return this;
        }

        public Builder scd2(dev.dlt4j.Scd2 value) {
            hints.scd2(value);
            return this;
        }

        public Builder primaryKey(List<String> value) {
            hints.primaryKey(value);
            return this;
        }

        public Builder mergeKey(List<String> value) {
            hints.mergeKey(value);
            return this;
        }

        public Builder contract(SchemaContract value) {
            hints.contract(value);
            return this;
        }

        public Builder maxTableNesting(int levels) {
            hints.maxTableNesting(levels);
            return this;
        }

        public Builder fileFormat(LoaderFileFormat value) {
            hints.fileFormat(value);
            return this;
        }

        /** Adds the column, or replaces the one of that name in its place. */
        public Builder column(Column value) {
            columns.put(value.name(), value);
            return this;
        }

        /** Replaces all columns, keeping the map's order. */
        public Builder columns(Map<String, Column> value) {
            columns.clear();
            columns.putAll(value);
            return this;
        }

        /** Replaces the hints of columns that wait for data. */
        public Builder columnHints(Map<String, ColumnHint> value) {
            columnHints.clear();
            columnHints.putAll(value);
            return this;
        }

        public Builder seenData(boolean value) {
            marks = marks.withSeenData(value);
            return this;
        }

        public Builder propagatesRootKey(boolean value) {
            marks = marks.withPropagatesRootKey(value);
            return this;
        }

        public Builder marks(NormalizerMarks value) {
            marks = Objects.requireNonNull(value, "marks");
            return this;
        }

        public Table build() {
            return new Table(name, parent, resource, hints.build(), columns, columnHints, marks);
        }

        private static String requireNotBlank(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("a table's " + what + " must name a table or resource, got '"
                        + value + "'");
            }
            return value;
        }
    }
}
