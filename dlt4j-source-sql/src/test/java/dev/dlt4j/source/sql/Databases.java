package dev.dlt4j.source.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The real databases the tests read from and load into: PostgreSQL and MariaDB of .ci/run, DuckDB files. */
final class Databases {
    static final String PG = "postgresql://postgres@127.0.0.1:5432/test";
    static final String PG_JDBC = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String MARIA = "mysql://root@127.0.0.1:3306/test";
    static final String MARIA_JDBC = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

    private Databases() {
    }

    static void pg(String... sql) {
        exec(PG_JDBC, sql);
    }

    static void maria(String... sql) {
        exec(MARIA_JDBC, sql);
    }

    static void exec(String url, String... sql) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(url + ": " + e.getMessage(), e);
        }
    }

    static List<Map<String, Object>> query(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url)) {
            return dev.dlt4j.testing.JdbcRows.of(c, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(url + ": " + e.getMessage(), e);
        }
    }

    static List<Map<String, Object>> duck(java.nio.file.Path db, String sql) {
        return query("jdbc:duckdb:" + db.toAbsolutePath(), sql);
    }

    /** column name -> data type as the database's information_schema shows it. */
    static Map<String, String> columnTypes(String url, String schema, String table) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> r : query(url, "SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = '" + schema + "' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            out.put(String.valueOf(r.get("column_name")), String.valueOf(r.get("data_type")));
        }
        return out;
    }
}
