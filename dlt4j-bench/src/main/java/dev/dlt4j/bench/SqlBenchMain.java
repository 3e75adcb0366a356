package dev.dlt4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.source.sql.SqlSource;
import java.nio.file.Path;
import java.util.Map;

/**
 * The forked JVM of one {@code bench sql} run: {@code <postgres|mariadb> <rows> <dir>} copies the
 * bench table into a fresh DuckDB file under {@code dir} with default settings and prints
 * {@value ScenarioMain#RESULT_PREFIX}{@code {"seconds":..,"rows":..,"peak_rss_bytes":..}}.
 */
public final class SqlBenchMain {
    private SqlBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            String db = args[0];
            long rows = Long.parseLong(args[1]);
            Path dir = Path.of(args[2]);
            long t0 = System.nanoTime();
            Pipeline pipeline = Pipeline.builder("bench_sql").destination("duckdb:" + dir.resolve("bench.duckdb"))
                    .dataset("bench_data").pipelinesDir(dir.resolve("pipelines")).projectDir(dir).localDir(dir)
                    .environment(Map.of()).build();
            SqlSource source = SqlSource.of(db.equals("postgres") ? SqlBench.PG_URI : SqlBench.MARIA_URI)
                    .schema(SqlBench.SCHEMA).tables(SqlBench.table(rows));
            LoadInfo info = pipeline.run(source.toSource());
            double seconds = (System.nanoTime() - t0) / 1e9;
            ObjectNode result = new ObjectMapper().createObjectNode();
            result.put("seconds", seconds);
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
