package dev.dlt4j.source.sql;

import dev.dlt4j.Column;
import dev.dlt4j.ColumnHint;
import dev.dlt4j.DataType;
import dev.dlt4j.Resource;
import dev.dlt4j.ResourceContext;
import dev.dlt4j.Source;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dlt's {@code sql_database} source: the tables of one schema of a JDBC database, one resource per
 * table, typed from the database's own metadata (types, precision, scale, nullability, primary
 * keys; see {@link ReflectionLevel}) and streamed in pages of at most {@link #chunkSize} rows (and
 * about 2 MB of values) through a server-side cursor, never a whole table in memory; a page is a
 * typed {@link dev.dlt4j.ColumnPage} where the table's columns allow it, else a list of row maps. Tables are read in parallel, at most
 * {@link #workers} connections at once.
 *
 * <pre>{@code
 * Source shop = SqlSource.of("postgresql://loader@127.0.0.1:5432/shop")
 *         .schema("public")
 *         .tables("orders", "customers")
 *         .toSource();                         // connects and reflects the tables now
 * pipeline.run(shop);
 * }</pre>
 *
 * <p>Immutable: every setter returns a new {@code SqlSource}. {@link #toSource()} connects once,
 * reflects the tables and checks that they can be read, so an unreachable database, a refused
 * login, an unknown schema or table, or a missing {@code SELECT} grant fails there with a
 * {@link SqlSourceException}, before anything is extracted.
 */
public final class SqlSource {
    static final int DEFAULT_CHUNK_SIZE = 50_000;
    static final int DEFAULT_WORKERS = 4;
    /** dlt's name of the source, and so of the schema and the config section. */
    static final String DEFAULT_NAME = "sql_database";
    private static final Logger LOG = LoggerFactory.getLogger(SqlSource.class);

    private final Connector connector;
    private final String name;
    private final Optional<String> schema;
    private final List<String> tables;
    private final List<String> include;
    private final List<String> exclude;
    private final Map<String, String> queries;
    private final int chunkSize;
    private final ReflectionLevel reflection;
    private final boolean includeViews;
    private final OptionalInt workers;
    private final List<Map.Entry<String, UnaryOperator<Resource>>> hints; // table (null: all) -> adjustment
    private Optional<KeyRange> range = Optional.empty(); // set only by withRange, on a fresh copy

    private SqlSource(Connector connector, String name, Optional<String> schema, List<String> tables,
            List<String> include, List<String> exclude, Map<String, String> queries, int chunkSize,
            ReflectionLevel reflection, boolean includeViews, OptionalInt workers,
            List<Map.Entry<String, UnaryOperator<Resource>>> hints) {
        this.connector = connector;
        this.name = name;
        this.schema = schema;
        this.tables = List.copyOf(tables);
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
        this.queries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(queries));
        this.chunkSize = chunkSize;
        this.reflection = reflection;
        this.includeViews = includeViews;
        this.workers = workers;
        this.hints = List.copyOf(hints);
    }

    /**
     * The database at {@code uri}: {@code postgresql://user:password@host:5432/db},
     * {@code mysql://user:password@host:3306/db} or {@code mariadb://...} (the MariaDB driver), or
     * any {@code jdbc:} URL whose driver is on the class path. Nothing connects until {@link #toSource()}.
     */
    public static SqlSource of(String uri) {
        return new SqlSource(Connector.ofUri(uri), DEFAULT_NAME, Optional.empty(), List.of(), List.of(), List.of(),
                Map.of(), DEFAULT_CHUNK_SIZE, ReflectionLevel.FULL, false, OptionalInt.empty(), List.of());
    }

    /**
     * The database behind a {@link DataSource} (e.g. a connection pool); one connection is taken at
     * once to learn which database it is. Each table reader takes its own connection.
     */
    public static SqlSource of(DataSource dataSource) {
        return new SqlSource(Connector.ofDataSource(Objects.requireNonNull(dataSource, "dataSource")), DEFAULT_NAME,
                Optional.empty(), List.of(), List.of(), List.of(), Map.of(), DEFAULT_CHUNK_SIZE, ReflectionLevel.FULL,
                false, OptionalInt.empty(), List.of());
    }

    private SqlSource copy(Optional<String> newSchema, List<String> newTables, List<String> newInclude,
            List<String> newExclude, Map<String, String> newQueries, int newChunkSize, ReflectionLevel newReflection,
            boolean newIncludeViews, OptionalInt newWorkers, String newName,
            List<Map.Entry<String, UnaryOperator<Resource>>> newHints) {
        SqlSource out = new SqlSource(connector, newName, newSchema, newTables, newInclude, newExclude, newQueries,
                newChunkSize, newReflection, newIncludeViews, newWorkers, newHints);
        out.range = range;
        return out;
    }

    /** This source reading only {@code part} of its table (a partition of a split run). */
    SqlSource withRange(KeyRange part) {
        SqlSource out = copy(schema, tables, include, exclude, queries, chunkSize, reflection, includeViews, workers,
                name, hints);
        out.range = Optional.of(part);
        return out;
    }

    /**
     * How each table this source reads splits, in the order the source reads them: by the integer
     * column {@code preferred} names (a {@code partition_column}, strict: a table without it, or with
     * it of another type, fails when it is the only table), else by {@code cursor} (an incremental
     * cursor column, when the table has it as an integer, date or timestamp column whose bounds fit the
     * units of {@link BoundKind}), else by the table's one-column integer primary key; with that
     * column's {@code min} and {@code max}. A table of none of these is read whole by one partition
     * when the source reads several tables, and fails when it reads one.
     */
    List<TableBounds> splitBounds(Optional<String> preferred, Optional<String> cursor) {
        try (Connection c = connector.open(tablesText())) {
            Reflector reflector = new Reflector(connector, c);
            List<SqlTable> reflected = reflector.reflect(reflector.schema(schema), tables, include, exclude, queries,
                    includeViews);
            boolean one = reflected.size() == 1;
            List<TableBounds> out = new ArrayList<>();
            for (SqlTable t : reflected) {
                List<SqlColumn> candidates = new ArrayList<>();
                if (preferred.isPresent()) {
                    Optional<SqlColumn> col = t.columns().stream().filter(x -> x.name().equals(preferred.get()))
                            .findFirst();
                    if (one && col.isEmpty()) {
                        throw new IllegalArgumentException("table " + t.displayName() + " has no column '"
                                + preferred.get() + "' to split by; its columns: "
                                + t.columns().stream().map(SqlColumn::name).toList());
                    }
                    if (one && col.get().kind() != ColumnKind.BIGINT) {
                        throw new IllegalArgumentException("table " + t.displayName() + " cannot be split by column '"
                                + preferred.get() + "' of type " + col.get().typeName() + "; allowed: an integer column");
                    }
                    col.filter(x -> x.kind() == ColumnKind.BIGINT).ifPresent(candidates::add);
                }
                if (candidates.isEmpty()) {
                    cursor.flatMap(name -> t.columns().stream().filter(x -> x.name().equals(name)
                            && BoundKind.of(x.kind()).isPresent()).findFirst()).ifPresent(candidates::add);
                    if (t.primaryKey().size() == 1) {
                        t.columns().stream().filter(x -> x.name().equals(t.primaryKey().get(0))
                                && x.kind() == ColumnKind.BIGINT && !candidates.contains(x)).findFirst()
                                .ifPresent(candidates::add);
                    }
                }
                Optional<TableBounds> bounds = Optional.empty();
                for (SqlColumn col : candidates) {
                    bounds = bounds(c, reflector, t, col);
                    if (bounds.isPresent()) {
                        break;
                    }
                }
                if (bounds.isEmpty()) {
                    if (one) {
                        throw new IllegalArgumentException("table " + t.displayName() + " has primary key "
                                + t.primaryKey() + ", not one integer column to split by; set partition_column to an"
                                + " integer column");
                    }
                    out.add(new TableBounds(t.name(), Optional.empty(), BoundKind.INTEGER, Optional.empty(), false));
                    continue;
                }
                out.add(bounds.get());
            }
            return out;
        } catch (SQLException e) {
            throw connector.failure(e, tablesText());
        }
    }

    /** The bounds of {@code col}, empty when they do not fit its kind's units (then the next column is tried). */
    private Optional<TableBounds> bounds(Connection c, Reflector reflector, SqlTable t, SqlColumn col)
            throws SQLException {
        BoundKind kind = BoundKind.of(col.kind()).orElseThrow();
        String q = reflector.quoted(col.name());
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT min(" + q + "), max(" + q + ") FROM " + t.qualifiedName())) {
            rs.next();
            Optional<Long> min = kind.read(rs, 1, false);
            Optional<long[]> bounds = min.isEmpty() ? Optional.empty()
                    : Optional.of(new long[] {min.get(), kind.read(rs, 2, true).orElseThrow()});
            return Optional.of(new TableBounds(t.name(), Optional.of(col.name()), kind, bounds, col.nullable()));
        } catch (ArithmeticException e) {
            LOG.warn("table {}: column {} is not cut into windows: {}", t.displayName(), col.name(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The schema this source reads, when set. */
    Optional<String> schemaName() {
        return schema;
    }

    /** The source (and schema) name; default {@code sql_database}, as in dlt. */
    public SqlSource name(String sourceName) {
        if (sourceName == null || sourceName.isBlank()) {
            throw new IllegalArgumentException("a source needs a non-blank name");
        }
        return copy(schema, tables, include, exclude, queries, chunkSize, reflection, includeViews, workers,
                sourceName, hints);
    }

    /** The schema to read (on MariaDB/MySQL: the database); default: the connection's current schema. */
    public SqlSource schema(String schemaName) {
        if (schemaName == null || schemaName.isBlank()) {
            throw new IllegalArgumentException("schema must be a non-blank name, got '" + schemaName + "'");
        }
        return copy(Optional.of(schemaName), tables, include, exclude, queries, chunkSize, reflection, includeViews,
                workers, name, hints);
    }

    /** Reads exactly these tables (dlt's {@code table_names}), each of which must exist; default: all tables. */
    public SqlSource tables(String... tableNames) {
        for (String t : tableNames) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("table names must be non-blank, got " + List.of(tableNames));
            }
        }
        return copy(schema, List.of(tableNames), include, exclude, queries, chunkSize, reflection, includeViews,
                workers, name, hints);
    }

    /** Without {@link #tables}: reads only the tables a pattern ({@code *} any characters, {@code ?} one) matches. */
    public SqlSource include(String... patterns) {
        return copy(schema, tables, List.of(patterns), exclude, queries, chunkSize, reflection, includeViews, workers,
                name, hints);
    }

    /** Without {@link #tables}: leaves out the tables a pattern matches (e.g. {@code "tmp_*"}). */
    public SqlSource exclude(String... patterns) {
        return copy(schema, tables, include, List.of(patterns), queries, chunkSize, reflection, includeViews, workers,
                name, hints);
    }

    /**
     * Reads table {@code table} with {@code sql} instead of {@code SELECT * FROM table}; the columns are
     * what the query returns. The table need not exist: a query is a table of its own.
     */
    public SqlSource query(String table, String sql) {
        if (table == null || table.isBlank() || sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("query needs a table name and a SELECT statement");
        }
        Map<String, String> q = new LinkedHashMap<>(queries);
        q.put(table, sql.trim().replaceFirst(";\\s*$", ""));
        return copy(schema, tables, include, exclude, q, chunkSize, reflection, includeViews, workers, name, hints);
    }

    /**
     * Rows per page at most (dlt's {@code chunk_size}, default 50,000; a page of wide rows ends at
     * about 2 MB of values sooner): what one table reader holds in memory.
     */
    public SqlSource chunkSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("chunk_size must be at least 1, got " + rows);
        }
        return copy(schema, tables, include, exclude, queries, rows, reflection, includeViews, workers, name, hints);
    }

    /** How much of each table's definition becomes column hints (default {@link ReflectionLevel#FULL}). */
    public SqlSource reflection(ReflectionLevel level) {
        return copy(schema, tables, include, exclude, queries, chunkSize, Objects.requireNonNull(level, "level"),
                includeViews, workers, name, hints);
    }

    /** Whether views count as tables when all tables are read (dlt's {@code include_views}, default false). */
    public SqlSource includeViews(boolean value) {
        return copy(schema, tables, include, exclude, queries, chunkSize, reflection, value, workers, name, hints);
    }

    /**
     * Tables read at once, each on its own connection (default: {@code [sources.sql_database] workers}
     * of the pipeline's config, else 4).
     */
    public SqlSource workers(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + count);
        }
        return copy(schema, tables, include, exclude, queries, chunkSize, reflection, includeViews,
                OptionalInt.of(count), name, hints);
    }

    /**
     * Adjusts the resource of one table, as dlt's {@code apply_hints}: e.g.
     * {@code applyHints("orders", r -> r.writeDisposition(WriteDisposition.MERGE))}.
     */
    public SqlSource applyHints(String table, UnaryOperator<Resource> adjust) {
        List<Map.Entry<String, UnaryOperator<Resource>>> h = new ArrayList<>(hints);
        h.add(Map.entry(Objects.requireNonNull(table, "table"), Objects.requireNonNull(adjust, "adjust")));
        return copy(schema, tables, include, exclude, queries, chunkSize, reflection, includeViews, workers, name, h);
    }

    /** Adjusts the resource of every table (applied before the per-table adjustments). */
    public SqlSource applyHints(UnaryOperator<Resource> adjust) {
        List<Map.Entry<String, UnaryOperator<Resource>>> h = new ArrayList<>();
        h.add(new java.util.AbstractMap.SimpleImmutableEntry<>(null, Objects.requireNonNull(adjust, "adjust")));
        h.addAll(hints);
        return copy(schema, tables, include, exclude, queries, chunkSize, reflection, includeViews, workers, name, h);
    }

    /**
     * Connects, reflects the tables and checks that each can be read, and returns the source: one
     * resource per table, named as the table, parallelized, with the reflected column hints and
     * primary key.
     *
     * @throws SqlSourceException when the database cannot be reached or refuses the login, or a
     *     schema or table is unknown or cannot be read; the message names server, table and fix
     */
    public Source toSource() {
        List<SqlTable> reflected;
        String quote;
        try (Connection c = connector.open(tablesText())) {
            try {
                Reflector reflector = new Reflector(connector, c);
                quote = reflector.quote();
                String s = reflector.schema(schema);
                reflected = reflector.reflect(s, tables, include, exclude, queries, includeViews);
                reflector.warnings().forEach(LOG::warn);
            } catch (SQLException e) {
                throw new SqlSourceException("cannot read the definitions of " + tablesText() + " in "
                        + connector.where() + ": " + e.getMessage() + "; check that the user may read the schema's"
                        + " metadata", null);
            }
        } catch (SQLException e) {
            // closing the reflection's connection failed: what was read is complete
            throw connector.failure(e, tablesText());
        }
        List<Resource> resources = new ArrayList<>();
        ConnectionPermits shared = new ConnectionPermits(workers, name);
        for (SqlTable t : reflected) {
            resources.add(resource(t, shared, quote));
        }
        return Source.of(name, resources);
    }

    /** The tables as named in messages before they are reflected. */
    private String tablesText() {
        String s = schema.map(x -> x + ".").orElse("");
        if (!tables.isEmpty()) {
            return (tables.size() == 1 ? "table " : "tables ") + String.join(", ", tables.stream().map(t -> s + t).toList());
        }
        return "the tables of schema " + schema.orElse("(current)");
    }

    private Resource resource(SqlTable t, ConnectionPermits permits, String quote) {
        String sql = selectSql(t, quote);
        Optional<List<Column>> pageColumns = pageColumns(t);
        Resource r = Resource.of(t.name(), (ResourceContext ctx) -> {
            permits.configure(ctx.config());
            IncrementalQuery q = IncrementalQuery.of(t, sql, quote, ctx.incremental());
            return new TableReader(connector, t, q.sql(), q.parameters(), chunkSize, permits, pageColumns);
        }).parallelized();
        if (!t.primaryKey().isEmpty()) {
            r = r.primaryKey(t.primaryKey().toArray(String[]::new));
        }
        if (reflection == ReflectionLevel.MINIMAL) {
            List<ColumnHint> h = new ArrayList<>();
            for (SqlColumn c : t.columns()) {
                h.add(ColumnHint.of(c.name()).withNullable(c.nullable()));
            }
            r = r.columnHints(h.toArray(ColumnHint[]::new));
        } else {
            List<Column> cols = new ArrayList<>();
            for (SqlColumn c : t.columns()) {
                cols.add(column(c, t.primaryKey().contains(c.name())));
            }
            r = r.columns(cols.toArray(Column[]::new));
        }
        for (Map.Entry<String, UnaryOperator<Resource>> h : hints) {
            if (h.getKey() == null || h.getKey().equals(t.name())) {
                r = Objects.requireNonNull(h.getValue().apply(r), "applyHints returned null for " + t.name());
            }
        }
        return r;
    }

    /**
     * The columns of the table's typed pages ({@link dev.dlt4j.ColumnPage}), as its resource declares
     * them (without the keys, which stay on the resource); empty when the table is read as rows: with
     * {@code minimal} reflection (the types come from the data, as dlt's) or a json or array column
     * (nested values, which a page does not hold). An incremental cursor filters a typed page row by
     * row, as it does a list of rows.
     */
    private Optional<List<Column>> pageColumns(SqlTable t) {
        if (reflection == ReflectionLevel.MINIMAL) {
            return Optional.empty();
        }
        List<Column> cols = new ArrayList<>();
        for (SqlColumn c : t.columns()) {
            if (!c.kind().fitsPage) {
                return Optional.empty();
            }
            cols.add(column(c, false));
        }
        return Optional.of(List.copyOf(cols));
    }

    /** The column hint of a reflected column at this source's reflection level (dlt's {@code sqla_col_to_column_schema}). */
    Column column(SqlColumn c, boolean primaryKey) {
        DataType type = c.kind().dataType;
        Column.Builder b = Column.builder(c.name(), type).nullable(c.nullable() && !primaryKey).primaryKey(primaryKey);
        String typeName = c.typeName().toLowerCase(java.util.Locale.ROOT);
        switch (c.kind()) {
            case DECIMAL -> {
                // PostgreSQL's numeric without precision reports 131089 (or 0): the destination's default
                if (c.size() > 0 && c.size() <= 1000) {
                    b.precision(c.size(), Math.max(0, c.digits()));
                }
            }
            case TIMESTAMP, TIME -> b.timezone(false);
            case TEXT -> {
                if (reflection == ReflectionLevel.FULL_WITH_PRECISION && typeName.contains("char") && c.size() > 0
                        && c.size() < Integer.MAX_VALUE) {
                    b.precision(java.util.OptionalInt.of(c.size()), java.util.OptionalInt.empty());
                }
            }
            case BINARY -> {
                if (reflection == ReflectionLevel.FULL_WITH_PRECISION && typeName.contains("binary") && c.size() > 0
                        && c.size() < Integer.MAX_VALUE) {
                    b.precision(java.util.OptionalInt.of(c.size()), java.util.OptionalInt.empty());
                }
            }
            case BIGINT -> {
                if (reflection == ReflectionLevel.FULL_WITH_PRECISION && (typeName.contains("smallint")
                        || typeName.equals("int2") || typeName.contains("tinyint"))) {
                    b.precision(java.util.OptionalInt.of(32), java.util.OptionalInt.empty()); // as dlt
                }
            }
            default -> {
            }
        }
        return b.build();
    }

    /** {@code SELECT "a", "b" FROM "schema"."table"}: the reflected columns, in order (as dlt selects them). */
    private String selectSql(SqlTable t, String quote) {
        if (range.isPresent() && range.get().table().equals(t.name())) {
            // a query's table is "(query) q": its own WHERE stays inside, the range applies to its rows
            return "SELECT * FROM " + t.qualifiedName() + " WHERE " + range.get().where(quote);
        }
        if (t.query().isPresent()) {
            return t.query().get();
        }
        return "SELECT * FROM " + t.qualifiedName();
    }
}
