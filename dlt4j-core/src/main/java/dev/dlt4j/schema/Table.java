package dev.dlt4j.schema;

import dev.dlt4j.MergeStrategy;
import dev.dlt4j.WriteDisposition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A table of a schema: its columns in creation order, its parent (for child tables), the resource
 * that feeds it, its write disposition and key hints. Key hints name columns that may not exist
 * yet; a column created under such a name gets the key flag. A root table may carry a schema
 * contract ({@code schema_contract} in dlt's schema), which its child tables follow. Column hints
 * without a type ({@link ColumnHint}, also made for key columns no typed hint declares) wait in
 * {@code columnHints} until their column appears. Immutable; evolution produces a new instance.
 */
public record Table(String name, String parent, String resource, WriteDisposition writeDisposition,
        MergeStrategy mergeStrategy, Map<String, Column> columns, List<String> primaryKey, List<String> mergeKey,
        boolean seenData, int maxTableNesting, SchemaContract contract, String fileFormat,
        Map<String, ColumnHint> columnHints) {

    /** Marks "no nesting limit given": the schema default (1000) applies. */
    public static final int DEFAULT_NESTING = -1;

    public Table {
        Objects.requireNonNull(name, "name");
        parent = parent == null ? "" : parent;
        resource = resource == null ? "" : resource;
        Objects.requireNonNull(writeDisposition, "writeDisposition");
        Objects.requireNonNull(mergeStrategy, "mergeStrategy");
        Objects.requireNonNull(fileFormat, "fileFormat");
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        primaryKey = List.copyOf(primaryKey);
        mergeKey = List.copyOf(mergeKey);
        Objects.requireNonNull(contract, "contract");
        columnHints = Collections.unmodifiableMap(new LinkedHashMap<>(columnHints));
    }

    /** A table without column hints that wait for their column. */
    public Table(String name, String parent, String resource, WriteDisposition writeDisposition,
            MergeStrategy mergeStrategy, Map<String, Column> columns, List<String> primaryKey, List<String> mergeKey,
            boolean seenData, int maxTableNesting, SchemaContract contract, String fileFormat) {
        this(name, parent, resource, writeDisposition, mergeStrategy, columns, primaryKey, mergeKey, seenData,
                maxTableNesting, contract, fileFormat, Map.of());
    }

    public static Table root(String name, String resource, WriteDisposition disposition) {
        return new Table(name, "", resource, disposition, MergeStrategy.DELETE_INSERT, Map.of(), List.of(), List.of(), false, DEFAULT_NESTING,
                SchemaContract.EVOLVE, "");
    }

    public static Table child(String name, String parent) {
        return new Table(name, parent, "", WriteDisposition.APPEND, MergeStrategy.DELETE_INSERT, Map.of(), List.of(), List.of(), false,
                DEFAULT_NESTING, SchemaContract.EVOLVE, "");
    }

    public Optional<String> parentName() {
        return parent.isEmpty() ? Optional.empty() : Optional.of(parent);
    }

    public boolean isRoot() {
        return parent.isEmpty();
    }

    public Optional<Column> column(String columnName) {
        return Optional.ofNullable(columns.get(columnName));
    }

    public List<Column> columnList() {
        return new ArrayList<>(columns.values());
    }

    public Table withColumn(Column column) {
        Map<String, Column> copy = new LinkedHashMap<>(columns);
        copy.put(column.name(), column);
        return new Table(name, parent, resource, writeDisposition, mergeStrategy, copy, primaryKey, mergeKey, seenData,
                maxTableNesting, contract, fileFormat, columnHints);
    }

    public Table withSeenData(boolean value) {
        return new Table(name, parent, resource, writeDisposition, mergeStrategy, columns, primaryKey, mergeKey, value,
                maxTableNesting, contract, fileFormat, columnHints);
    }

    public Table withWriteDisposition(WriteDisposition value) {
        return new Table(name, parent, resource, value, mergeStrategy, columns, primaryKey, mergeKey, seenData, maxTableNesting,
                contract, fileFormat, columnHints);
    }

    public Table withKeys(List<String> newPrimaryKey, List<String> newMergeKey) {
        return new Table(name, parent, resource, writeDisposition, mergeStrategy, columns, newPrimaryKey, newMergeKey, seenData,
                maxTableNesting, contract, fileFormat, columnHints);
    }

    public Table withMergeStrategy(MergeStrategy value) {
        return new Table(name, parent, resource, writeDisposition, value, columns, primaryKey, mergeKey, seenData,
                maxTableNesting, contract, fileFormat, columnHints);
    }

    public Table withMaxTableNesting(int value) {
        return new Table(name, parent, resource, writeDisposition, mergeStrategy, columns, primaryKey, mergeKey, seenData, value,
                contract, fileFormat, columnHints);
    }

    /**
     * The schema contract set on this (root) table by its resource or source; {@link
     * SchemaContract#EVOLVE} when none was set. Child tables follow their root table's contract.
     */
    public Table withContract(SchemaContract value) {
        return new Table(name, parent, resource, writeDisposition, mergeStrategy, columns, primaryKey, mergeKey, seenData,
                maxTableNesting, value, fileFormat, columnHints);
    }

    /**
     * The hints of columns that wait for data (dlt's incomplete columns), keyed by normalized column
     * name; a hint whose column exists has already been applied to it.
     */
    public Table withColumnHints(Map<String, ColumnHint> value) {
        return new Table(name, parent, resource, writeDisposition, mergeStrategy, columns, primaryKey, mergeKey,
                seenData, maxTableNesting, contract, fileFormat, value);
    }

    /** The hints whose column has not received data yet. */
    public List<ColumnHint> unboundHints() {
        return columnHints.values().stream().filter(h -> !columns.containsKey(h.name())).toList();
    }

    /** The loader file format asked for this table's resource ({@code ""}: the pipeline's). */
    public Table withFileFormat(String value) {
        return new Table(name, parent, resource, writeDisposition, mergeStrategy, columns, primaryKey, mergeKey,
                seenData, maxTableNesting, contract, value, columnHints);
    }
}
