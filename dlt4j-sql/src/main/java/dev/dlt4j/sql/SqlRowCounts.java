package dev.dlt4j.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts the rows of every table of a dataset (a schema) through the standard
 * {@code information_schema}: what {@code Destination.rowCounts} returns for a SQL destination.
 */
public final class SqlRowCounts {
    private SqlRowCounts() {
    }

    /**
     * Rows per table of {@code dataset}, sorted by table name; empty when the schema does not exist.
     * Runs on the caller's connection and leaves it open.
     */
    public static SortedMap<String, Long> count(Connection c, String dataset) throws SQLException {
        return count(c, java.util.Optional.empty(), dataset);
    }

    /**
     * As {@link #count(Connection, String)}, the tables named with {@code catalog} when present (DuckDB:
     * a dataset named like its database file is otherwise an ambiguous name).
     */
    public static SortedMap<String, Long> count(Connection c, java.util.Optional<String> catalog, String dataset)
            throws SQLException {
        String schema = catalog.map(k -> quote(k) + ".").orElse("") + quote(dataset);
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = ? ORDER BY table_name")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        SortedMap<String, Long> counts = new TreeMap<>();
        for (String t : tables) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM " + schema + "." + quote(t))) {
                rs.next();
                counts.put(t, rs.getLong(1));
            }
        }
        return counts;
    }

    /** A double-quoted SQL identifier: inner quotes doubled. */
    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
