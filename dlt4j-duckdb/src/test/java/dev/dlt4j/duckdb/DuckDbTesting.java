package dev.dlt4j.duckdb;

import dev.dlt4j.Pipeline;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds pipelines into a DuckDB file under a temp folder and reads rows back with plain JDBC. */
final class DuckDbTesting {
    private DuckDbTesting() {
    }

    static Pipeline.Builder pipeline(Path tmp, String name) {
        return Pipeline.builder(name)
                .destination(DuckDbDestination.at(tmp.resolve(name + ".duckdb")))
                .dataset(name + "_data")
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    static List<Map<String, Object>> query(Path db, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath())) {
            return query(c, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Rows of a query on an open connection, for a test that runs many (opening a file each time is slow). */
    static List<Map<String, Object>> query(Connection c, String sql) {
        return dev.dlt4j.testing.JdbcRows.of(c, sql);
    }

    static long count(Path db, String table) {
        return ((Number) query(db, "SELECT count(*) AS n FROM " + table).get(0).get("n")).longValue();
    }

    /** Rows of {@code dataset.table}; 0 when the database file or the table does not exist. */
    static long countOrZero(Path db, String dataset, String table) {
        if (!java.nio.file.Files.exists(db) || query(db, "SELECT 1 FROM information_schema.tables WHERE table_schema = '"
                + dataset + "' AND table_name = '" + table + "'").isEmpty()) {
            return 0;
        }
        return count(db, "\"" + dataset + "\".\"" + table + "\"");
    }

    /** Column name to DuckDB type name, in table order. */
    static Map<String, String> columnTypes(Path db, String schema, String table) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> r : query(db, "SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = '" + schema + "' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            out.put((String) r.get("column_name"), (String) r.get("data_type"));
        }
        return out;
    }
}
