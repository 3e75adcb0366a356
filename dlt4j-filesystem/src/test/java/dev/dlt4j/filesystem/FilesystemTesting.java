package dev.dlt4j.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.duckdb.DuckDBStruct;

/** Reads a table's files back with DuckDB (an in-memory database): read_json for jsonl, read_csv for csv. */
final class FilesystemTesting {
    private FilesystemTesting() {
    }

    /** Every row in the files directly under {@code folder}; empty when there are none. */
    static List<Map<String, Object>> rows(Path folder) {
        List<Path> files = files(folder);
        if (files.isEmpty()) {
            return new ArrayList<>();
        }
        boolean parquet = files.stream().allMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        boolean csv = files.stream().allMatch(p -> p.getFileName().toString().matches(".*\\.csv(\\.gz)?"));
        String glob = folder.toAbsolutePath().toString().replace("'", "''") + "/*";
        // csv is read as text, since one row is too little for DuckDB's type sniffer; the tests convert
        String sql = parquet ? "SELECT * FROM read_parquet('" + glob + "', union_by_name = true)" : csv ? "SELECT * FROM read_csv('" + glob + "', union_by_name = true, header = true,"
                + " all_varchar = true, allow_quoted_nulls = false)"
                : "SELECT * FROM read_json('" + glob + "', format = 'newline_delimited', union_by_name = true)";
        return query(sql);
    }

    static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under {@code root}, as '/'-separated paths relative to it, sorted. */
    static List<String> tree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> query(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), plain(rs.getObject(i)));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** DuckDB's structs and lists as plain maps and lists. */
    private static Object plain(Object v) throws SQLException {
        if (v instanceof DuckDBStruct s) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : s.getMap().entrySet()) {
                m.put(e.getKey(), plain(e.getValue()));
            }
            return m;
        }
        if (v instanceof java.sql.Array a) {
            List<Object> l = new ArrayList<>();
            for (Object o : Arrays.asList((Object[]) a.getArray())) {
                l.add(plain(o));
            }
            return l;
        }
        return v;
    }
}
