package dev.dlt4j.extract;

import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.NextItemMode;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.storage.PipelineStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A measurement, not a test: {@code java -cp <test classpath> dev.dlt4j.extract.ExtractBenchMain [rows]}.
 * Prints rows/s of extract for (1) rows yielded one by one, (2) pages of 1,000, (3) four paged
 * resources whose every page waits 20 ms (a simulated API call), sequential vs parallelized.
 * Each scenario runs three times after one warm-up; the best run is printed.
 */
public final class ExtractBenchMain {
    private ExtractBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        Path dir = Files.createTempDirectory("dlt4j-extract-bench");
        run(dir, "rows one by one", rows, () -> Source.of("b", Resource.fromIterator("t",
                () -> ExtractTesting.items(rows, n -> Map.of("id", n, "name", "row-" + n)))), ExtractConfig.DEFAULTS);
        run(dir, "pages of 1000", rows, () -> Source.of("b", paged("t", rows / 1000, 1000, 0)),
                ExtractConfig.DEFAULTS);
        int apiPages = 50;
        run(dir, "4 x 50 pages, 20 ms each, sequential", 4 * apiPages * 1000, () -> Source.of("b",
                paged("a", apiPages, 1000, 20), paged("b", apiPages, 1000, 20), paged("c", apiPages, 1000, 20),
                paged("d", apiPages, 1000, 20)), ExtractConfig.DEFAULTS);
        run(dir, "4 x 50 pages, 20 ms each, parallelized", 4 * apiPages * 1000, () -> Source.of("b",
                paged("a", apiPages, 1000, 20).parallelized(), paged("b", apiPages, 1000, 20).parallelized(),
                paged("c", apiPages, 1000, 20).parallelized(), paged("d", apiPages, 1000, 20).parallelized()),
                new ExtractConfig(5, 20, NextItemMode.FIFO));
    }

    private static Resource paged(String name, int pages, int size, long waitMillis) {
        return Resource.fromIterator(name, () -> ExtractTesting.items(pages, p -> {
            if (waitMillis > 0) {
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            List<Map<String, Object>> page = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                long n = (long) (p - 1) * size + i;
                page.add(Map.of("id", n, "name", "row-" + n));
            }
            return page;
        })).tableName("t");
    }

    private static void run(Path dir, String label, long rows, java.util.function.Supplier<Source> source,
            ExtractConfig config) {
        double best = 0;
        for (int i = 0; i < 4; i++) {
            PipelineStorage storage = new PipelineStorage(dir.resolve(label.replaceAll("\\W", "_") + i));
            long t0 = System.nanoTime();
            new Extractor(storage, "bench", NamingConvention.snakeCase(), DataWriterConfig.DEFAULTS, config)
                    .extract(source.get(), Schema.empty("b"));
            double secs = (System.nanoTime() - t0) / 1e9;
            if (i > 0) {
                best = Math.max(best, rows / secs);
            }
        }
        System.out.printf("%-42s %,12.0f rows/s%n", label, best);
    }
}
