package dev.dlt4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.spi.DestinationCapabilities;
import dev.dlt4j.testing.NoMergeDestination;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Pipeline.dataset()} asks the capability first: a destination that cannot be read back says so up front. */
class DatasetCapabilityTest {
    @TempDir
    Path tmp;

    @Test
    void aDestinationWithoutDatasetQueriesIsRefusedBeforeAnythingOpens() {
        NoMergeDestination files = new NoMergeDestination(tmp.resolve("out"));
        Pipeline p = Pipeline.builder("nq").destination(files).pipelinesDir(tmp.resolve("pipelines"))
                .environment(Map.of()).build();

        assertThat(files.capabilities().supportsDatasetQueries()).isFalse();
        assertThatThrownBy(p::dataset).isInstanceOf(PipelineException.class)
                .hasMessageStartingWith("Pipeline nq, stage dataset: destination nomerge at ")
                .hasMessageContaining("cannot be read back: it declares no dataset queries")
                .hasMessageContaining("Hint: read the data with the destination's own tools");
    }

    @Test
    void theCapabilityIsOffUnlessDeclared() {
        assertThat(DestinationCapabilities.builder(LoaderFileFormat.JSONL).build().supportsDatasetQueries()).isFalse();
        assertThat(DestinationCapabilities.builder(LoaderFileFormat.JSONL).supportsDatasetQueries(true).build()
                .toBuilder().build().supportsDatasetQueries()).isTrue();
    }
}
