package dev.dlt4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.bench.Variant.Dataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** Forks the runs of {@link Bench#run}, aggregates them and prints the report. */
final class BenchRunner {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** total: the wall time of the whole run (normalize and load overlap when a run has several packages); cpu: the process's CPU seconds. */
    private static final String[] STAGES = {"extract", "normalize", "load", "total", "cpu"};

    private final Bench.Options options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, CeilingResult> ceilings = new LinkedHashMap<>();
    private final List<String> summary = new ArrayList<>();
    private final Map<String, Double> totals = new LinkedHashMap<>();
    private Path root;
    private int forks;

    BenchRunner(Bench.Options options, PrintWriter out, PrintWriter err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** Seconds of K runs. */
    record Stats(List<Double> values) {
        double median() {
            List<Double> s = new ArrayList<>(values);
            Collections.sort(s);
            int n = s.size();
            return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        }

        double min() {
            return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }

        double max() {
            return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    /** The fastest reader's runs for one dataset and size, plus every reader's. */
    record CeilingResult(Dataset dataset, long rows, Map<String, Stats> readers, Map<String, Stats> readersCpu) {
        /** CPU seconds of the fastest reader (DuckDB's threads), or empty stats when not measured. */
        Stats bestCpu() {
            return readersCpu.getOrDefault(bestReader(), new Stats(List.of(0.0)));
        }

        String bestReader() {
            return readers.entrySet().stream().min(Comparator.comparingDouble(e -> e.getValue().median()))
                    .orElseThrow().getKey();
        }

        Stats best() {
            return readers.get(bestReader());
        }
    }

    int run() {
        // a name with a slash (formats/flat/csv) runs that one variant of its scenario
        List<String> only = options.scenarios().stream().filter(n -> n.contains("/")).toList();
        List<Scenario> scenarios = options.scenarios().isEmpty()
                ? java.util.Arrays.stream(Scenario.values()).filter(Scenario::inDefaultSet).toList()
                : options.scenarios().stream().map(n -> n.contains("/") ? n.substring(0, n.indexOf('/')) : n)
                        .map(Scenario::named).distinct().toList();
        try {
            root = options.workDir().isPresent() ? Files.createDirectories(options.workDir().get())
                    : Files.createTempDirectory("dlt4j-bench");
            if (options.jfrDir().isPresent()) {
                Files.createDirectories(options.jfrDir().get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the benchmark's working folder: " + e.getMessage(), e);
        }
        try {
            if (!options.json()) {
                header();
            }
            for (Scenario s : scenarios) {
                long rows = options.rows().orElse(s.defaultRows());
                if (s == Scenario.FILES) {
                    FilesBench.run(rows, options.repeat(), root, this::fork, options.json(), out, err, summary);
                    continue;
                }
                if (s == Scenario.CEILING) {
                    reportCeiling(ceiling(Dataset.FLAT, rows));
                    reportCeiling(ceiling(Dataset.NESTED, Math.max(1, rows / 5)));
                    continue;
                }
                for (Variant v : s.variants(rows)) {
                    if (only.stream().anyMatch(n -> n.startsWith(s.cliName() + "/")) && !only.contains(v.id())) {
                        continue;
                    }
                    if (!ScenarioRun.supported(v)) {
                        skipped(v);
                        continue;
                    }
                    List<JsonNode> runs = new ArrayList<>();
                    for (int k = 0; k < options.repeat(); k++) {
                        progress(v.id() + " run " + (k + 1) + "/" + options.repeat());
                        Path dir = root.resolve("run-" + (++forks));
                        runs.add(fork(v.id(), List.of("run", v.id(), Long.toString(v.rows()), dir.toString())));
                        deleteTree(dir);
                    }
                    report(v, runs, ceiling(v.dataset(), v.rows()));
                }
            }
            if (!options.json() && !summary.isEmpty()) {
                printSummary();
            }
            out.flush();
            return 0;
        } finally {
            if (options.workDir().isEmpty()) {
                deleteTree(root);
            }
        }
    }

    private CeilingResult ceiling(Dataset dataset, long rows) {
        String key = dataset + "-" + rows;
        CeilingResult known = ceilings.get(key);
        if (known != null) {
            return known;
        }
        Path data = root.resolve("ceiling-" + key.toLowerCase(Locale.ROOT));
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        Map<String, List<Double>> cpuSeconds = new LinkedHashMap<>();
        for (int k = 0; k < options.repeat(); k++) {
            progress("ceiling " + dataset.name().toLowerCase(Locale.ROOT) + " " + rows + " rows, run " + (k + 1) + "/"
                    + options.repeat());
            Path dbs = root.resolve("ceiling-db-" + (++forks));
            JsonNode r = fork("ceiling-" + key.toLowerCase(Locale.ROOT), List.of("ceiling",
                    dataset.name().toLowerCase(Locale.ROOT), Long.toString(rows), data.toString(), dbs.toString()));
            r.path("readers").fields().forEachRemaining(e ->
                    seconds.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(e.getValue().asDouble()));
            r.path("readers_cpu").fields().forEachRemaining(e ->
                    cpuSeconds.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(e.getValue().asDouble()));
            deleteTree(dbs);
        }
        Map<String, Stats> readers = new LinkedHashMap<>();
        seconds.forEach((reader, values) -> readers.put(reader, new Stats(values)));
        Map<String, Stats> readersCpu = new LinkedHashMap<>();
        cpuSeconds.forEach((reader, values) -> readersCpu.put(reader, new Stats(values)));
        CeilingResult result = new CeilingResult(dataset, rows, readers, readersCpu);
        ceilings.put(key, result);
        return result;
    }

    /** Runs {@link ScenarioMain} in a fresh JVM and returns the JSON line it printed. */
    private JsonNode fork(String tag, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(inheritedJvmArgs());
        cmd.addAll(options.jvmArgs()); // after the inherited ones: the last of an option wins
        if (options.jfrDir().isPresent()) {
            Path jfr = options.jfrDir().get().resolve(tag.replaceAll("[^A-Za-z0-9_.=+-]", "_") + "-" + forks + ".jfr");
            cmd.add("-XX:StartFlightRecording=filename=" + jfr.toAbsolutePath() + ",settings=profile");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ScenarioMain.class.getName());
        cmd.addAll(args);
        Path stdout = root.resolve("fork-" + forks + ".out");
        Path stderr = root.resolve("fork-" + forks + ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                    .start();
            int code = p.waitFor();
            List<String> lines = Files.readAllLines(stdout);
            String errText = Files.readString(stderr);
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            for (String line : lines) {
                if (code == 0 && line.startsWith(ScenarioMain.RESULT_PREFIX)) {
                    return MAPPER.readTree(line.substring(ScenarioMain.RESULT_PREFIX.length()));
                }
            }
            throw new IllegalStateException("benchmark run " + tag + " failed in its JVM (exit code " + code + "): "
                    + tail(errText));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fork the JVM of benchmark run " + tag + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for benchmark run " + tag, e);
        }
    }

    /**
     * The heap and {@code -XX} options this JVM was started with (the launcher's defaults or
     * {@code DLT4J_JAVA_OPTS}): each run uses them, as the CLI would. Flight recording is not passed on.
     */
    static List<String> inheritedJvmArgs() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xm") || a.startsWith("-Xss") || a.startsWith("-XX:"))
                .filter(a -> !a.contains("FlightRecord")).toList();
    }

    private static String tail(String text) {
        String[] lines = text.strip().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 15), lines.length));
    }

    private void report(Variant v, List<JsonNode> runs, CeilingResult ceiling) {
        Map<String, Stats> stages = new LinkedHashMap<>();
        for (String stage : STAGES) {
            List<Double> values = new ArrayList<>();
            for (JsonNode r : runs) {
                values.add(stage.equals("total") && !r.has("total_s")
                        ? r.path("extract_s").asDouble() + r.path("normalize_s").asDouble() + r.path("load_s").asDouble()
                        : r.path(stage + "_s").asDouble());
            }
            stages.put(stage, new Stats(values));
        }
        long heap = runs.stream().mapToLong(r -> r.path("peak_heap_bytes").asLong()).max().orElse(-1);
        long rss = runs.stream().mapToLong(r -> r.path("peak_rss_bytes").asLong()).max().orElse(-1);
        double total = stages.get("total").median();
        double floor = ceiling.best().median();
        double ratio = floor > 0 ? total / floor : 0;
        double floorCpu = ceiling.bestCpu().median();
        double cpuRatio = floorCpu > 0 ? stages.get("cpu").median() / floorCpu : 0;
        totals.put(v.id(), total);
        // the parallel scenario's point: how much faster than fifo at the same latency
        String fifo = v.scenario() == Scenario.PARALLEL && v.mode() != Variant.Mode.FIFO
                ? "parallel/fifo" + (v.latencyMs() > 0 ? "+" + v.latencyMs() + "ms" : "") : null;
        double speedup = fifo != null && totals.containsKey(fifo) && total > 0 ? totals.get(fifo) / total : 0;
        if (options.json()) {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("scenario", v.scenario().cliName());
            o.put("variant", v.id());
            o.put("rows", v.rows());
            o.put("runs", runs.size());
            ObjectNode st = o.putObject("stages");
            stages.forEach((name, s) -> st.set(name, stats(s, v.rows())));
            o.put("peak_heap_mb", mb(heap));
            o.put("peak_rss_mb", mb(rss));
            o.set("tables", runs.get(runs.size() - 1).path("tables"));
            ObjectNode c = o.putObject("ceiling");
            c.put("dataset", ceiling.dataset().name().toLowerCase(Locale.ROOT));
            c.put("rows", ceiling.rows());
            c.put("reader", ceiling.bestReader());
            c.put("median_s", floor);
            o.put("ratio_to_ceiling", ratio);
            c.put("cpu_median_s", floorCpu);
            o.put("cpu_ratio_to_ceiling", cpuRatio);
            if (speedup > 0) {
                o.put("speedup_vs_fifo", speedup);
            }
            out.println(o);
        } else {
            out.printf(Locale.ROOT, "%n%s — %,d rows, %d run(s)%n", v.id(), v.rows(), runs.size());
            out.printf(Locale.ROOT, "  %-10s %-24s %s%n", "stage", "seconds median (min–max)", "rows/s");
            stages.forEach((name, s) -> out.printf(Locale.ROOT, "  %-10s %-24s %s%n", name, range(s),
                    rate(v.rows(), s.median())));
            out.printf(Locale.ROOT, "  %-10s %-24s %s  (%s)%n", "ceiling", range(ceiling.best()),
                    rate(ceiling.rows(), floor), ceiling.bestReader());
            out.printf(Locale.ROOT, "  peak heap %s MB, peak RSS %s MB (max of runs); dlt4j total = %.1f x ceiling%n",
                    mbText(heap), mbText(rss), ratio);
            out.printf(Locale.ROOT, "  CPU: dlt4j %.2f s, ceiling %.2f s; dlt4j CPU = %.1f x ceiling CPU (steadier than"
                    + " wall time on a busy machine)%n", stages.get("cpu").median(), floorCpu, cpuRatio);
            if (speedup > 0) {
                out.printf(Locale.ROOT, "  %.2f x faster than %s%n", speedup, fifo);
            }
            out.flush();
        }
        summary.add(String.format(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %.1f× | %.1f× |",
                v.id(), v.rows(), stages.get("extract").median(), stages.get("normalize").median(),
                stages.get("load").median(), total, stages.get("cpu").median(), rate(v.rows(), total), mbText(heap),
                mbText(rss), ratio, cpuRatio));
    }

    private void reportCeiling(CeilingResult c) {
        String id = "ceiling/" + c.dataset().name().toLowerCase(Locale.ROOT);
        if (options.json()) {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("scenario", "ceiling");
            o.put("variant", id);
            o.put("rows", c.rows());
            o.put("runs", options.repeat());
            ObjectNode readers = o.putObject("readers");
            c.readers().forEach((name, s) -> readers.set(name, stats(s, c.rows())));
            o.put("reader", c.bestReader());
            o.put("median_s", c.best().median());
            out.println(o);
        } else {
            out.printf(Locale.ROOT, "%n%s — DuckDB ingesting %,d %s rows from a finished file, %d run(s)%n", id,
                    c.rows(), c.dataset(), options.repeat());
            out.printf(Locale.ROOT, "  %-13s %-24s %s%n", "reader", "seconds median (min–max)", "rows/s");
            c.readers().forEach((name, s) -> out.printf(Locale.ROOT, "  %-13s %-24s %s%n", name, range(s),
                    rate(c.rows(), s.median())));
            out.flush();
        }
        summary.add(String.format(Locale.ROOT, "| %s (%s) | %,d | | | | %.2f | %.2f | %s | | | 1.0× | 1.0× |", id,
                c.bestReader(), c.rows(), c.best().median(), c.bestCpu().median(), rate(c.rows(), c.best().median())));
    }

    private void skipped(Variant v) {
        String why = "needs Resource.parallelized(), not in this build yet";
        if (options.json()) {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("scenario", v.scenario().cliName());
            o.put("variant", v.id());
            o.put("skipped", why);
            out.println(o);
        } else {
            out.printf(Locale.ROOT, "%n%s — skipped: %s%n", v.id(), why);
        }
    }

    private void header() {
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        out.printf(Locale.ROOT, "dlt4j bench: %d run(s) per scenario, each in a fresh JVM; DuckDB with default"
                + " settings; median (min–max)%n", options.repeat());
        out.printf(Locale.ROOT, "machine: %d cores, %.1f GiB memory, %s %s, Java %s%n",
                Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        List<String> jvm = new ArrayList<>(inheritedJvmArgs());
        jvm.addAll(options.jvmArgs());
        out.printf(Locale.ROOT, "JVM options of the runs: %s; load average at start: %.2f%n",
                jvm.isEmpty() ? "(none)" : String.join(" ", jvm),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.flush();
    }

    /** The summary table's header: every scenario's row has these cells, in this order. */
    static final String SUMMARY_HEADER = "| scenario | rows | extract | normalize | load | total | CPU s | rows/s | heap MB"
            + " | RSS MB | × ceiling | CPU × ceiling CPU |";

    private void printSummary() {
        out.printf("%nSummary (medians; seconds):%n");
        out.println(SUMMARY_HEADER);
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        summary.forEach(out::println);
    }

    private void progress(String what) {
        err.println("dlt4j bench: " + what);
        err.flush();
    }

    private static ObjectNode stats(Stats s, long rows) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("median_s", s.median());
        o.put("min_s", s.min());
        o.put("max_s", s.max());
        o.put("rows_per_s", s.median() > 0 ? rows / s.median() : 0);
        return o;
    }

    private static String range(Stats s) {
        return String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", s.median(), s.min(), s.max());
    }

    static String rate(long rows, double seconds) {
        if (seconds <= 0) {
            return "-";
        }
        double r = rows / seconds;
        return r >= 1e6 ? String.format(Locale.ROOT, "%.2fM", r / 1e6)
                : r >= 1e3 ? String.format(Locale.ROOT, "%.0fk", r / 1e3) : String.format(Locale.ROOT, "%.0f", r);
    }

    private static long mb(long bytes) {
        return bytes < 0 ? -1 : Math.round(bytes / (1024.0 * 1024));
    }

    private static String mbText(long bytes) {
        return bytes < 0 ? "n/a" : Long.toString(mb(bytes));
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete benchmark files under " + dir + ": " + e.getMessage(), e);
        }
    }
}
