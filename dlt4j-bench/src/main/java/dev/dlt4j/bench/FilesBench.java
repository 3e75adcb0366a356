package dev.dlt4j.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.Pipeline;
import dev.dlt4j.examples.DemoData;
import dev.dlt4j.source.filesystem.FilesystemSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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
import java.util.Map;
import java.util.function.BiFunction;
import java.util.zip.GZIPOutputStream;

/**
 * {@code dlt4j bench files}: FLAT rows split over {@value #FILES} gzip'd JSON lines files and
 * {@value #FILES} CSV files, loaded into DuckDB by the filesystem source through {@code pipeline.run}
 * (the path of {@code dlt4j ingest}, where normalize runs beside extract; the stage times are the
 * run's trace), against the ceiling measured in a JVM of its own in the same invocation: DuckDB's own
 * {@code read_json} / {@code read_csv} of the same files into a new table. The files are written
 * once per invocation, untimed.
 */
final class FilesBench {
    static final int FILES = 8;
    static final List<String> FORMATS = List.of("jsonl.gz", "csv");
    private static final ObjectMapper MAPPER = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private FilesBench() {
    }

    /** Runs each format {@code repeat} times, each in a fresh JVM, and prints stage times and the ratio. */
    static void run(long rows, int repeat, Path root, BiFunction<String, List<String>, JsonNode> fork, boolean json,
            PrintWriter out, PrintWriter err, List<String> summary) {
        Path data = root.resolve("files-data-" + rows);
        for (String format : FORMATS) {
            List<JsonNode> runs = new ArrayList<>();
            for (int k = 0; k < repeat; k++) {
                err.println("dlt4j bench: files/" + format + " run " + (k + 1) + "/" + repeat);
                err.flush();
                // the ceiling in a JVM of its own, so that DuckDB's memory does not count in dlt4j's RSS
                Path dbs = root.resolve("files-db-" + format + "-" + k);
                JsonNode ceiling = fork.apply("files-ceiling-" + format, List.of("files", format + ":ceiling",
                        Long.toString(rows), data.toString(), dbs.toString()));
                BenchRunner.deleteTree(dbs);
                ObjectNode run = (ObjectNode) fork.apply("files-" + format, List.of("files", format,
                        Long.toString(rows), data.toString(), dbs.toString()));
                run.put("ceiling_s", ceiling.path("ceiling_s").asDouble());
                run.put("ceiling_cpu_s", ceiling.path("ceiling_cpu_s").asDouble(-1));
                runs.add(run);
                BenchRunner.deleteTree(dbs);
            }
            report(format, rows, runs, json, out, summary);
        }
    }

    private static double median(List<JsonNode> runs, String key) {
        List<Double> v = new ArrayList<>();
        runs.forEach(r -> v.add(r.path(key).asDouble()));
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    /** Prints one format's medians (a table or a JSON line) and adds its row to {@code summary}. */
    static void report(String format, long rows, List<JsonNode> runs, boolean json, PrintWriter out,
            List<String> summary) {
        double extract = median(runs, "extract_s");
        double normalize = median(runs, "normalize_s");
        double load = median(runs, "load_s");
        double total = median(runs, "total_s");
        double cpu = median(runs, "cpu_s");
        double ceiling = median(runs, "ceiling_s");
        double ceilingCpu = median(runs, "ceiling_cpu_s");
        double ratio = ceiling > 0 ? total / ceiling : 0;
        double cpuRatio = cpu > 0 && ceilingCpu > 0 ? cpu / ceilingCpu : 0;
        long heap = runs.stream().mapToLong(r -> r.path("peak_heap_bytes").asLong(-1)).max().orElse(-1);
        long rss = runs.stream().mapToLong(r -> r.path("peak_rss_bytes").asLong()).max().orElse(-1);
        String id = "files/" + format;
        String reader = format.startsWith("csv") ? "read_csv" : "read_json";
        if (json) {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("scenario", "files");
            o.put("variant", id);
            o.put("rows", rows);
            o.put("files", FILES);
            o.put("runs", runs.size());
            o.put("extract_s", extract);
            o.put("normalize_s", normalize);
            o.put("load_s", load);
            o.put("total_s", total);
            o.put("cpu_s", cpu);
            o.put("peak_heap_mb", heap < 0 ? -1 : heap >> 20);
            o.put("peak_rss_mb", rss < 0 ? -1 : rss >> 20);
            ObjectNode c = o.putObject("ceiling");
            c.put("reader", reader);
            c.put("median_s", ceiling);
            c.put("cpu_s", ceilingCpu);
            o.put("ratio_to_ceiling", ratio);
            o.put("cpu_ratio_to_ceiling", cpuRatio);
            out.println(o);
        } else {
            out.printf(Locale.ROOT, "%n%s — %,d rows in %d files, %d run(s)%n", id, rows, FILES, runs.size());
            out.printf(Locale.ROOT, "  extract %.3f s, normalize %.3f s, load %.3f s, total %.3f s (%s rows/s)%n",
                    extract, normalize, load, total, BenchRunner.rate(rows, total));
            out.printf(Locale.ROOT, "  ceiling %.3f s (%s rows/s, DuckDB %s of the same files)%n", ceiling,
                    BenchRunner.rate(rows, ceiling), reader);
            out.printf(Locale.ROOT, "  peak heap %s MB, peak RSS %s MB; dlt4j total = %.1f x ceiling%n",
                    mb(heap), mb(rss), ratio);
            out.printf(Locale.ROOT, "  CPU: dlt4j %.2f s, ceiling %.2f s; dlt4j CPU = %.1f x ceiling CPU%n", cpu,
                    ceilingCpu, cpuRatio);
        }
        out.flush();
        // the cells of BenchRunner.SUMMARY_HEADER, in its order
        summary.add(String.format(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %.1f× | %.1f× |",
                id, rows, extract, normalize, load, total, cpu, BenchRunner.rate(rows, total), mb(heap), mb(rss), ratio,
                cpuRatio));
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "n/a" : Long.toString(bytes >> 20);
    }

    /**
     * In a forked JVM: writes the files unless there, then measures either DuckDB's reader of them
     * ({@code <format>:ceiling}) or the filesystem source's pipeline, and checks that every row loaded.
     */
    static void measure(String what, long rows, Path data, Path dbDir, ObjectNode result) throws Exception {
        boolean ceilingOnly = what.endsWith(":ceiling");
        String format = ceilingOnly ? what.substring(0, what.length() - ":ceiling".length()) : what;
        prepare(rows, data);
        Files.createDirectories(dbDir);
        try (Connection warm = DriverManager.getConnection("jdbc:duckdb:")) {
            warm.isValid(1); // the native library loads once per JVM: not part of either ingest
        }
        String glob = data.resolve("*." + format).toString();
        long t0;
        if (ceilingOnly) {
            Path ceilingDb = dbDir.resolve("ceiling.duckdb").toAbsolutePath();
            long cpu0 = ScenarioRun.processCpuNanos();
            t0 = System.nanoTime();
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + ceilingDb);
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t AS SELECT * FROM " + (format.startsWith("csv") ? "read_csv" : "read_json")
                        + "('" + glob + "')");
            }
            result.put("ceiling_s", (System.nanoTime() - t0) / 1e9);
            long cpu1 = ScenarioRun.processCpuNanos();
            result.put("ceiling_cpu_s", cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / 1e9);
            check(ceilingDb, "t", rows);
            return;
        }

        Path db = dbDir.resolve("dlt4j.duckdb").toAbsolutePath();
        Pipeline p = Pipeline.builder("bench_files").destination("duckdb:" + db).dataset("files")
                .pipelinesDir(dbDir.resolve("pipelines")).projectDir(dbDir).localDir(dbDir).environment(Map.of())
                .build();
        long cpu0 = ScenarioRun.processCpuNanos();
        t0 = System.nanoTime();
        p.run(FilesystemSource.of(glob).name("t").source());
        long t1 = System.nanoTime();
        long cpu1 = ScenarioRun.processCpuNanos();
        dev.dlt4j.PipelineTrace trace = p.lastTrace().orElseThrow();
        for (String step : new String[] {"extract", "normalize", "load"}) {
            result.put(step + "_s", trace.steps().stream().filter(s -> s.step().equals(step))
                    .mapToDouble(s -> s.elapsed().toNanos() / 1e9).sum());
        }
        result.put("total_s", (t1 - t0) / 1e9);
        result.put("cpu_s", cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / 1e9);
        result.put("peak_heap_bytes", Memory.peakHeapBytes());
        result.put("peak_rss_bytes", Memory.peakRssBytes());
        check(db, "files.t", rows);
    }

    private static void check(Path db, String table, long rows) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            if (rs.getLong(1) != rows) {
                throw new IllegalStateException(db + " " + table + " holds " + rs.getLong(1) + " rows, expected " + rows);
            }
        }
    }

    /** {@value #FILES} {@code part-N.jsonl.gz} and {@code part-N.csv} files of FLAT rows, written once. */
    static void prepare(long rows, Path dir) throws IOException {
        Path ready = dir.resolve("ready");
        if (Files.exists(ready)) {
            return;
        }
        Files.createDirectories(dir);
        long per = (rows + FILES - 1) / FILES;
        for (int f = 0; f < FILES; f++) {
            long from = Math.min(rows, f * per);
            long to = Math.min(rows, from + per);
            try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(
                    dir.resolve("part-" + f + ".jsonl.gz")), 1 << 16), StandardCharsets.UTF_8);
                    SequenceWriter seq = MAPPER.writer().withRootValueSeparator("\n").writeValues(w)) {
                for (long i = from; i < to; i++) {
                    seq.write(DemoData.flat(i));
                }
            }
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("part-" + f + ".csv"), StandardCharsets.UTF_8)) {
                out.write(String.join(",", DemoData.flat(0).keySet()));
                out.write('\n');
                for (long i = from; i < to; i++) {
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
        Files.writeString(ready, rows + " rows");
    }

}
