package dev.dlt4j.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.LoaderFileFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A format the destination cannot load is refused before any data moves (no server needed). */
class FormatChoiceTest {
    @TempDir
    Path tmp;

    private Pipeline.Builder builder() {
        return Pipeline.builder("fmt").destination("postgresql://postgres@127.0.0.1:5432/test")
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    @Test
    void aPipelineFormatTheDestinationCannotLoadIsRefusedNamingBoth() {
        assertThatThrownBy(() -> builder().loaderFileFormat(LoaderFileFormat.PARQUET).build())
                .hasMessageContaining("destination postgres does not support loader file format parquet; supported: ")
                .hasMessageContaining("csv");
    }

    @Test
    void aResourceFormatTheDestinationCannotLoadIsRefusedNamingTheResource() {
        Pipeline p = builder().build();
        assertThatThrownBy(() -> p.extract(Resource.of("t", List.of(Map.of("id", 1)))
                .fileFormat(LoaderFileFormat.JSONL)))
                .hasMessageContaining("resource t: destination postgres does not support loader file format jsonl");
    }
}
