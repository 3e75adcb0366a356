package dev.dlt4j.duckdb;

import dev.dlt4j.testing.PipelineConfigs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.spi.DestinationContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Destination.rowCounts} of DuckDB: rows per table of the dataset's schema in the database file. */
class DuckDbRowCountsTest {
    @TempDir
    Path tmp;

    @Test
    void countsEveryTableOfTheDatasetIncludingTheDltTables() {
        DuckDbDestination duck = DuckDbDestination.at(tmp.resolve("counts.duckdb"));
        Pipeline p = Pipeline.builder("counts").destination(duck).dataset("counts_data")
                .pipelinesDir(tmp.resolve("pipelines")).build();
        p.run(Resource.of("orders", List.of(Map.of("id", 1, "items", List.of(1, 2, 3)), Map.of("id", 2))));

        SortedMap<String, Long> counts = duck.rowCounts(new DestinationContext(p.name(), "counts_data",
                p.workingDir(), tmp, PipelineConfigs.resolver(p))).orElseThrow();

        assertThat(counts).containsEntry("orders", 2L).containsEntry("orders__items", 3L)
                .containsEntry("_dlt_loads", 1L).containsKey("_dlt_version");
    }

    @Test
    void aDatasetNothingWasLoadedIntoHasNoTables() {
        DuckDbDestination duck = DuckDbDestination.at(tmp.resolve("empty.duckdb"));
        Pipeline p = Pipeline.builder("empty").destination(duck).dataset("empty_data")
                .pipelinesDir(tmp.resolve("pipelines")).build();

        assertThat(duck.rowCounts(new DestinationContext(p.name(), "empty_data", p.workingDir(), tmp, PipelineConfigs.resolver(p))))
                .hasValueSatisfying(c -> assertThat(c).isEmpty());
    }
}
