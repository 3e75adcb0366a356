package dev.dlt4j.source.sql;

import dev.dlt4j.Config;
import dev.dlt4j.Incremental;
import dev.dlt4j.LastValueFunc;
import dev.dlt4j.RangeBound;
import dev.dlt4j.RowOrder;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.spi.SourceFactory;
import dev.dlt4j.spi.SourcePartition;
import dev.dlt4j.spi.SplittableSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Type {@code sql_database}: an {@link SqlSource} from dlt's settings ({@code credentials},
 * {@code schema}, {@code table_names}, {@code chunk_size}, {@code reflection_level},
 * {@code include_views}) plus issue 16's {@code tables} (names that may carry their schema:
 * {@code ["public.orders"]}) and
 * dlt4j's {@code workers}, {@code include} / {@code exclude} patterns,
 * {@code queries} (table to SQL) and the hints every table gets: {@code write_disposition},
 * {@code primary_key}, {@code incremental}. Accepts {@code postgresql://}, {@code postgres://}, {@code mysql://},
 * {@code mariadb://} and {@code jdbc:} URIs for {@code dlt4j ingest}. Registered in
 * {@code META-INF/services/dev.dlt4j.spi.SourceFactory}.
 */
public final class SqlDatabaseSourceFactory implements SplittableSource {
    /** The settings this factory reads; any other key fails, naming these. */
    static final Set<String> KEYS = Set.of("type", "credentials", "schema", "tables", "table_names", "chunk_size",
            "reflection_level", "include_views", "workers", "include", "exclude", "queries", "write_disposition",
            "primary_key", "incremental", "partition_column", KeyRange.SETTING);

    @Override
    public String type() {
        return "sql_database";
    }

    @Override
    public boolean accepts(String sourceUri) {
        return Connector.accepts(sourceUri);
    }

    @Override
    public Source create(String name, Map<String, Object> settings, Config config) {
        return sqlSource(name, settings, config).toSource();
    }

    /** The {@link SqlSource} the settings describe, not yet reflected. */
    private SqlSource sqlSource(String name, Map<String, Object> settings, Config config) {
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("sql_database setting '" + key + "' is not known; allowed: "
                        + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        String credentials = text(settings, "credentials")
                .or(() -> fromConfig(config, name, "credentials"))
                .orElseThrow(() -> new IllegalArgumentException("sql_database needs credentials (a database URI such"
                        + " as postgresql://user:password@host:5432/db): set credentials, [sources." + name
                        + "] credentials or SOURCES__" + name.toUpperCase(Locale.ROOT) + "__CREDENTIALS"));
        SqlSource s = SqlSource.of(credentials).name(name);
        Optional<String> schema = text(settings, "schema").or(() -> fromConfig(config, name, "schema"));
        List<String> tables = strings(settings, "table_names");
        if (settings.containsKey("tables")) {
            if (settings.containsKey("table_names")) {
                throw new IllegalArgumentException("sql_database settings tables and table_names name the same"
                        + " thing: set tables or table_names, not both");
            }
            tables = new ArrayList<>();
            Optional<String> explicitSchema = text(settings, "schema");
            Optional<String> qualified = Optional.empty(); // the schema the first qualified entry names
            for (String t : strings(settings, "tables")) {
                Optional<String> tableSchema = schemaOf(t, explicitSchema);
                if (tableSchema.isPresent() && qualified.isPresent() && !qualified.equals(tableSchema)) {
                    throw new IllegalArgumentException("sql_database setting tables: one schema per source; got "
                            + qualified.get() + " and " + tableSchema.get() + " (declare one [sources.<name>] per"
                            + " schema)");
                }
                if (tableSchema.isPresent()) {
                    qualified = tableSchema;
                }
                tables.add(t.substring(t.indexOf('.') + 1));
            }
            if (qualified.isPresent()) {
                schema = qualified;
            }
        }
        if (schema.isPresent()) {
            s = s.schema(schema.get());
        }
        if (!tables.isEmpty()) {
            s = s.tables(tables.toArray(String[]::new));
        }
        List<String> include = strings(settings, "include");
        if (!include.isEmpty()) {
            s = s.include(include.toArray(String[]::new));
        }
        List<String> exclude = strings(settings, "exclude");
        if (!exclude.isEmpty()) {
            s = s.exclude(exclude.toArray(String[]::new));
        }
        Object chunk = settings.containsKey("chunk_size") ? settings.get("chunk_size")
                : fromConfig(config, name, "chunk_size").orElse(null);
        if (chunk != null) {
            s = s.chunkSize(SqlSourceConfigKeys.CHUNK_SIZE.check("sql_database setting", chunk));
        }
        Object level = settings.containsKey("reflection_level") ? settings.get("reflection_level")
                : fromConfig(config, name, "reflection_level").orElse(null);
        if (level != null) {
            s = s.reflection(ReflectionLevel.fromDltName(
                    SqlSourceConfigKeys.REFLECTION_LEVEL.check("sql_database setting", level)));
        }
        Object workers = settings.get("workers");
        if (workers != null) {
            s = s.workers(SqlSourceConfigKeys.WORKERS.check("sql_database setting", workers));
        }
        Object views = settings.get("include_views");
        if (views != null) {
            if (!(views instanceof Boolean b)) {
                throw new IllegalArgumentException("sql_database setting include_views '" + views
                        + "' is not valid; allowed: true or false");
            }
            s = s.includeViews(b);
        }
        Object queries = settings.get("queries");
        if (queries != null) {
            if (!(queries instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("sql_database setting queries must be a table of table name to"
                        + " SELECT statement, got " + queries);
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getValue() instanceof String sql)) {
                    throw new IllegalArgumentException("sql_database setting queries." + e.getKey()
                            + " must be a SELECT statement, got " + e.getValue());
                }
                s = s.query(String.valueOf(e.getKey()), sql);
            }
        }
        s = s.applyHints(hints(settings));
        if (settings.containsKey(KeyRange.SETTING)) {
            s = s.withRange(KeyRange.fromSettings(settings.get(KeyRange.SETTING)));
        }
        return s;
    }

    /**
     * Splits the tables of the source into key ranges. Each table is cut by an integer column
     * {@code partition_column}, else by the {@code incremental} cursor column when it is an integer, date
     * or timestamp column (a backfill in {@code [start, end)} windows of the cursor, from its
     * {@code initial_value} when that is above the column's {@code min}, up to its {@code end_value}
     * when that is below the column's {@code max}; a date's windows count days, a timestamp's
     * microseconds), else by the table's one-column integer primary key. The code reads the column's
     * {@code min} and {@code max} and cuts {@code [min, max]} into equal ranges, the last one closed, the
     * first one also taking the rows where a nullable column is NULL (one JVM reads them too); each
     * partition is these settings plus a {@code partition} key range (and, when the source reads several
     * tables, {@code table_names} of its one table). One table gets all {@code partitions}; several share
     * them in proportion to their key spans, at least one each, and a table with no such column (or
     * no rows) is one partition that reads it whole.
     */
    @Override
    public List<SourcePartition> split(String name, Map<String, Object> settings, Config config, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be 1 or more, got " + partitions);
        }
        if (settings.containsKey(KeyRange.SETTING)) {
            throw new IllegalArgumentException("sql_database setting partition is set by a split run; remove it");
        }
        Map<String, Object> base = new java.util.LinkedHashMap<>(settings);
        SqlSource probe = sqlSource(name, base, config);
        Optional<Incremental> incremental = incremental(settings.get("incremental"));
        List<TableBounds> tables = probe.splitBounds(text(settings, "partition_column"),
                incremental.map(Incremental::cursorPath));
        Set<String> seen = new java.util.HashSet<>();
        for (TableBounds t : tables) {
            // one JVM refuses such a source (Source: unique resource names); split, it would load the table twice
            if (!seen.add(t.table())) {
                throw new IllegalArgumentException("source " + name + " has two resources named " + t.table()
                        + "; resource names must be unique within a source");
            }
        }
        java.math.BigInteger total = java.math.BigInteger.ZERO;
        for (TableBounds t : tables) {
            total = total.add(span(t));
        }
        List<SourcePartition> out = new ArrayList<>();
        for (TableBounds t : tables) {
            Map<String, Object> own = new java.util.LinkedHashMap<>(base);
            if (tables.size() > 1) {
                own.remove("tables");
                own.put("table_names", List.of(t.table()));
                probe.schemaName().ifPresent(schema -> own.put("schema", schema));
            }
            if (t.column().isEmpty() || t.bounds().isEmpty()) {
                out.add(new SourcePartition(out.size(), type(), name, own, "table " + t.table()
                        + (t.column().isPresent() ? " (no rows)" : " (whole)")));
                continue;
            }
            String column = t.column().get();
            long min = t.bounds().get()[0];
            long max = t.bounds().get()[1];
            boolean maxClosed = true;
            if (incremental.isPresent() && incremental.get().cursorPath().equals(column)
                    && incremental.get().lastValueFunc() == LastValueFunc.MAX) {
                Incremental inc = incremental.get();
                // rows below the initial value are never read; nor rows from the end value on (or past it, closed)
                Optional<Long> start = inc.initialValue().flatMap(v -> t.kind().cursorValue(v, false));
                if (start.isPresent() && start.get() > min) {
                    min = Math.min(start.get(), max);
                }
                Optional<Long> end = inc.endValue().flatMap(v -> t.kind().cursorValue(v, true));
                if (end.isPresent() && end.get() <= max) {
                    max = Math.max(end.get(), min);
                    // an end at or below the start: one window that the cursor's own range leaves empty
                    maxClosed = inc.rangeEnd() == RangeBound.CLOSED || max == min;
                }
            }
            java.math.BigInteger span = java.math.BigInteger.valueOf(max).subtract(java.math.BigInteger.valueOf(min))
                    .add(maxClosed ? java.math.BigInteger.ONE : java.math.BigInteger.ZERO);
            java.math.BigInteger share = java.math.BigInteger.valueOf(partitions).multiply(span(t))
                    .divide(total.max(java.math.BigInteger.ONE));
            long n = Math.max(1, Math.min(share.min(java.math.BigInteger.valueOf(partitions)).longValue(),
                    span.min(java.math.BigInteger.valueOf(Integer.MAX_VALUE)).longValue()));
            java.math.BigInteger size = span.add(java.math.BigInteger.valueOf(n - 1))
                    .divide(java.math.BigInteger.valueOf(n));
            // ranges of `size` keys: as many as cover the span (5 keys in 4 are 3 ranges of 2, none beyond max),
            // their bounds in BigInteger so that keys near Long.MAX_VALUE do not overflow; a date or timestamp
            // column's keys are its days or microseconds (BoundKind), so its windows meet without gap or overlap
            n = span.add(size).subtract(java.math.BigInteger.ONE).divide(size).longValueExact();
            for (int i = 0; i < n; i++) {
                long lower = java.math.BigInteger.valueOf(min).add(size.multiply(java.math.BigInteger.valueOf(i)))
                        .longValueExact();
                boolean last = i == n - 1;
                long upper = last ? max : java.math.BigInteger.valueOf(min)
                        .add(size.multiply(java.math.BigInteger.valueOf(i + 1))).longValueExact();
                // NULLs go to the table's first range: no range matches them, and one JVM reads them
                KeyRange range = new KeyRange(t.table(), column, t.kind(), lower, upper, last && maxClosed,
                        i == 0 && t.nullable());
                Map<String, Object> part = new java.util.LinkedHashMap<>(own);
                part.put(KeyRange.SETTING, range.toSettings());
                out.add(new SourcePartition(out.size(), type(), name, part, range.toString()));
            }
        }
        return out;
    }

    /** The number of key values of a table that splits, 0 for one read whole. */
    private static java.math.BigInteger span(TableBounds t) {
        if (t.column().isEmpty() || t.bounds().isEmpty()) {
            return java.math.BigInteger.ZERO;
        }
        return java.math.BigInteger.valueOf(t.bounds().get()[1]).subtract(java.math.BigInteger.valueOf(
                t.bounds().get()[0])).add(java.math.BigInteger.ONE);
    }

    /**
     * The schema of an entry of {@code tables} ({@code public} of {@code public.orders}), empty when
     * it names none. An {@link SqlSource} reads one schema: every qualified entry must name the same one,
     * and the {@code schema} setting when there is one.
     */
    private static Optional<String> schemaOf(String table, Optional<String> explicitSchema) {
        int dot = table.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String schema = table.substring(0, dot);
        if (schema.isBlank() || dot == table.length() - 1) {
            throw new IllegalArgumentException("sql_database setting tables: '" + table + "' is not a table name;"
                    + " allowed: TABLE or SCHEMA.TABLE (e.g. public.orders)");
        }
        if (explicitSchema.isPresent() && !explicitSchema.get().equals(schema)) {
            throw new IllegalArgumentException("sql_database setting tables: table " + table + " is not in schema "
                    + explicitSchema.get() + " (setting schema); name tables of that schema, or leave schema out");
        }
        return Optional.of(schema);
    }

    /** The hints every table gets from the settings: write disposition and primary key. */
    private static UnaryOperator<Resource> hints(Map<String, Object> settings) {
        Optional<WriteDisposition> disposition = text(settings, "write_disposition").map(d -> {
            try {
                return WriteDisposition.fromDltName(d);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sql_database setting write_disposition '" + d
                        + "' is not valid; allowed: append, replace, merge");
            }
        });
        List<String> primaryKey = strings(settings, "primary_key");
        Optional<Incremental> incremental = incremental(settings.get("incremental"));
        return r -> {
            Resource out = r;
            if (incremental.isPresent()) {
                out = out.incremental(incremental.get());
            }
            if (!primaryKey.isEmpty()) {
                out = out.primaryKey(primaryKey.toArray(String[]::new));
            }
            if (disposition.isPresent()) {
                out = out.writeDisposition(disposition.get());
            }
            return out;
        };
    }

    /**
     * dlt's {@code incremental} of {@code sql_table}: a cursor column name, or a table with
     * {@code cursor_path} and optionally {@code initial_value}, {@code end_value}, {@code row_order},
     * {@code range_start}, {@code range_end} and {@code last_value_func} ({@code max} or {@code min}).
     */
    static Optional<Incremental> incremental(Object raw) {
        if (raw == null) {
            return Optional.empty();
        }
        if (raw instanceof String path && !path.isBlank()) {
            return Optional.of(Incremental.on(path.trim()));
        }
        if (!(raw instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("sql_database setting incremental must be a cursor column name or a"
                    + " table with cursor_path, got " + raw);
        }
        Set<String> allowed = Set.of("cursor_path", "initial_value", "end_value", "row_order", "range_start",
                "range_end", "last_value_func");
        for (Object k : m.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                throw new IllegalArgumentException("sql_database setting incremental." + k + " is not known; allowed: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        if (!(m.get("cursor_path") instanceof String path) || path.isBlank()) {
            throw new IllegalArgumentException("sql_database setting incremental.cursor_path must name the cursor"
                    + " column, got " + m.get("cursor_path"));
        }
        Incremental inc = Incremental.on(path.trim());
        if (m.get("initial_value") != null) {
            inc = inc.initial(m.get("initial_value"));
        }
        if (m.get("end_value") != null) {
            inc = inc.end(m.get("end_value"));
        }
        if (m.get("row_order") != null) {
            inc = inc.rowOrder(RowOrder.fromDltName(String.valueOf(m.get("row_order"))));
        }
        if (m.get("range_start") != null) {
            inc = inc.rangeStart(RangeBound.fromDltName(String.valueOf(m.get("range_start"))));
        }
        if (m.get("range_end") != null) {
            inc = inc.rangeEnd(RangeBound.fromDltName(String.valueOf(m.get("range_end"))));
        }
        if (m.get("last_value_func") != null) {
            String f = String.valueOf(m.get("last_value_func")).trim();
            inc = inc.lastValueFunc(switch (f) {
                case "max" -> LastValueFunc.MAX;
                case "min" -> LastValueFunc.MIN;
                default -> throw new IllegalArgumentException("sql_database setting incremental.last_value_func '"
                        + f + "' is not valid; allowed: max, min");
            });
        }
        return Optional.of(inc);
    }

    private static Optional<String> fromConfig(Config config, String name, String key) {
        if (config == null) {
            return Optional.empty();
        }
        return config.value(List.of("sources", name), key)
                .or(() -> config.value(List.of("sources", SqlSource.DEFAULT_NAME), key));
    }

    private static Optional<String> text(Map<String, Object> settings, String key) {
        Object v = settings.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("sql_database setting " + key + " must be a non-blank string, got "
                    + (key.equals("credentials") ? "***" : String.valueOf(v)));
        }
        return Optional.of(s);
    }

    /** A string or a list of strings (dlt's {@code table_names} is a list; a single name is allowed). */
    private static List<String> strings(Map<String, Object> settings, String key) {
        Object v = settings.get(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof String s) || s.isBlank()) {
                    throw new IllegalArgumentException("sql_database setting " + key
                            + " must list non-blank names, got " + l);
                }
                out.add(s);
            }
            return out;
        }
        throw new IllegalArgumentException("sql_database setting " + key + " must be a name or a list of names, got "
                + v);
    }
}
