package dev.dlt4j.extract;

import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.Incremental;
import dev.dlt4j.PipelineState;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.storage.PipelineStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A measurement, not a test: {@code java -cp <test classpath> dev.dlt4j.extract.IncrementalBenchMain [rows]}.
 * What the incremental filter costs in extract, pages of 1,000 rows: no incremental; a rising
 * {@code Instant} cursor (every row a new last value); every row at one cursor value with a primary
 * key (boundary hashes up to the bound, then none); and a run whose rows are all before the start
 * value (filtered, nothing written). Best of three after one warm-up.
 */
public final class IncrementalBenchMain {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private IncrementalBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("dlt4j-incremental-bench");
        PipelineState none = PipelineState.initial("b", "b");
        double base = run(dir, "no incremental", rows, () -> paged(rows, n -> T0.plusSeconds(n)), none);
        run(dir, "rising cursor", rows, () -> paged(rows, n -> T0.plusSeconds(n)).incremental(Incremental.on("ts")),
                none, base);
        run(dir, "one cursor value, primary key", rows, () -> paged(rows, n -> T0).incremental(Incremental.on("ts"))
                .primaryKey("id"), none, base);
        run(dir, "all before the start value", rows, () -> paged(rows, n -> T0).incremental(Incremental.on("ts")
                .initial(T0.plusSeconds(1))), none, base);
    }

    private static Resource paged(int rows, Function<Long, Instant> ts) {
        return Resource.fromIterator("t", () -> ExtractTesting.items(rows / 1000, p -> {
            List<Map<String, Object>> page = new ArrayList<>(1000);
            for (int i = 0; i < 1000; i++) {
                long n = (long) (p - 1) * 1000 + i;
                page.add(Map.of("id", n, "ts", ts.apply(n), "name", "row-" + n));
            }
            return page;
        }));
    }

    private static double run(Path dir, String name, int rows, Supplier<Resource> resource, PipelineState state)
            throws Exception {
        return run(dir, name, rows, resource, state, 0);
    }

    private static double run(Path dir, String name, int rows, Supplier<Resource> resource, PipelineState state,
            double base) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            Path d = Files.createTempDirectory(dir, "run");
            Extractor extractor = new Extractor(new PipelineStorage(d), "b", NamingConvention.snakeCase(),
                    DataWriterConfig.DEFAULTS, ExtractConfig.DEFAULTS);
            long t0 = System.nanoTime();
            extractor.extract(Source.of("b", resource.get()), Schema.empty("b"), state);
            double s = (System.nanoTime() - t0) / 1e9;
            if (i > 0) {
                best = Math.min(best, s);
            }
        }
        System.out.printf("%-32s %8.3f s  %,12.0f rows/s%s%n", name, best, rows / best,
                base > 0 ? String.format("  %.2fx the time without", best / base) : "");
        return best;
    }
}
