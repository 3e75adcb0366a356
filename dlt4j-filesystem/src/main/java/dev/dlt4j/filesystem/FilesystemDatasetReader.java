package dev.dlt4j.filesystem;

import dev.dlt4j.spi.DatasetReader;
import dev.dlt4j.spi.JdbcDatasetReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a filesystem dataset back through DuckDB's file readers: an in-memory DuckDB with one view
 * per table folder of the dataset ({@code read_json} for jsonl, {@code read_csv}, {@code
 * read_parquet}, gzip'd or not, {@code union_by_name} so files of older schema versions line up).
 * Needs DuckDB's JDBC driver on the class path (an optional dependency of this module): the
 * destination declares dataset queries only when it is there ({@link #AVAILABLE}). Named through
 * {@link DriverManager} only, so this module compiles against no DuckDB class.
 */
final class FilesystemDatasetReader {
    /** True when DuckDB's JDBC driver is on the class path, decided once. */
    static final boolean AVAILABLE = driverPresent();

    private FilesystemDatasetReader() {
    }

    private static boolean driverPresent() {
        try {
            Class.forName("org.duckdb.DuckDBDriver", false, FilesystemDatasetReader.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A reader of {@code datasetDir} (the folder {@code <bucket>/<dataset>}), named {@code dataset} in SQL. */
    static DatasetReader open(Path datasetDir, String dataset, String location) {
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read dataset " + dataset + " at " + location + ": DuckDB, which"
                    + " reads its files, did not start: " + e.getMessage(), e);
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + quote(dataset));
            for (Map.Entry<String, String> view : views(datasetDir).entrySet()) {
                st.execute("CREATE VIEW " + quote(dataset) + "." + quote(view.getKey()) + " AS " + view.getValue());
            }
        } catch (SQLException | IOException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("cannot read dataset " + dataset + " at " + location + ": "
                    + e.getMessage(), e);
        }
        return JdbcDatasetReader.open(c, dataset, "SET schema = " + literal(dataset), location);
    }

    /** Per table folder (hidden ones and the {@code init} file aside): a SELECT over its files by format. */
    static Map<String, String> views(Path datasetDir) throws IOException {
        Map<String, String> views = new TreeMap<>();
        if (!Files.isDirectory(datasetDir)) {
            return views;
        }
        List<Path> tables;
        try (Stream<Path> s = Files.list(datasetDir)) {
            tables = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                    .toList();
        }
        for (Path table : tables) {
            List<String> selects = new ArrayList<>();
            for (String[] kind : List.of(new String[] {"jsonl", "read_json", ", format = 'newline_delimited'"},
                    new String[] {"csv", "read_csv", ", header = true"}, new String[] {"parquet", "read_parquet", ""})) {
                List<String> globs = new ArrayList<>();
                for (String suffix : List.of("." + kind[0], "." + kind[0] + ".gz")) {
                    if (hasFile(table, suffix)) {
                        globs.add(literal(table.toAbsolutePath() + "/**/*" + suffix));
                    }
                }
                if (!globs.isEmpty()) {
                    selects.add("SELECT * FROM " + kind[1] + "([" + String.join(", ", globs) + "], union_by_name = true"
                            + kind[2] + ")");
                }
            }
            if (!selects.isEmpty()) {
                views.put(table.getFileName().toString(), String.join(" UNION ALL BY NAME ", selects));
            }
        }
        return views;
    }

    private static boolean hasFile(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix)
                    && !p.getFileName().toString().startsWith("."));
        }
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
