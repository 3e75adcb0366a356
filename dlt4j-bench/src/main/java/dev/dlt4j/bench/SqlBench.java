package dev.dlt4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postgresql.PGConnection;

/**
 * {@code dlt4j bench sql}: copies a 10-column table of {@code rows} rows (1,000,000 by default) from
 * PostgreSQL and from MariaDB into a fresh DuckDB file with {@code SqlSource} and default settings,
 * each run in a fresh JVM (its peak RSS measured), and measures in the same invocation the limit:
 * the database's own bulk export of the same query into a file ({@code COPY (SELECT ...) TO STDOUT}
 * on PostgreSQL, {@code SELECT ... INTO OUTFILE} on MariaDB) plus DuckDB's {@code read_csv} of that
 * file into a new table. Prints seconds, rows/s, peak RSS and the ratio dlt4j / limit (best of
 * {@code repeat} runs each).
 */
final class SqlBench {
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String PG_URI = "postgresql://postgres@127.0.0.1:5432/test";
    static final String MARIA_URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root";
    static final String MARIA_URI = "mysql://root@127.0.0.1:3306/test";
    static final String SCHEMA = "sqlsrc_bench";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SqlBench() {
    }

    static String table(long rows) {
        return "rows_" + rows;
    }

    /** The ten columns, as PostgreSQL and MariaDB both spell them. */
    private static final String COLUMNS = "id bigint PRIMARY KEY, user_id integer, quantity integer,"
            + " price numeric(12,2), score double precision, active boolean, name varchar(64), note text,"
            + " created_at timestamp, day date";

    static int run(long rows, int repeat, Path workDir, List<String> jvmArgs, Optional<Path> jfrDir, PrintWriter out,
            PrintWriter err) {
        try {
            Files.createDirectories(workDir);
            err.println("bench sql: preparing " + rows + "-row tables in PostgreSQL and MariaDB (schema " + SCHEMA + ")");
            err.flush();
            preparePostgres(rows);
            prepareMariaDb(rows);
            List<String> jvm = new ArrayList<>(BenchRunner.inheritedJvmArgs());
            jvm.addAll(jvmArgs);
            double loadStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT,
                    "%-11s %10s %10s %11s %12s %12s %8s %13s %7s %9s %9s %9s %8s %10s %10s", "source", "rows",
                    "dlt4j s", "rows/s", "export s", "read_csv s", "ratio", "peak RSS MB", "setup", "extract",
                    "normalize", "load", "CPU s", "limit CPU", "heap MB"));
            for (String db : List.of("postgres", "mariadb")) {
                JsonNode best = null;
                Limit limit = null;
                for (int i = 0; i < repeat; i++) {
                    err.println("bench sql: " + db + " limit, run " + (i + 1));
                    err.flush();
                    Path limitDir = workDir.resolve(db + "-limit-" + i);
                    Limit l = limit(db, rows, limitDir);
                    // each run's files go before the next run, as the scenarios' do: left in place, 0.6 GB a run, the
                    // later runs of an invocation measured 0.5-0.7 s slower on this VM (docs/performance.md)
                    BenchRunner.deleteTree(limitDir);
                    if (limit == null || l.seconds() < limit.seconds()) {
                        limit = l;
                    }
                    err.println("bench sql: " + db + " into DuckDB with dlt4j, run " + (i + 1));
                    err.flush();
                    String jfrName = "sql-" + db + "-" + (i + 1) + ".jfr";
                    Optional<Path> jfr = jfrDir.map(d -> d.resolve(jfrName));
                    Path runDir = workDir.resolve(db + "-run-" + i);
                    JsonNode r = fork(db, rows, runDir, jvmArgs, jfr);
                    BenchRunner.deleteTree(runDir);
                    if (r.get("rows").asLong() != rows) {
                        throw new IllegalStateException(db + ": dlt4j loaded " + r.get("rows").asLong() + " rows, expected "
                                + rows);
                    }
                    if (best == null || r.get("seconds").asDouble() < best.get("seconds").asDouble()) {
                        best = r;
                    }
                }
                double s = best.get("seconds").asDouble();
                lines.add(String.format(Locale.ROOT,
                        "%-11s %,10d %10.2f %,11.0f %12.2f %12.2f %7.2fx %13.0f %7.2f %9.2f %9.2f %9.2f %8.2f %10s %10.0f",
                        db, rows, s, rows / s, limit.export(), limit.readCsv(), s / limit.seconds(),
                        best.get("peak_rss_bytes").asLong() / 1048576.0, best.path("setup_s").asDouble(-1),
                        best.path("extract_s").asDouble(-1),
                        best.path("normalize_s").asDouble(-1), best.path("load_s").asDouble(-1),
                        best.path("cpu_s").asDouble(-1), limit.cpuText(), best.path("peak_heap_bytes").asLong(-1) / 1048576.0));
            }
            out.printf(Locale.ROOT, "bench sql: JVM options of the dlt4j runs: %s; load average %.2f at the start, %.2f at"
                    + " the end%n", jvm.isEmpty() ? "(none)" : String.join(" ", jvm), loadStart,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            lines.forEach(out::println);
            out.println("limit = the database's bulk export of the same rows to a file (PostgreSQL COPY TO STDOUT,"
                    + " MariaDB SELECT INTO OUTFILE) + DuckDB read_csv of it; ratio = dlt4j / limit; best of " + repeat
                    + " run(s) each, dlt4j in a fresh JVM with the launcher's JVM options and default settings.");
            out.println("setup = seconds from the run's start until the source is ready (the pipeline built, the"
                    + " database connected and the table reflected); extract, normalize, load = seconds of the run's trace steps; CPU s = the dlt4j JVM's CPU seconds"
                    + " (every thread, DuckDB's included; not the database server's); limit CPU = the PostgreSQL"
                    + " backend's CPU seconds for COPY (not measurable for MariaDB: -) + this JVM's for read_csv.");
            out.flush();
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("bench sql: " + e.getMessage(), e);
        }
    }

    /** One limit run: seconds of the export and of read_csv, and their CPU seconds (-1 when unknown). */
    record Limit(double export, double readCsv, double exportCpu, double readCsvCpu) {
        double seconds() {
            return export + readCsv;
        }

        String cpuText() {
            if (readCsvCpu < 0) {
                return "-";
            }
            return exportCpu < 0 ? String.format(Locale.ROOT, "- + %.2f", readCsvCpu)
                    : String.format(Locale.ROOT, "%.2f", exportCpu + readCsvCpu);
        }
    }

    static void preparePostgres(long rows) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            if (count(st, "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + SCHEMA
                    + "' AND table_name = '" + table(rows) + "'") == 1) {
                return;
            }
            st.execute("CREATE TABLE " + SCHEMA + "." + table(rows) + " (" + COLUMNS + ")");
            st.execute("INSERT INTO " + SCHEMA + "." + table(rows) + " SELECT g, g % 1000, g % 7, g * 0.01, g / 3.0,"
                    + " g % 2 = 0, 'user name ' || g, repeat('note ', 1 + g % 5), timestamp '2024-01-01'"
                    + " + g * interval '1 second', date '2024-01-01' + (g % 365)::int FROM generate_series(1, " + rows
                    + ") g");
        }
    }

    static void prepareMariaDb(long rows) throws SQLException {
        try (Connection c = DriverManager.getConnection(MARIA_URL); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + SCHEMA);
            if (count(st, "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + SCHEMA
                    + "' AND table_name = '" + table(rows) + "'") == 1) {
                return;
            }
            st.execute("CREATE TABLE " + SCHEMA + "." + table(rows) + " (" + COLUMNS + ")");
            st.execute("INSERT INTO " + SCHEMA + "." + table(rows) + " SELECT seq, seq % 1000, seq % 7, seq * 0.01,"
                    + " seq / 3.0, seq % 2 = 0, concat('user name ', seq), repeat('note ', 1 + seq % 5),"
                    + " timestamp '2024-01-01 00:00:00' + interval seq second, date '2024-01-01' + interval (seq % 365)"
                    + " day FROM seq_1_to_" + rows);
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Seconds (and CPU seconds) of the database's export into a CSV file and of DuckDB's read_csv of it. */
    static Limit limit(String db, long rows, Path dir) throws SQLException, IOException {
        Files.createDirectories(dir);
        Path csv = dir.resolve("export.csv").toAbsolutePath();
        Path outDir = null;
        if (!db.equals("postgres")) {
            // the MariaDB server process (another OS user) writes the outfile: a folder it can enter
            outDir = Files.createTempDirectory("dlt4j-bench-sql-outfile-");
            Files.setPosixFilePermissions(outDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            csv = outDir.resolve("export.csv");
        }
        long t0 = System.nanoTime();
        double exportCpu = -1;
        if (db.equals("postgres")) {
            // buffered: pgjdbc hands each row's CopyData message to the stream, and an unbuffered file stream made
            // one write(2) per row, which took 2.0-2.5 s of 1M rows against psql's 0.75 s (the JVM's, not the export's)
            try (Connection c = DriverManager.getConnection(PG_URL);
                    OutputStream os = new BufferedOutputStream(Files.newOutputStream(csv), 1 << 16)) {
                long backend;
                try (Statement st = c.createStatement()) {
                    backend = count(st, "SELECT pg_backend_pid()");
                }
                t0 = System.nanoTime();
                long cpu0 = cpuTicks(backend);
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT * FROM " + SCHEMA + "." + table(rows)
                        + ") TO STDOUT WITH (FORMAT csv, HEADER)", os);
                long cpu1 = cpuTicks(backend);
                exportCpu = cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / (double) CLOCK_TICKS;
            }
        } else {
            try (Connection c = DriverManager.getConnection(MARIA_URL); Statement st = c.createStatement()) {
                st.execute("SELECT * FROM " + SCHEMA + "." + table(rows) + " INTO OUTFILE '" + csv
                        + "' FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\\n'");
            }
        }
        double export = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        long readCpu0 = ScenarioRun.processCpuNanos();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("limit.duckdb").toAbsolutePath());
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t AS SELECT * FROM read_csv('" + csv + "'"
                    + (db.equals("postgres") ? "" : ", header = false") + ")");
            if (count(st, "SELECT count(*) FROM t") != rows) {
                throw new IllegalStateException("the limit's read_csv of " + csv + " did not read " + rows + " rows");
            }
        }
        double read = (System.nanoTime() - t1) / 1e9;
        long readCpu1 = ScenarioRun.processCpuNanos();
        Files.deleteIfExists(csv);
        if (outDir != null) {
            Files.deleteIfExists(outDir);
        }
        return new Limit(export, read, exportCpu, readCpu0 < 0 || readCpu1 < 0 ? -1 : (readCpu1 - readCpu0) / 1e9);
    }

    /** Linux's USER_HZ, the unit of /proc/PID/stat's CPU times (100 on every Linux this runs on). */
    private static final long CLOCK_TICKS = 100;

    /** User + system CPU ticks of process {@code pid} (a PostgreSQL backend), or -1 where /proc cannot tell. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15 of stat
        } catch (IOException | RuntimeException e) {
            return -1; // another host or no /proc: the limit's CPU stays unknown
        }
    }

    private static JsonNode fork(String db, long rows, Path dir, List<String> jvmArgs, Optional<Path> jfr)
            throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(BenchRunner.inheritedJvmArgs()); // the launcher's heap and GC, as the CLI runs
        cmd.addAll(jvmArgs); // after the inherited ones: the last of an option wins
        if (jfr.isPresent()) {
            Files.createDirectories(jfr.get().toAbsolutePath().getParent());
            cmd.add("-XX:StartFlightRecording=filename=" + jfr.get().toAbsolutePath() + ",settings=profile");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SqlBenchMain.class.getName());
        cmd.add(db);
        cmd.add(String.valueOf(rows));
        cmd.add(dir.toString());
        Path stdout = dir.resolve("fork.out");
        Path stderr = dir.resolve("fork.err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            int code = p.waitFor();
            for (String line : Files.readAllLines(stdout)) {
                if (code == 0 && line.startsWith(ScenarioMain.RESULT_PREFIX)) {
                    return MAPPER.readTree(line.substring(ScenarioMain.RESULT_PREFIX.length()));
                }
            }
            throw new IllegalStateException("bench sql run " + db + " failed (exit code " + code + "): "
                    + Files.readString(stderr));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
