package dev.dlt4j.postgres;

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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code Destination.rowCounts} of PostgreSQL: rows per table of the dataset's schema, counted by the server. */
class PostgresRowCountsTest {
    @RegisterExtension
    final PostgresDatasets datasets = new PostgresDatasets();

    @TempDir
    Path tmp;

    @Test
    void countsEveryTableOfTheDatasetIncludingTheDltTables() {
        Pipeline p = datasets.pipeline(tmp, "row_counts").build();
        p.run(Resource.of("orders", List.of(Map.of("id", 1, "items", List.of(1, 2, 3)), Map.of("id", 2))));

        SortedMap<String, Long> counts = p.destination().rowCounts(new DestinationContext(p.name(), p.datasetName(),
                p.workingDir(), tmp, PipelineConfigs.resolver(p))).orElseThrow();

        assertThat(counts).containsEntry("orders", 2L).containsEntry("orders__items", 3L)
                .containsEntry("_dlt_loads", 1L).containsKey("_dlt_version");
    }
}
