package dev.dlt4j.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import dev.dlt4j.bench.Variant.Dataset;
import dev.dlt4j.examples.DemoData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The floor no loader into DuckDB beats by much: DuckDB's own time to ingest the same rows from a
 * finished file with {@code read_parquet}, {@code read_csv} (FLAT only: CSV has no nesting) and
 * {@code read_json}. The files are written once per benchmark invocation and their writing is not
 * timed; each read goes into a fresh database file and includes opening and closing it, as a load
 * does.
 */
final class Ceiling {
    static final String PARQUET = "read_parquet";
    static final String CSV = "read_csv";
    static final String JSON = "read_json";
    private static final String READY = "ready";

    private Ceiling() {
    }

    /** Writes {@code data.jsonl}, {@code data.csv} (FLAT) and {@code data.parquet} into {@code dir} unless there. */
    static void prepare(Dataset dataset, long rows, Path dir) {
        if (Files.exists(dir.resolve(READY))) {
            return;
        }
        try {
            Files.createDirectories(dir);
            ObjectMapper mapper = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            try (Writer out = Files.newBufferedWriter(dir.resolve("data.jsonl"), StandardCharsets.UTF_8);
                    SequenceWriter seq = mapper.writer().withRootValueSeparator("\n").writeValues(out)) {
                for (long i = 0; i < rows; i++) {
                    seq.write(dataset == Dataset.FLAT ? DemoData.flat(i) : DemoData.issue(i));
                }
            }
            if (dataset == Dataset.FLAT) {
                writeCsv(rows, dir.resolve("data.csv"));
            }
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                    Statement st = c.createStatement()) {
                st.execute("COPY (SELECT * FROM read_json('" + dir.resolve("data.jsonl") + "')) TO '"
                        + dir.resolve("data.parquet") + "' (FORMAT parquet)");
            }
            Files.writeString(dir.resolve(READY), dataset + " " + rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ceiling's data files into " + dir, e);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB cannot write the ceiling's parquet file into " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private static void writeCsv(long rows, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Map<String, Object> first = DemoData.flat(0);
            out.write(String.join(",", first.keySet()));
            out.write('\n');
            for (long i = 0; i < rows; i++) {
                boolean comma = false;
                for (Object v : DemoData.flat(i).values()) {
                    if (comma) {
                        out.write(',');
                    }
                    comma = true;
                    if (v != null) {
                        out.write(v.toString()); // no FLAT value holds a comma, quote or newline
                    }
                }
                out.write('\n');
            }
        }
    }

    /** Seconds each reader takes to ingest the prepared files of {@code dataDir} into a new table. */
    static Map<String, Double> measure(Dataset dataset, Path dataDir, Path dbDir) {
        return measure(dataset, dataDir, dbDir, new LinkedHashMap<>());
    }

    /** {@link #measure}, also putting each reader's CPU seconds of the process (DuckDB's threads) into {@code cpu}. */
    static Map<String, Double> measure(Dataset dataset, Path dataDir, Path dbDir, Map<String, Double> cpu) {
        Map<String, Double> out = new LinkedHashMap<>();
        lastCpu = cpu;
        try {
            Files.createDirectories(dbDir);
            // the first connection of a JVM loads the native library (~0.6 s): not part of any ingest
            try (Connection warm = DriverManager.getConnection("jdbc:duckdb:")) {
                warm.isValid(1);
            }
            out.put(PARQUET, ingest(PARQUET, dbDir.resolve("parquet.duckdb"), "read_parquet('"
                    + dataDir.resolve("data.parquet") + "')"));
            if (dataset == Dataset.FLAT) {
                out.put(CSV, ingest(CSV, dbDir.resolve("csv.duckdb"), "read_csv('" + dataDir.resolve("data.csv") + "')"));
            }
            out.put(JSON, ingest(JSON, dbDir.resolve("json.duckdb"), "read_json('" + dataDir.resolve("data.jsonl")
                    + "')"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB cannot ingest the ceiling's files from " + dataDir + ": "
                    + e.getMessage(), e);
        }
        return out;
    }

    private static Map<String, Double> lastCpu = new LinkedHashMap<>();

    private static double ingest(String name, Path db, String reader) throws SQLException {
        long cpu0 = ScenarioRun.processCpuNanos();
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath());
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t AS SELECT * FROM " + reader);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        lastCpu.put(name, (ScenarioRun.processCpuNanos() - cpu0) / 1e9);
        return wall;
    }

    /** Rows in table {@code t} of one of the databases {@link #measure} wrote (for tests). */
    static long rowsIn(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
