package dev.dlt4j.duckdb;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.NormalizeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Normalize throughput with 1 and 2 workers on 1M flat rows extracted into 10 rotated files. Not a
 * test (no thresholds) and not run by default:
 * {@code mvn -o verify -pl dlt4j-core,dlt4j-duckdb -am -Dtest=NormalizeWorkersBench
 * -Dsurefire.failIfNoSpecifiedTests=false -Ddlt4j.bench=true}; prints rows/s per run.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "dlt4j.bench", matches = "true")
class NormalizeWorkersBench {
    private static final int ROWS = Integer.getInteger("dlt4j.bench.rows", 1_000_000);

    @TempDir
    Path tmp;

    @Test
    void normalizeRowsPerSecondWithOneAndTwoWorkers() throws IOException {
        Path source = tmp.resolve("source");
        Pipeline extractor = builder(source, 1).build();
        extractor.extract(Resource.fromIterator("events", () -> pages(ROWS, 1000)));
        Path extracted = extractor.workingDir();
        int[] order = {1, 2, 1, 2, 1, 2};
        Map<Integer, List<Double>> rates = new LinkedHashMap<>();
        for (int i = 0; i < order.length; i++) {
            int workers = order[i];
            Path dir = tmp.resolve("run" + i);
            Pipeline p = builder(dir, workers).build();
            copyTree(extracted, p.workingDir());
            long cpuBefore = processCpuNanos();
            LoadInfo info = p.normalize();
            double cpu = (processCpuNanos() - cpuBefore) / 1e9;
            double seconds = info.normalizeTime().toNanos() / 1e9;
            double rate = ROWS / seconds;
            rates.computeIfAbsent(workers, k -> new ArrayList<>()).add(rate);
            // the CPU seconds show the work done, which a busy machine does not distort as it does wall time
            System.out.printf(Locale.ROOT, "normalize workers=%d rows=%d time=%.2fs rows/s=%.0f process-cpu=%.2fs"
                    + " load-avg=%.1f%n", workers, ROWS, seconds, rate, cpu,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            deleteTree(dir);
        }
        rates.forEach((w, r) -> System.out.printf(Locale.ROOT, "workers=%d best rows/s=%.0f (runs %s)%n", w,
                r.stream().mapToDouble(Double::doubleValue).max().orElse(0), r));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Pipeline.Builder builder(Path dir, int workers) {
        return Pipeline.builder("bench")
                .destination(DuckDbDestination.at(dir.resolve("bench.duckdb")))
                .pipelinesDir(dir.resolve("pipelines"))
                .extractDataWriter(DataWriterConfig.DEFAULTS.withFileMaxItems(ROWS / 10))
                .normalize(new NormalizeConfig(workers));
    }

    private static Iterator<List<Map<String, Object>>> pages(int rows, int pageSize) {
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < rows;
            }

            @Override
            public List<Map<String, Object>> next() {
                List<Map<String, Object>> page = new ArrayList<>(pageSize);
                for (int i = 0; i < pageSize && next < rows; i++, next++) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", (long) next);
                    m.put("name", "user " + next);
                    m.put("score", next * 0.25);
                    m.put("active", next % 3 == 0);
                    m.put("created_at", "2024-01-" + (10 + next % 18) + "T10:15:30Z");
                    m.put("category", "c" + next % 17);
                    page.add(m);
                }
                return page;
            }
        };
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
