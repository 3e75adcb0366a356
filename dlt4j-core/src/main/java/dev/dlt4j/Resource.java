package dev.dlt4j;

import dev.dlt4j.schema.Column;
import dev.dlt4j.schema.DataType;
import dev.dlt4j.schema.SchemaContract;
import dev.dlt4j.schema.Table;
import dev.dlt4j.schema.WriteDisposition;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A named producer of data plus the hints for the table(s) it fills. Each item it yields is a row
 * ({@code Map}, record, POJO or Jackson {@code JsonNode}) or a page (a {@code List} of rows); a
 * page travels through the pipeline as one item, which is why pages are faster. Immutable: every
 * hint method returns a new resource.
 *
 * <pre>{@code
 * Resource issues = Resource.fromIterator("issues", () -> api.pages("/issues"))
 *         .writeDisposition(WriteDisposition.REPLACE)
 *         .primaryKey("id");
 * }</pre>
 */
public final class Resource {
    private final String name;
    private final Supplier<? extends Iterator<?>> data;
    private final String tableName;
    private final Function<Object, String> tableNameFunction;
    private final WriteDisposition writeDisposition;
    private final List<String> primaryKey;
    private final List<String> mergeKey;
    private final Map<String, Column> columns;
    private final int maxTableNesting;
    private final SchemaContract schemaContract; // null: not set here, the source's (or the schema's) applies

    private Resource(String name, Supplier<? extends Iterator<?>> data, String tableName,
            Function<Object, String> tableNameFunction, WriteDisposition writeDisposition, List<String> primaryKey,
            List<String> mergeKey, Map<String, Column> columns, int maxTableNesting, SchemaContract schemaContract) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a resource needs a non-blank name");
        }
        this.name = name;
        this.data = Objects.requireNonNull(data, "data");
        this.tableName = tableName;
        this.tableNameFunction = tableNameFunction;
        this.writeDisposition = Objects.requireNonNull(writeDisposition, "writeDisposition");
        this.primaryKey = List.copyOf(primaryKey);
        this.mergeKey = List.copyOf(mergeKey);
        this.columns = Map.copyOf(columns);
        this.maxTableNesting = maxTableNesting;
        this.schemaContract = schemaContract;
    }

    /** A resource over an {@code Iterable}; each element is one item (a row, or a page if it is a list). */
    public static Resource of(String name, Iterable<?> data) {
        Objects.requireNonNull(data, "data");
        return fromIterator(name, data::iterator);
    }

    /** A resource whose iterator is created anew for each run. */
    public static Resource fromIterator(String name, Supplier<? extends Iterator<?>> data) {
        return new Resource(name, data, name, null, WriteDisposition.APPEND, List.of(), List.of(), Map.of(),
                Table.DEFAULT_NESTING, null);
    }

    /** A resource over a stream created anew for each run; the stream is closed when extraction ends. */
    public static Resource fromStream(String name, Supplier<? extends Stream<?>> data) {
        Objects.requireNonNull(data, "data");
        return fromIterator(name, () -> new ClosingIterator(data.get()));
    }

    /** The table this resource writes to (default: the resource name). */
    public Resource tableName(String table) {
        return new Resource(name, data, Objects.requireNonNull(table, "table"), null, writeDisposition, primaryKey,
                mergeKey, columns, maxTableNesting, schemaContract);
    }

    /** Routes each row to the table the function names (a "dynamic table"). */
    public Resource tableName(Function<Object, String> tableOfRow) {
        return new Resource(name, data, tableName, Objects.requireNonNull(tableOfRow, "tableOfRow"),
                writeDisposition, primaryKey, mergeKey, columns, maxTableNesting, schemaContract);
    }

    public Resource writeDisposition(WriteDisposition disposition) {
        return new Resource(name, data, tableName, tableNameFunction, disposition, primaryKey, mergeKey, columns,
                maxTableNesting, schemaContract);
    }

    public Resource primaryKey(String... keys) {
        return new Resource(name, data, tableName, tableNameFunction, writeDisposition, List.of(keys), mergeKey,
                columns, maxTableNesting, schemaContract);
    }

    public Resource mergeKey(String... keys) {
        return new Resource(name, data, tableName, tableNameFunction, writeDisposition, primaryKey, List.of(keys),
                columns, maxTableNesting, schemaContract);
    }

    /** Fixes the type of a column instead of inferring it. */
    public Resource column(String column, DataType type) {
        return columns(Column.of(column, type));
    }

    /** Column hints (type, nullability, precision …), keyed by the column name as it appears in the data. */
    public Resource columns(Column... hints) {
        Map<String, Column> copy = new LinkedHashMap<>(columns);
        for (Column c : hints) {
            copy.put(c.name(), c);
        }
        return new Resource(name, data, tableName, tableNameFunction, writeDisposition, primaryKey, mergeKey, copy,
                maxTableNesting, schemaContract);
    }

    /** How deep nested data is unnested into columns and child tables before it is kept as JSON. */
    public Resource maxTableNesting(int levels) {
        if (levels < 0) {
            throw new IllegalArgumentException("max_table_nesting must be 0 or more, got " + levels);
        }
        return new Resource(name, data, tableName, tableNameFunction, writeDisposition, primaryKey, mergeKey,
                columns, levels, schemaContract);
    }

    /**
     * The schema contract of this resource's tables (and their child tables); it wins over the
     * source's. Stored on the table in the schema, so it also holds for later runs until changed.
     */
    public Resource schemaContract(SchemaContract contract) {
        return new Resource(name, data, tableName, tableNameFunction, writeDisposition, primaryKey, mergeKey,
                columns, maxTableNesting, Objects.requireNonNull(contract, "contract"));
    }

    public String name() {
        return name;
    }

    /** Opens the data for one run. Called once per extract, on the extracting thread. */
    public Iterator<?> open() {
        return Objects.requireNonNull(data.get(), () -> "resource " + name + " returned a null iterator");
    }

    public String tableName() {
        return tableName;
    }

    public Optional<Function<Object, String>> tableNameFunction() {
        return Optional.ofNullable(tableNameFunction);
    }

    public WriteDisposition writeDisposition() {
        return writeDisposition;
    }

    public List<String> primaryKey() {
        return primaryKey;
    }

    public List<String> mergeKey() {
        return mergeKey;
    }

    public Map<String, Column> columns() {
        return columns;
    }

    public int maxTableNesting() {
        return maxTableNesting;
    }

    /** The contract set on this resource (or inherited from its source), if any. */
    public Optional<SchemaContract> schemaContract() {
        return Optional.ofNullable(schemaContract);
    }

    @Override
    public String toString() {
        return "resource " + name;
    }

    private static final class ClosingIterator implements Iterator<Object>, AutoCloseable {
        private final Stream<?> stream;
        private final Iterator<?> it;

        ClosingIterator(Stream<?> stream) {
            this.stream = stream;
            this.it = stream.iterator();
        }

        @Override
        public boolean hasNext() {
            return it.hasNext();
        }

        @Override
        public Object next() {
            return it.next();
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
