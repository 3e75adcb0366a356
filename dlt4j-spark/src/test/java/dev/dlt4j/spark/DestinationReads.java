package dev.dlt4j.spark;

import dev.dlt4j.Pipeline;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a test pipeline loaded, from DuckDB ({@code <dir>/db-<dataset>.duckdb}) or from the
 * test PostgreSQL database, for the split-versus-one-JVM comparisons.
 */
final class DestinationReads {
    static final String PG_JDBC = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private DestinationReads() {
    }

    /** The table's column names in their order, as the destination's catalog lists them. */
    static List<String> columns(Path dir, String destination, Pipeline p, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(dir, destination, p); ResultSet rs = c.createStatement().executeQuery(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = '" + p.datasetName()
                        + "' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The first column of the first row of {@code sql}, as text. */
    static String query(Path dir, String destination, Pipeline p, String sql) throws Exception {
        try (Connection c = connect(dir, destination, p); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static Connection connect(Path dir, String destination, Pipeline p) throws Exception {
        return destination.equals("duckdb")
                ? DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("db-" + p.datasetName() + ".duckdb"))
                : DriverManager.getConnection(PG_JDBC);
    }
}
