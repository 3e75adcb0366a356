package dev.dlt4j.bench;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.NextItemMode;
import dev.dlt4j.NormalizeConfig;
import dev.dlt4j.examples.DemoData;
import dev.dlt4j.spi.Destination;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.LongFunction;

/**
 * Runs one variant in this JVM: builds a pipeline into a fresh DuckDB file under {@code dir} with
 * default settings (no config files, no environment) except the knobs the variant sets, times
 * extract, normalize and load separately, then counts the loaded rows per table.
 */
final class ScenarioRun {
    static final String DATASET = "bench_data";

    /**
     * What one run measured; byte counts are -1 where the platform cannot tell. The stages are
     * those of the run's trace: with several packages normalize and load overlap, so
     * {@code totalSeconds} (the wall time of {@code pipeline.run}) can be less than their sum.
     * {@code cpuSeconds} is the process's CPU time (user + system, every thread, DuckDB's
     * included) during the run: steadier than wall time on a shared machine.
     */
    record Result(double extractSeconds, double normalizeSeconds, double loadSeconds, double totalSeconds,
            double cpuSeconds, long peakHeapBytes, long peakRssBytes, Map<String, Long> tables) {
    }

    private ScenarioRun() {
    }

    static Result run(Variant v, Path dir) {
        Path db = dir.resolve("bench.duckdb").toAbsolutePath();
        // PostgreSQL keeps its schemas between runs: each run loads into its own and drops it after counting
        String dataset = v.postgres() ? DATASET + "_" + ProcessHandle.current().pid() : DATASET;
        Pipeline.Builder b = Pipeline.builder("bench")
                .destination(Destination.named(v.postgres() ? v.destination() : "duckdb:" + db + duckDbOptions()))
                .dataset(dataset)
                .pipelinesDir(dir.resolve("pipelines"))
                .projectDir(dir)
                .localDir(dir)
                .environment(v.environment());
        if (v.bufferMaxItems() != Variant.DEFAULT_BUFFER_MAX_ITEMS || !v.compression()) {
            b.dataWriter(DataWriterConfig.DEFAULTS.withBufferMaxItems(v.bufferMaxItems())
                    .withDisableCompression(!v.compression()));
        }
        if (v.extractFileMaxItems() > 0) {
            b.extractDataWriter(DataWriterConfig.DEFAULTS.withBufferMaxItems(v.bufferMaxItems())
                    .withDisableCompression(!v.compression()).withFileMaxItems(v.extractFileMaxItems()));
        }
        if (v.plainJobs()) {
            b.normalizeDataWriter(DataWriterConfig.DEFAULTS.withDisableCompression(true));
        }
        if (!v.format().isEmpty()) {
            b.loaderFileFormat(dev.dlt4j.LoaderFileFormat.fromName(v.format()));
        }
        if (v.normalizeWorkers() != NormalizeConfig.DEFAULTS.workers()) {
            b.normalize(new NormalizeConfig(v.normalizeWorkers()));
        }
        if (v.mode() != Variant.Mode.FIFO) {
            b.extract(new ExtractConfig(ExtractConfig.DEFAULTS.workers(), ExtractConfig.DEFAULTS.maxParallelItems(),
                    NextItemMode.ROUND_ROBIN));
        }
        String packageMaxItems = System.getProperty("dlt4j.bench.package_max_items");
        if (packageMaxItems != null) {
            // --jvm-arg -Ddlt4j.bench.package_max_items=N cuts the run into packages that overlap
            ExtractConfig base = v.mode() != Variant.Mode.FIFO ? new ExtractConfig(ExtractConfig.DEFAULTS.workers(),
                    ExtractConfig.DEFAULTS.maxParallelItems(), NextItemMode.ROUND_ROBIN) : ExtractConfig.DEFAULTS;
            b.extract(base.withPackageMaxItems(Long.parseLong(packageMaxItems)));
        }
        String during = System.getProperty("dlt4j.bench.normalize_during_extract");
        if (during != null) {
            // --jvm-arg -Ddlt4j.bench.normalize_during_extract=false normalizes only after extract (the A/B of the lever)
            b.normalize(new NormalizeConfig(v.normalizeWorkers(), java.util.Optional.empty(),
                    Boolean.parseBoolean(during)));
        }
        String atomic = System.getProperty("dlt4j.bench.atomic_packages");
        if (atomic != null) {
            // --jvm-arg -Ddlt4j.bench.atomic_packages=false measures loading job by job
            b.load(dev.dlt4j.LoadConfig.DEFAULTS.withAtomicPackages(Boolean.parseBoolean(atomic)));
        }
        Pipeline pipeline = b.build();
        Resource[] resources = new Resource[v.resources()];
        for (int r = 0; r < resources.length; r++) {
            resources[r] = resource(v, r);
        }
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        pipeline.run(Source.of("bench", resources));
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        dev.dlt4j.PipelineTrace trace = pipeline.lastTrace().orElseThrow();
        long heap = Memory.peakHeapBytes();
        long rss = Memory.peakRssBytes();
        Map<String, Long> counted = v.postgres() ? countPostgres(v.destination(), dataset, v.expectedTables().keySet())
                : countRows(db, v.expectedTables().keySet());
        return new Result(seconds(trace, "extract"), seconds(trace, "normalize"), seconds(trace, "load"),
                (t1 - t0) / 1e9, cpu1 < 0 ? -1 : (cpu1 - cpu0) / 1e9, heap, rss, counted);
    }

    /** Wall seconds of a step of the trace; with several packages a step runs from its first package to its last. */
    private static double seconds(dev.dlt4j.PipelineTrace trace, String step) {
        return trace.steps().stream().filter(s -> s.step().equals(step))
                .mapToDouble(s -> s.elapsed().toNanos() / 1e9).sum();
    }

    /** CPU time of this process (every thread, native code included), or -1 where the platform cannot tell. */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** {@code --jvm-arg -Ddlt4j.bench.duckdb_memory_limit=256MB} measures another DuckDB memory limit. */
    private static String duckDbOptions() {
        String limit = System.getProperty("dlt4j.bench.duckdb_memory_limit");
        return limit == null ? "" : "?memory_limit=" + limit;
    }

    static Resource resource(Variant v, int r) {
        LongFunction<Map<String, Object>> row = v.dataset() == Variant.Dataset.FLAT ? DemoData::flat : DemoData::issue;
        long first = v.firstRow(r);
        long count = v.rowsOf(r);
        int latency = v.latencyMs();
        Resource res;
        if (v.scenario() == Scenario.FLAT_RECORDS) {
            res = Resource.fromIterator(v.resourceName(r), () -> delayed(rows(first, count, FlatRow::of), latency));
        } else if (v.scenario() == Scenario.FLAT_TYPED) {
            res = Resource.fromIterator(v.resourceName(r),
                    () -> delayed(FlatRow.pages(first, count, Variant.PAGE_SIZE), latency));
        } else if (v.pages()) {
            res = Resource.fromIterator(v.resourceName(r),
                    () -> delayed(DemoData.pages(first, count, Variant.PAGE_SIZE, row), latency));
        } else {
            res = Resource.fromIterator(v.resourceName(r), () -> delayed(rows(first, count, row), latency));
        }
        if (v.mode() == Variant.Mode.PARALLELIZED) {
            return res.parallelized();
        }
        return res;
    }

    /** Every variant runs in this build. */
    static boolean supported(Variant v) {
        return true;
    }

    private static <T> Iterator<T> rows(long first, long count, LongFunction<T> row) {
        return new Iterator<>() {
            long next = first;

            @Override
            public boolean hasNext() {
                return next < first + count;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return row.apply(next++);
            }
        };
    }

    /** Simulates an API that takes {@code latencyMs} to return each item. */
    private static <T> Iterator<T> delayed(Iterator<T> items, int latencyMs) {
        if (latencyMs == 0) {
            return items;
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public T next() {
                try {
                    Thread.sleep(latencyMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while simulating latency", e);
                }
                return items.next();
            }
        };
    }

    /** Counts the tables in PostgreSQL, then drops the run's schemas (dataset and staging). */
    static Map<String, Long> countPostgres(String uri, String dataset, Iterable<String> tables) {
        java.net.URI u = java.net.URI.create(uri);
        String user = u.getUserInfo() == null ? "postgres" : u.getUserInfo().split(":", 2)[0];
        String password = u.getUserInfo() != null && u.getUserInfo().contains(":")
                ? u.getUserInfo().split(":", 2)[1] : "";
        String jdbc = "jdbc:postgresql://" + u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort()) + u.getPath();
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(jdbc, user, password); Statement st = c.createStatement()) {
            try {
                for (String t : tables) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM \"" + dataset + "\".\"" + t + "\"")) {
                        rs.next();
                        out.put(t, rs.getLong(1));
                    }
                }
            } finally {
                st.execute("DROP SCHEMA IF EXISTS \"" + dataset + "\" CASCADE");
                st.execute("DROP SCHEMA IF EXISTS \"" + dataset + "_staging\" CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the loaded rows in PostgreSQL " + jdbc + ": " + e.getMessage(),
                    e);
        }
        return out;
    }

    static Map<String, Long> countRows(Path db, Iterable<String> tables) {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
                Statement st = c.createStatement()) {
            List<String> present = new java.util.ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + DATASET + "' AND table_name NOT LIKE '\\_dlt%' ESCAPE '\\' ORDER BY table_name")) {
                while (rs.next()) {
                    present.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                if (!present.contains(t)) {
                    present.add(t); // counted below, so a missing table fails loudly
                }
            }
            for (String t : present) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + DATASET + ".\"" + t + "\"")) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the loaded rows in " + db + ": " + e.getMessage(), e);
        }
        return out;
    }
}
