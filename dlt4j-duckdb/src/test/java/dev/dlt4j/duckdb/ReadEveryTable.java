package dev.dlt4j.duckdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM whose class path holds another DuckDB JDBC driver (1.4): opens a database file
 * read-only, reads every value of every table, prints {@code version <v>} then one line
 * {@code <schema>.<table> <rows>} per table. Uses java.sql only, so it loads nothing of dlt4j.
 */
public final class ReadEveryTable {
    private ReadEveryTable() {
    }

    public static void main(String[] args) throws SQLException {
        java.util.Properties readOnly = new java.util.Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0], readOnly);
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT version()")) {
                rs.next();
                System.out.println("version " + rs.getString(1));
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_schema, table_name FROM information_schema.tables"
                    + " ORDER BY 1, 2")) {
                while (rs.next()) {
                    tables.add("\"" + rs.getString(1) + "\".\"" + rs.getString(2) + "\"");
                }
            }
            for (String t : tables) {
                long rows = 0;
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + t)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            rs.getObject(i);
                        }
                        rows++;
                    }
                }
                System.out.println(t.replace("\"", "") + " " + rows);
            }
        }
    }
}
