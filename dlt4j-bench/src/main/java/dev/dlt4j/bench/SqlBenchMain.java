package dev.dlt4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineTrace;
import dev.dlt4j.source.sql.SqlSource;
import java.nio.file.Path;
import java.util.Map;

/**
 * The forked JVM of one {@code bench sql} run: {@code <postgres|mariadb> <rows> <dir>} copies the
 * bench table into a fresh DuckDB file under {@code dir} with default settings and prints
 * {@value ScenarioMain#RESULT_PREFIX}{@code {"seconds":..,"setup_s":..,"extract_s":..,"normalize_s":..,"load_s":..,
 * "cpu_s":..,"rows":..,"peak_rss_bytes":..,"peak_heap_bytes":..}}.
 */
public final class SqlBenchMain {
    private SqlBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            String db = args[0];
            long rows = Long.parseLong(args[1]);
            Path dir = Path.of(args[2]);
            long cpu0 = ScenarioRun.processCpuNanos();
            long t0 = System.nanoTime();
            Pipeline pipeline = Pipeline.builder("bench_sql").destination("duckdb:" + dir.resolve("bench.duckdb"))
                    .dataset("bench_data").pipelinesDir(dir.resolve("pipelines")).projectDir(dir).localDir(dir)
                    .environment(Map.of()).build();
            SqlSource source = SqlSource.of(db.equals("postgres") ? SqlBench.PG_URI : SqlBench.MARIA_URI)
                    .schema(SqlBench.SCHEMA).tables(SqlBench.table(rows));
            dev.dlt4j.Source reflected = source.toSource(); // connects and reflects the table
            double setup = (System.nanoTime() - t0) / 1e9;
            LoadInfo info = pipeline.run(reflected);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpu1 = ScenarioRun.processCpuNanos();
            PipelineTrace trace = pipeline.lastTrace().orElseThrow();
            ObjectNode result = new ObjectMapper().createObjectNode();
            result.put("seconds", seconds);
            result.put("setup_s", setup);
            for (String step : new String[] {"extract", "normalize", "load"}) {
                result.put(step + "_s", trace.steps().stream().filter(s -> s.step().equals(step))
                        .mapToDouble(s -> s.elapsed().toNanos() / 1e9).sum());
            }
            result.put("cpu_s", cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / 1e9);
            result.put("rows", info.rows(SqlBench.table(rows)));
            result.put("peak_rss_bytes", Memory.peakRssBytes());
            result.put("peak_heap_bytes", Memory.peakHeapBytes());
            System.out.println(ScenarioMain.RESULT_PREFIX + result);
            System.out.flush();
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
