package dev.dlt4j.extract;

import dev.dlt4j.ExtractInfo;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.storage.PipelineStorage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Child-JVM main of {@link MemoryTest}: extracts {@code rows} rows from a row-by-row resource and
 * the same from a paged one (pages of 1,000), and prints what each wrote.
 */
public final class MemoryMain {
    private MemoryMain() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        Resource rowByRow = Resource.fromIterator("rows", () -> ExtractTesting.items((int) rows,
                n -> Map.of("id", n, "name", "row-" + n)));
        int pageSize = 1000;
        Resource paged = Resource.fromIterator("pages", () -> ExtractTesting.items((int) (rows / pageSize), p -> {
            List<Map<String, Object>> page = new ArrayList<>(pageSize);
            for (int i = 0; i < pageSize; i++) {
                long n = (long) (p - 1) * pageSize + i + 1;
                page.add(Map.of("id", n, "name", "row-" + n));
            }
            return page;
        }));
        for (Resource r : List.of(rowByRow, paged)) {
            Extractor extractor = new Extractor(new PipelineStorage(dir.resolve(r.name())), "memory",
                    NamingConvention.snakeCase(), DataWriterConfig.DEFAULTS, ExtractConfig.DEFAULTS);
            ExtractInfo info = extractor.extract(Source.of("memory", r), Schema.empty("memory")).info();
            System.out.println(r.name() + "=" + info.totalRows() + " in " + info.elapsed().toMillis() + " ms");
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("max_heap_mb=" + Runtime.getRuntime().maxMemory() / (1 << 20) + " peak_heap_mb="
                + peak / (1 << 20));
    }
}
