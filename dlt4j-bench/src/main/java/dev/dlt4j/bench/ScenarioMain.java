package dev.dlt4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * The forked JVM of one benchmark run. {@code run <variant-id> <rows> <dir>} runs a pipeline
 * variant; {@code ceiling <flat|nested> <rows> <data-dir> <db-dir>} measures the ceiling. Either
 * prints one line {@value #RESULT_PREFIX}{@code <json>} on stdout and exits 0, or fails with a
 * message on stderr and exit code 1.
 */
public final class ScenarioMain {
    static final String RESULT_PREFIX = "DLT4J-BENCH-RESULT ";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScenarioMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            ObjectNode result = MAPPER.createObjectNode();
            if (args.length == 4 && args[0].equals("run")) {
                Variant v = Scenario.variant(args[1], Long.parseLong(args[2]));
                ScenarioRun.Result r = ScenarioRun.run(v, Path.of(args[3]));
                Map<String, Long> expected = v.expectedTables();
                for (Map.Entry<String, Long> e : expected.entrySet()) {
                    long got = r.tables().getOrDefault(e.getKey(), -1L);
                    if (got != e.getValue()) {
                        throw new IllegalStateException("variant " + v.id() + " loaded " + got + " rows into table "
                                + e.getKey() + ", expected " + e.getValue() + "; tables: " + r.tables());
                    }
                }
                result.put("extract_s", r.extractSeconds());
                result.put("normalize_s", r.normalizeSeconds());
                result.put("load_s", r.loadSeconds());
                result.put("total_s", r.totalSeconds());
                result.put("cpu_s", r.cpuSeconds());
                result.put("peak_heap_bytes", r.peakHeapBytes());
                result.put("peak_rss_bytes", r.peakRssBytes());
                ObjectNode tables = result.putObject("tables");
                r.tables().forEach(tables::put);
            } else if (args.length == 5 && args[0].equals("ceiling")) {
                Variant.Dataset dataset = Variant.Dataset.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
                Path data = Path.of(args[3]);
                Ceiling.prepare(dataset, Long.parseLong(args[2]), data);
                ObjectNode readers = result.putObject("readers");
                Map<String, Double> cpu = new java.util.LinkedHashMap<>();
                Ceiling.measure(dataset, data, Path.of(args[4]), cpu).forEach(readers::put);
                ObjectNode readersCpu = result.putObject("readers_cpu");
                cpu.forEach(readersCpu::put);
            } else if (args.length == 5 && args[0].equals("files")) {
                FilesBench.measure(args[1], Long.parseLong(args[2]), Path.of(args[3]), Path.of(args[4]), result);
            } else {
                throw new IllegalArgumentException("usage: ScenarioMain run <variant-id> <rows> <dir>"
                        + " | ceiling <flat|nested> <rows> <data-dir> <db-dir>");
            }
            System.out.println(RESULT_PREFIX + MAPPER.writeValueAsString(result));
            System.out.flush();
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
