package dev.dlt4j.bench;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.examples.DemoData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The typed path A/B of docs/performance.md (issue 17, lever 2): extract and normalize only (no
 * load, whose DuckDB CPU swamps the difference on a shared machine), the process CPU of each, for
 * 1M FLAT rows as map pages (flat-pages), as records (flat-records) and as typed pages
 * (flat-typed), alternating in one warm JVM:
 * {@code java -Xmx512m -XX:+UseSerialGC -cp dlt4j-cli/target/dlt4j-cli-0.2.0-all.jar:dlt4j-bench/target/classes:dlt4j-bench/target/test-classes dev.dlt4j.bench.TypedPathAb 1000000 4}
 */
public final class TypedPathAb {
    private TypedPathAb() {
    }

    static Resource resource(String way, int rows) {
        return switch (way) {
            case "flat-pages" -> Resource.fromIterator("flat", () -> DemoData.pages(0, rows, 1000, DemoData::flat));
            case "flat-records" -> Resource.fromIterator("flat", () -> new Iterator<FlatRow>() {
                private long next;

                @Override
                public boolean hasNext() {
                    return next < rows;
                }

                @Override
                public FlatRow next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return FlatRow.of(next++);
                }
            });
            default -> Resource.fromIterator("flat", () -> FlatRow.pages(0, rows, 1000));
        };
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("typed-ab");
        Map<String, List<String>> out = new LinkedHashMap<>();
        int k = 0;
        for (int round = 0; round < rounds; round++) {
            for (String way : List.of("flat-pages", "flat-records", "flat-typed")) {
                k++;
                Pipeline p = Pipeline.builder("ab" + k).destination("duckdb:" + dir.resolve("ab" + k + ".duckdb"))
                        .dataset("ab").pipelinesDir(dir.resolve("pipelines")).build();
                long c0 = ScenarioRun.processCpuNanos();
                p.extract(resource(way, rows));
                long c1 = ScenarioRun.processCpuNanos();
                p.normalize();
                long c2 = ScenarioRun.processCpuNanos();
                out.computeIfAbsent(way, w -> new ArrayList<>()).add(String.format("%.2f + %.2f", (c1 - c0) / 1e9,
                        (c2 - c1) / 1e9));
                System.gc();
            }
        }
        out.forEach((way, cpu) -> System.out.println(way + ": extract + normalize CPU s per round " + cpu));
    }
}
