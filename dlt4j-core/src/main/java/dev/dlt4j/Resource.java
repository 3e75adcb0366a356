package dev.dlt4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A named producer of data plus the hints for the table(s) it fills. Each item it yields is a row
 * ({@code Map}, record, POJO or Jackson {@code JsonNode}) or a page (a {@code List} of rows); a
 * page travels through the pipeline as one item, which is why pages are faster. Immutable: every
 * hint method returns a new resource. An item may also be deferred ({@code Callable},
 * {@code Supplier}, {@code Future}): the extract worker pool evaluates it and its result goes on
 * down the pipe ({@link #map}, {@link #filter}, {@link #flatMap}, {@link #limit(long)}).
 *
 * <pre>{@code
 * Resource issues = Resource.fromIterator("issues", () -> api.pages("/issues"))
 *         .writeDisposition(WriteDisposition.REPLACE)
 *         .primaryKey("id")
 *         .parallelized();
 * }</pre>
 */
public final class Resource {
    private final String name;
    // what the resource yields: its own data, or (a transformer) the items of pipe.parent
    private final Supplier<? extends Iterator<?>> data; // null for a transformer
    private final Pipe pipe;
    // where and how it is written
    private final String tableName;
    private final Function<Object, String> tableNameFunction; // null: every row goes to tableName
    private final TableHints hints;
    private final Map<String, Column> columns; // typed column hints, keyed by the name in the data
    private final Map<String, ColumnHint> columnHints; // hints of columns whose type the data decides
    private final Incremental incremental; // null: none

    private Resource(Builder b) {
        if (b.name == null || b.name.isBlank()) {
            throw new IllegalArgumentException("a resource needs a non-blank name, got '" + b.name + "'");
        }
        this.name = b.name;
        this.pipe = Objects.requireNonNull(b.pipe, "pipe");
        this.data = pipe.parent == null ? Objects.requireNonNull(b.data, "data") : b.data;
        this.tableName = Objects.requireNonNull(b.tableName, "tableName");
        this.tableNameFunction = b.tableNameFunction;
        this.hints = Objects.requireNonNull(b.hints, "hints");
        // declaration order is column order: Map.copyOf would iterate in a per-JVM random order
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(b.columns));
        this.columnHints = Collections.unmodifiableMap(new LinkedHashMap<>(b.columnHints));
        this.incremental = b.incremental;
    }

    /** A resource over an {@code Iterable}; each element is one item (a row, or a page if it is a list). */
    public static Resource of(String name, Iterable<?> data) {
        Objects.requireNonNull(data, "data");
        return fromIterator(name, data::iterator);
    }

    /** A resource whose iterator is created anew for each run. */
    public static Resource fromIterator(String name, Supplier<? extends Iterator<?>> data) {
        return new Builder(name, Objects.requireNonNull(data, "data"), Pipe.EMPTY).build();
    }

    /** A resource over a stream created anew for each run; the stream is closed when extraction ends. */
    public static Resource fromStream(String name, Supplier<? extends Stream<?>> data) {
        Objects.requireNonNull(data, "data");
        return fromIterator(name, () -> new dev.dlt4j.extract.StreamIterator(data.get()));
    }

    /**
     * A resource opened anew for each run with its {@link ResourceContext}: its state as last
     * loaded, a way to write its new state, and the pipeline's config. The opener returns the
     * run's data as an {@code Iterator}, {@code Iterable} or {@code Stream} (closed when extraction ends).
     *
     * <pre>{@code
     * Resource.of("issues", ctx -> {
     *     String since = (String) ctx.state().getOrDefault("since", "2024-01-01");
     *     ctx.writeState(Map.of("since", today));
     *     return api.issuesSince(since);
     * });
     * }</pre>
     */
    public static Resource of(String name, Function<ResourceContext, ?> opener) {
        return fromIterator(name, new ContextOpener(name, Objects.requireNonNull(opener, "opener")));
    }

    /**
     * Opens the data for one run with its context; the extract stage calls this, once per run, on
     * the extracting thread. A resource made without a context opener ignores the context.
     */
    public Iterator<?> open(ResourceContext context) {
        if (data instanceof ContextOpener opener) {
            return opener.open(Objects.requireNonNull(context, "context"));
        }
        return open();
    }

    /** The opener of {@link #of(String, Function)}: the data supplier that needs the run's context. */
    private record ContextOpener(String name, Function<ResourceContext, ?> opener)
            implements Supplier<Iterator<?>> {
        @Override
        public Iterator<?> get() {
            throw new IllegalStateException("resource " + name + " reads its state and config from a"
                    + " ResourceContext: open it with open(ResourceContext), as the pipeline's extract does");
        }

        Iterator<?> open(ResourceContext context) {
            Object data = opener.apply(context);
            if (data instanceof Iterator<?> it) {
                return it;
            }
            if (data instanceof Iterable<?> iterable) {
                return iterable.iterator();
            }
            if (data instanceof Stream<?> stream) {
                return new dev.dlt4j.extract.StreamIterator(stream);
            }
            throw new IllegalStateException("resource " + name + " returned " + (data == null ? "null"
                    : "a " + data.getClass().getName()) + " from its opener; return an Iterator, Iterable or Stream");
        }
    }

    /**
     * Loads only what is new since the last run: the extract stage filters the rows by the
     * incremental's cursor and stores the cursor's last value in the resource's state (see
     * {@link Incremental}); the resource reads the run's range with {@link ResourceContext#incremental()}.
     * Replaces an earlier incremental.
     *
     * @throws IllegalArgumentException when the incremental's settings contradict each other, or it
     *     is {@linkplain Incremental#perParent per parent} on a resource that is not a transformer
     */
    public Resource incremental(Incremental value) {
        Objects.requireNonNull(value, "incremental");
        value.check(name);
        if (value.perParent().isPresent() && !isTransformer()) {
            throw new IllegalArgumentException("incremental '" + value.cursorPath() + "' of resource " + name
                    + " is per parent (" + value.perParent().get() + "), which only a transformer has;"
                    + " remove perParent(...) or make the resource a transformer");
        }
        return toBuilder().incremental(value).build();
    }

    /** The incremental cursor of this resource, if it has one. */
    public Optional<Incremental> incremental() {
        return Optional.ofNullable(incremental);
    }

    /** The table this resource writes to (default: the resource name). */
    public Resource tableName(String table) {
        return toBuilder().tableName(Objects.requireNonNull(table, "table")).tableNameFunction(null).build();
    }

    /** Routes each row to the table the function names (a "dynamic table"). */
    public Resource tableName(Function<Object, String> tableOfRow) {
        return toBuilder().tableNameFunction(Objects.requireNonNull(tableOfRow, "tableOfRow")).build();
    }

    public Resource writeDisposition(WriteDisposition disposition) {
        return withHints(hints.toBuilder().writeDisposition(disposition).build());
    }

    public Resource primaryKey(String... keys) {
        return withHints(hints.toBuilder().primaryKey(List.of(keys)).build());
    }

    public Resource mergeKey(String... keys) {
        return withHints(hints.toBuilder().mergeKey(List.of(keys)).build());
    }

    /** Fixes the type of a column instead of inferring it. */
    public Resource column(String column, DataType type) {
        return columns(Column.of(column, type));
    }

    /** Column hints (type, nullability, precision …), keyed by the column name as it appears in the data. */
    public Resource columns(Column... hints) {
        Builder b = toBuilder();
        for (Column c : hints) {
            b.columns.put(c.name(), c);
        }
        return b.build();
    }

    /**
     * Hints for columns whose type the data decides (dlt's column hints without {@code data_type}),
     * keyed by the column name as it appears in the data: applied when the column first gets a value.
     * A hint for a column also given to {@link #columns} is applied to that typed column.
     */
    public Resource columnHints(ColumnHint... hints) {
        Builder b = toBuilder();
        for (ColumnHint h : hints) {
            b.columnHints.put(h.name(), h);
        }
        return b.build();
    }

    /** The hints of columns whose type the data decides, in the order they were given. */
    public Map<String, ColumnHint> columnHints() {
        return columnHints;
    }

    /** How deep nested data is unnested into columns and child tables before it is kept as JSON. */
    public Resource maxTableNesting(int levels) {
        return withHints(hints.toBuilder().maxTableNesting(levels).build());
    }

    /**
     * Steps the iterator in the extract worker pool instead of on the extracting thread, so several
     * parallelized resources progress at the same time; one resource still yields its items in order.
     * On a transformer, the transform function of each input item runs in the pool.
     */
    public Resource parallelized() {
        return withPipe(new Pipe(pipe.parent, pipe.transform, true, pipe.steps, pipe.limit));
    }

    /** Maps each item; a page is mapped row by row (a {@code null} result drops that row). */
    public Resource map(Function<Object, ?> mapper) {
        return addStep(new MapStep(Objects.requireNonNull(mapper, "mapper")));
    }

    /** Keeps the rows the predicate accepts; a page keeps its matching rows and is dropped when none match. */
    public Resource filter(Predicate<Object> predicate) {
        return addStep(new FilterStep(Objects.requireNonNull(predicate, "predicate")));
    }

    /**
     * Replaces each row by zero or more items (pivot, explode): the function returns an
     * {@code Iterable}, {@code Iterator}, {@code Stream}, a single item, or {@code null} for none.
     */
    public Resource flatMap(Function<Object, ?> mapper) {
        return addStep(new FlatMapStep(Objects.requireNonNull(mapper, "mapper")));
    }

    /**
     * Stops the resource after {@code maxItems} yields (a page counts once); the item that reaches
     * the limit is still written, {@code 0} writes nothing. Counts what survives the map and filter
     * steps, replaces an earlier limit, and is ignored (with a warning) on a transformer.
     */
    public Resource limit(long maxItems) {
        return limit(new Limit(OptionalLong.of(requireNotNegative(maxItems)), Optional.empty()));
    }

    /** Stops the resource once {@code maxTime} has passed since it was opened; replaces an earlier limit. */
    public Resource limit(Duration maxTime) {
        return limit(new Limit(OptionalLong.empty(), Optional.of(Objects.requireNonNull(maxTime, "maxTime"))));
    }

    /** Both limits at once: whichever is reached first stops the resource. */
    public Resource limit(long maxItems, Duration maxTime) {
        return limit(new Limit(OptionalLong.of(requireNotNegative(maxItems)),
                Optional.of(Objects.requireNonNull(maxTime, "maxTime"))));
    }

    private Resource limit(Limit value) {
        return withPipe(new Pipe(pipe.parent, pipe.transform, pipe.parallelized, pipe.steps, value));
    }

    private static long requireNotNegative(long maxItems) {
        if (maxItems < 0) {
            throw new IllegalArgumentException("limit max_items must be 0 or more, got " + maxItems);
        }
        return maxItems;
    }

    private Resource addStep(Step step) {
        List<Step> steps = new ArrayList<>(pipe.steps);
        steps.add(step);
        return withPipe(new Pipe(pipe.parent, pipe.transform, pipe.parallelized, steps, pipe.limit));
    }

    private Resource withPipe(Pipe value) {
        return toBuilder().pipe(value).build();
    }

    /** Merges new rows into the table with the given strategy (write disposition {@code merge}). */
    public Resource merge(MergeStrategy strategy) {
        return withHints(hints.toBuilder().writeDisposition(WriteDisposition.MERGE)
                .mergeStrategy(Objects.requireNonNull(strategy, "strategy")).build());
    }

    public MergeStrategy mergeStrategy() {
        return hints.mergeStrategy();
    }

    /**
     * Merges new rows into the table with strategy {@code scd2} and its options (dlt's
     * {@code validity_column_names}, {@code active_record_timestamp}, {@code boundary_timestamp},
     * {@code row_version_column_name}); {@code merge(MergeStrategy.SCD2)} takes dlt's defaults.
     */
    public Resource scd2(Scd2 options) {
        return withHints(hints.toBuilder().writeDisposition(WriteDisposition.MERGE).mergeStrategy(MergeStrategy.SCD2)
                .scd2(Objects.requireNonNull(options, "options")).build());
    }

    /** The schema contract of this resource's tables; wins over the source's. */
    public Resource schemaContract(SchemaContract contract) {
        return withHints(hints.toBuilder().contract(Objects.requireNonNull(contract, "contract")).build());
    }

    public Optional<SchemaContract> schemaContract() {
        return hints.contract();
    }

    /**
     * The loader file format of this resource's tables (dlt's {@code file_format} hint), instead of
     * the pipeline's; it must be one the destination supports.
     */
    public Resource fileFormat(LoaderFileFormat format) {
        return withHints(hints.toBuilder().fileFormat(Objects.requireNonNull(format, "format")).build());
    }

    public Optional<LoaderFileFormat> fileFormat() {
        return hints.fileFormat();
    }

    /** A transformer: see {@link Transformer}. */
    static Resource transformer(String name, Resource parent, Function<Object, ?> transform) {
        Objects.requireNonNull(transform, "transform");
        return transformer(name, parent, (item, ctx) -> transform.apply(item));
    }

    /** A transformer whose function also receives its context: see {@link Transformer#withContext}. */
    static Resource transformer(String name, Resource parent, BiFunction<Object, ResourceContext, ?> transform) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(transform, "transform");
        return new Builder(name, null, new Pipe(parent, transform, false, List.of(), null)).build();
    }

    public String name() {
        return name;
    }

    /**
     * Opens the data for one run. Called once per extract, on the extracting thread; a transformer
     * has no data of its own and fails here.
     */
    public Iterator<?> open() {
        if (data == null) {
            throw new IllegalStateException(this + " is a transformer: it receives the items of " + pipe.parent);
        }
        return Objects.requireNonNull(data.get(), () -> "resource " + name + " returned a null iterator");
    }

    /** The map, filter and flatMap steps, in the order they were added. */
    public List<Step> steps() {
        return pipe.steps;
    }

    public Optional<Limit> limit() {
        return Optional.ofNullable(pipe.limit);
    }

    public boolean isParallelized() {
        return pipe.parallelized;
    }

    /** The resource whose items this transformer receives; empty for a resource that has its own data. */
    public Optional<Resource> parent() {
        return Optional.ofNullable(pipe.parent);
    }

    /**
     * The function a transformer applies to each item of its parent, with the transformer's context
     * (for a per-parent incremental, the context of that parent's cursor).
     */
    public Optional<BiFunction<Object, ResourceContext, ?>> transform() {
        return Optional.ofNullable(pipe.transform);
    }

    public boolean isTransformer() {
        return pipe.parent != null;
    }

    public String tableName() {
        return tableName;
    }

    public Optional<Function<Object, String>> tableNameFunction() {
        return Optional.ofNullable(tableNameFunction);
    }

    /**
     * The hints of the table(s) this resource writes: disposition, merge strategy, keys (as named in
     * the data), contract, nesting and file format. The accessors below read single hints of it.
     */
    public TableHints hints() {
        return hints;
    }

    public WriteDisposition writeDisposition() {
        return hints.writeDisposition();
    }

    public List<String> primaryKey() {
        return hints.primaryKey();
    }

    public List<String> mergeKey() {
        return hints.mergeKey();
    }

    /** Typed column hints, keyed by the column name as it appears in the data, in declaration order. */
    public Map<String, Column> columns() {
        return columns;
    }

    /** How deep nested data is unnested; empty: the schema default (1000 levels). */
    public OptionalInt maxTableNesting() {
        return hints.maxTableNesting();
    }

    private Resource withHints(TableHints value) {
        return toBuilder().hints(value).build();
    }

    private Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public String toString() {
        return (isTransformer() ? "transformer " : "resource ") + name;
    }

    /** One step of a resource's pipe, applied by the extract stage to each item after the data. */
    public sealed interface Step permits MapStep, FilterStep, FlatMapStep {
    }

    /** See {@link Resource#map}. */
    public record MapStep(Function<Object, ?> mapper) implements Step {
    }

    /** See {@link Resource#filter}. */
    public record FilterStep(Predicate<Object> predicate) implements Step {
    }

    /** See {@link Resource#flatMap}. */
    public record FlatMapStep(Function<Object, ?> mapper) implements Step {
    }

    /** See {@link Resource#limit(long)}: at most {@code maxItems} yields, for at most {@code maxTime}. */
    public record Limit(OptionalLong maxItems, Optional<Duration> maxTime) {
    }

    /** What a resource does besides its table hints; shared between the copies the withers make. */
    private record Pipe(Resource parent, BiFunction<Object, ResourceContext, ?> transform, boolean parallelized, List<Step> steps,
            Limit limit) {
        static final Pipe EMPTY = new Pipe(null, null, false, List.of(), null);

        Pipe {
            steps = List.copyOf(steps);
        }
    }
    /**
     * Collects a resource for its private constructor; the public withers above are one-liners over
     * it. A new field of Resource goes here, into the copying constructor and Resource's constructor.
     */
    private static final class Builder {
        private final String name;
        private final Supplier<? extends Iterator<?>> data;
        private Pipe pipe;
        private String tableName;
        private Function<Object, String> tableNameFunction;
        private TableHints hints = TableHints.DEFAULT;
        private final Map<String, Column> columns = new LinkedHashMap<>();
        private final Map<String, ColumnHint> columnHints = new LinkedHashMap<>();
        private Incremental incremental;

        /** A resource named {@code name} that writes to the table of that name, with default hints. */
        Builder(String name, Supplier<? extends Iterator<?>> data, Pipe pipe) {
            this.name = name;
            this.data = data;
            this.pipe = pipe;
            this.tableName = name;
        }

        Builder(Resource from) {
            this(from.name, from.data, from.pipe);
            tableName = from.tableName;
            tableNameFunction = from.tableNameFunction;
            hints = from.hints;
            columns.putAll(from.columns);
            columnHints.putAll(from.columnHints);
            incremental = from.incremental;
        }

        Builder incremental(Incremental value) {
            incremental = value;
            return this;
        }

        Builder pipe(Pipe value) {
            pipe = value;
            return this;
        }

        Builder tableName(String value) {
            tableName = value;
            return this;
        }

        Builder tableNameFunction(Function<Object, String> value) {
            tableNameFunction = value;
            return this;
        }

        Builder hints(TableHints value) {
            hints = value;
            return this;
        }

        Resource build() {
            return new Resource(this);
        }
    }
}
