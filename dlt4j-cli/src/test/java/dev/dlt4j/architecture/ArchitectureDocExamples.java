package dev.dlt4j.architecture;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.Pipeline;
import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationCapabilities;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The Java examples of {@code docs/architecture.md}, compiled and run by
 * {@link ArchitectureDocTest}: the text between a {@code // doc:NAME} marker and its
 * {@code // end:NAME} marker is the example NAME of the page, character for character (after
 * removing the common indentation).
 */
final class ArchitectureDocExamples {
    private ArchitectureDocExamples() {
    }

    /** What a user writes: only {@code dev.dlt4j} imports. */
    static LoadInfo user(Path pipelinesDir, Path database) {
        // doc:user
        Pipeline pipeline = Pipeline.builder("shop")
                .destination("duckdb:" + database)          // found by name or URI through ServiceLoader
                .dataset("shop_data")
                .pipelinesDir(pipelinesDir)
                .build();

        Resource orders = Resource.of("orders", List.of(List.of(  // one page of two rows
                Map.of("id", 1, "total", 19.90, "items", List.of(Map.of("sku", "A-1", "qty", 2))),
                Map.of("id", 2, "total", 5.00, "items", List.of(Map.of("sku", "C-3", "qty", 5))))))
                .primaryKey("id")
                .writeDisposition(WriteDisposition.APPEND);

        LoadInfo info = pipeline.run(Source.of("shop", orders));
        // end:user
        return info;
    }

    /** What a tool writes (the CLI's demo): a destination by name, asked through the SPI, never downcast. */
    static SortedMap<String, Long> tool(Path pipelinesDir, Path database) {
        // doc:tool
        Destination destination = Destination.named("duckdb:" + database);
        Pipeline pipeline = Pipeline.builder("shop").destination(destination).dataset("shop_data")
                .pipelinesDir(pipelinesDir).build();
        SortedMap<String, Long> rows = pipeline.rowCounts()  // dlt's dataset().row_counts(), via the SPI
                .orElseThrow(() -> new IllegalStateException(destination.type() + " cannot count rows"));
        // end:tool
        return rows;
    }

    /** What a destination declares: everything not declared is unsupported. */
    static DestinationCapabilities capabilities() {
        // doc:capabilities
        DestinationCapabilities capabilities = DestinationCapabilities.builder(LoaderFileFormat.JSONL)
                .supportedFormats(LoaderFileFormat.CSV)                 // read besides the preferred format
                .replaceStrategies(ReplaceStrategy.TRUNCATE_AND_INSERT) // so: append and replace, no merge
                .maxIdentifierLength(255)
                .build();
        // end:capabilities
        return capabilities;
    }

    /** A resource that keeps its own state, opened with its context on every run. */
    static LoadInfo source(Pipeline pipeline) {
        // doc:source
        Resource events = Resource.of("events", ctx -> {                  // opened anew for each run
            long last = ((Number) ctx.state().getOrDefault("last_id", 0)).longValue();
            ctx.writeState(Map.of("last_id", last + 2));                  // committed when this package loads
            return List.of(List.of(Map.of("id", last + 1), Map.of("id", last + 2))).iterator();  // one page
        });
        LoadInfo info = pipeline.run(Source.of("feed", events));
        // end:source
        return info;
    }
}
