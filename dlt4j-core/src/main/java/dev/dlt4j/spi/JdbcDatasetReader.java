package dev.dlt4j.spi;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link DatasetReader} over one JDBC connection whose default schema is the dataset: what a
 * SQL destination (DuckDB, PostgreSQL) and the filesystem destination (an embedded DuckDB over its
 * files) return from {@link Destination#openDataset}. Rows are streamed from the result set (fetch
 * size {@value #FETCH_SIZE}, so a large table is never held in memory), values turned into plain
 * Java values (times as {@code java.time}, JSON and other driver objects as text).
 */
public final class JdbcDatasetReader implements DatasetReader {
    static final int FETCH_SIZE = 1000;

    private final Connection connection;
    private final String dataset;
    private final String location;
    private final List<String> tables;

    private JdbcDatasetReader(Connection connection, String dataset, String location, List<String> tables) {
        this.connection = connection;
        this.dataset = dataset;
        this.location = location;
        this.tables = List.copyOf(tables);
    }

    /**
     * A reader on {@code connection}, which it owns and closes. {@code useDataset} (e.g. {@code SET
     * search_path TO "shop"}) makes the dataset the default schema; {@code location} (password
     * masked) names the place in messages. The tables are read from {@code information_schema}.
     *
     * @throws IllegalStateException naming dataset and location when the statement fails (connection closed)
     */
    public static JdbcDatasetReader open(Connection connection, String dataset, String useDataset, String location) {
        Objects.requireNonNull(connection, "connection");
        try {
            List<String> tables = new ArrayList<>();
            try (var ps = connection.prepareStatement("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = ? ORDER BY table_name")) {
                ps.setString(1, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            if (!tables.isEmpty()) {
                try (Statement st = connection.createStatement()) {
                    st.execute(useDataset);
                }
            }
            // a large result is streamed, not fetched whole (PostgreSQL only streams outside autocommit)
            connection.setAutoCommit(false);
            return new JdbcDatasetReader(connection, dataset, location, tables);
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("cannot read dataset " + dataset + " at " + location + ": "
                    + Secrets.maskUris(e.getMessage()), e);
        }
    }

    @Override
    public List<String> tables() {
        return tables;
    }

    @Override
    public String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public List<String> columns(String sql) {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM (" + sql + ") AS q LIMIT 0")) {
            return names(rs.getMetaData());
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    @Override
    public Stream<Map<String, Object>> query(String sql) {
        Statement st = null;
        try {
            st = connection.createStatement();
            st.setFetchSize(FETCH_SIZE);
            ResultSet rs = st.executeQuery(sql);
            List<String> names = names(rs.getMetaData());
            List<String> types = new ArrayList<>();
            for (int i = 1; i <= names.size(); i++) {
                types.add(String.valueOf(rs.getMetaData().getColumnTypeName(i)).toLowerCase(java.util.Locale.ROOT));
            }
            Statement statement = st;
            Spliterator<Map<String, Object>> rows = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                    Spliterator.ORDERED | Spliterator.NONNULL) {
                @Override
                public boolean tryAdvance(Consumer<? super Map<String, Object>> action) {
                    try {
                        if (!rs.next()) {
                            return false;
                        }
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 0; i < names.size(); i++) {
                            row.put(names.get(i), value(rs, i + 1, types.get(i)));
                        }
                        action.accept(row);
                        return true;
                    } catch (SQLException e) {
                        throw failed(sql, e);
                    }
                }
            };
            return StreamSupport.stream(rows, false).onClose(() -> {
                try {
                    statement.close(); // closes the result set
                } catch (SQLException e) {
                    throw failed(sql, e);
                }
            });
        } catch (SQLException e) {
            if (st != null) {
                try {
                    st.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw failed(sql, e);
        }
    }

    private static List<String> names(ResultSetMetaData md) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnLabel(i));
        }
        return names;
    }

    /** JDBC's value, with java.sql times as java.time and driver objects (JSON, intervals) as their text. */
    private static Object value(ResultSet rs, int i, String type) throws SQLException {
        Object v = rs.getObject(i);
        if (v == null) {
            return null;
        }
        if (type.startsWith("json")) {
            return rs.getString(i);
        }
        if (v instanceof java.sql.Timestamp t) {
            return type.contains("zone") || type.contains("tz") ? t.toInstant() : t.toLocalDateTime();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        if (v instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof byte[]
                || v instanceof java.time.temporal.Temporal || v instanceof java.util.UUID) {
            return v;
        }
        return rs.getString(i);
    }

    private IllegalArgumentException failed(String sql, SQLException e) {
        try {
            connection.rollback(); // PostgreSQL: a failed statement aborts the transaction until rolled back
        } catch (SQLException ignored) {
            // the message below says what failed
        }
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
        return new IllegalArgumentException("query on dataset " + dataset + " at " + location + " failed: "
                + Secrets.maskUris(message) + " (SQL: " + oneLine(sql) + "; tables: "
                + (tables.isEmpty() ? "none" : String.join(", ", tables)) + ")", e);
    }

    private static String oneLine(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the reader of dataset " + dataset + " at " + location
                    + ": " + e.getMessage(), e);
        }
    }
}
