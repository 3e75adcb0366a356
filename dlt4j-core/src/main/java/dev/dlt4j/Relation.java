package dev.dlt4j;

import dev.dlt4j.spi.DatasetReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A table or query of a {@link Dataset} (dlt's readable relation): nothing is read until
 * {@link #rows()}, {@link #fetchAll()} or {@link #columnNames()} is called, and each of them reads on
 * a connection of its own. Immutable; {@link #limit(long)} returns a copy.
 */
public final class Relation {
    private final Dataset dataset;
    private final String table; // null for a query
    private final Optional<String> sql;
    private final Optional<Long> limit;

    Relation(Dataset dataset, String table, Optional<String> sql, Optional<Long> limit) {
        this.dataset = dataset;
        this.table = table;
        this.sql = sql;
        this.limit = limit;
    }

    /** The same relation with at most {@code rows} rows (dlt's {@code relation.limit(n)}). */
    public Relation limit(long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("limit must be 0 or more rows, not " + rows);
        }
        return new Relation(dataset, table, sql, Optional.of(rows));
    }

    /**
     * The rows, each a map from column name to value in column order, streamed from the destination:
     * close the stream (try-with-resources), which closes its connection.
     *
     * @throws IllegalArgumentException naming the dataset, the SQL and the destination's message when the query fails
     */
    public Stream<Map<String, Object>> rows() {
        DatasetReader reader = dataset.open();
        try {
            return reader.query(sql(reader)).onClose(reader::close);
        } catch (RuntimeException e) {
            try {
                reader.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** All rows in a list (dlt's {@code fetchall()}); for small results, else use {@link #rows()}. */
    public List<Map<String, Object>> fetchAll() {
        try (Stream<Map<String, Object>> rows = rows()) {
            return rows.collect(Collectors.toList());
        }
    }

    /** The names of the columns, in order, without reading rows. */
    public List<String> columnNames() {
        return dataset.read(r -> r.columns(sql(r)));
    }

    /** The SQL this relation runs, in the destination's dialect. */
    String sql(DatasetReader reader) {
        String base = sql.orElseGet(() -> "SELECT * FROM " + reader.quote(table));
        return limit.map(n -> "SELECT * FROM (" + base + ") AS q LIMIT " + n).orElse(base);
    }

    @Override
    public String toString() {
        return (table != null ? "table " + table : "query " + sql.orElse("")) + limit.map(n -> " limit " + n).orElse("")
                + " of " + dataset;
    }
}
