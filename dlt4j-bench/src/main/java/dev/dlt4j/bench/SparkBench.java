package dev.dlt4j.bench;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.spark.SparkPipelines;
import dev.dlt4j.spi.SourceFactory;
import dev.dlt4j.spi.SourcePartition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.spark.sql.SparkSession;

/**
 * {@code dlt4j bench spark}: the {@code rows}-row, 10-column PostgreSQL table of {@code bench sql}
 * copied into a fresh DuckDB file by the SQL source in one JVM, and split into 8 key ranges on
 * Spark local mode with 1 and with 2 executor cores (extract + normalize on the executors, the load
 * on the driver). Best of {@code repeat} runs each; the ratio is against the single JVM. Runs in
 * this JVM (the launcher gives it Spark's class path and the {@code --add-opens} flags Spark needs).
 * {@code load s} is the load stage alone (on the driver in every variant).
 */
final class SparkBench {
    private SparkBench() {
    }

    static int run(long rows, int repeat, Path workDir, PrintWriter out, PrintWriter err) throws Exception {
        err.println("bench spark: preparing the " + rows + "-row table " + SqlBench.SCHEMA + "." + SqlBench.table(rows)
                + " in PostgreSQL");
        err.flush();
        SqlBench.preparePostgres(rows);
        Map<String, Object> settings = Map.of("credentials", SqlBench.PG_URI, "schema", SqlBench.SCHEMA,
                "table_names", List.of(SqlBench.table(rows)));
        out.println(String.format(Locale.ROOT, "%-22s %10s %10s %11s %8s %8s", "variant", "rows", "seconds", "rows/s",
                "ratio", "load s"));
        double single = Double.MAX_VALUE;
        double singleLoad = 0;
        for (int i = 0; i < repeat; i++) {
            err.println("bench spark: single JVM, run " + (i + 1));
            err.flush();
            Pipeline p = pipeline(workDir.resolve("single-" + i));
            long t0 = System.nanoTime();
            LoadInfo info = p.run(factory().create("bench", settings, p.config()));
            double s = check(info, rows, t0);
            if (s < single) {
                single = s;
                singleLoad = info.loadTime().toMillis() / 1000.0;
            }
        }
        line(out, "single JVM", rows, single, single, singleLoad);
        for (int cores : new int[] {1, 2}) {
            SparkSession spark = SparkSession.builder().appName("dlt4j-bench-spark").master("local[" + cores + "]")
                    .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
            try {
                double best = Double.MAX_VALUE;
                double bestLoad = 0;
                for (int i = 0; i < repeat; i++) {
                    err.println("bench spark: local[" + cores + "], 8 partitions, run " + (i + 1));
                    err.flush();
                    Pipeline p = pipeline(workDir.resolve("spark" + cores + "-" + i));
                    long t0 = System.nanoTime();
                    List<SourcePartition> parts = SparkPipelines.split(p, "sql_database", "bench", settings, 8);
                    LoadInfo info = SparkPipelines.run(spark, p, parts);
                    double s = check(info, rows, t0);
                    if (s < best) {
                        best = s;
                        bestLoad = info.loadTime().toMillis() / 1000.0;
                    }
                }
                line(out, "spark local[" + cores + "] x8", rows, best, single, bestLoad);
            } finally {
                spark.stop();
            }
        }
        out.flush();
        return 0;
    }

    private static Pipeline pipeline(Path dir) {
        return Pipeline.builder("bench_spark").destination("duckdb:" + dir.resolve("bench.duckdb"))
                .dataset("bench_data").pipelinesDir(dir.resolve("pipelines")).progress("none").build();
    }

    private static SourceFactory factory() {
        return ServiceLoader.load(SourceFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals("sql_database")).findFirst().orElseThrow();
    }

    private static double check(LoadInfo info, long rows, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        long loaded = info.rowCounts().values().stream().mapToLong(Long::longValue).sum();
        if (loaded != rows) {
            throw new IllegalStateException("loaded " + loaded + " rows, expected " + rows);
        }
        return s;
    }

    private static void line(PrintWriter out, String variant, long rows, double seconds, double single,
            double load) {
        out.println(String.format(Locale.ROOT, "%-22s %10d %10.2f %11.0f %8.2f %8.2f", variant, rows, seconds,
                rows / seconds, seconds / single, load));
        out.flush();
    }
}
