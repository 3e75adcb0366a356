package dev.dlt4j.filesystem;

import dev.dlt4j.testing.PipelineConfigs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.LoaderFileFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code Destination.rowCounts} of the filesystem: rows per table folder, each file counted as the loader checks it. */
class FilesystemRowCountsTest {
    @TempDir
    Path tmp;

    private SortedMap<String, Long> loadAndCount(FilesystemDestination lake, String name) {
        Pipeline p = Pipeline.builder(name).destination(lake).dataset(name + "_data")
                .pipelinesDir(tmp.resolve("pipelines")).build();
        List<Map<String, Object>> rows = LongStream.range(0, 25).mapToObj(i -> Map.<String, Object>of("id", i,
                "note", "line\nbreak \"quoted\", " + i, "tags", List.of("a", "b"))).toList();
        p.run(Resource.of("notes", rows));
        p.run(Resource.of("notes", rows.subList(0, 5)));
        return lake.rowCounts(new DestinationContext(p.name(), name + "_data", p.workingDir(), tmp, PipelineConfigs.resolver(p)))
                .orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(value = LoaderFileFormat.class, names = {"JSONL", "CSV", "PARQUET"})
    void countsEveryRowOfEveryTableInEachFormat(LoaderFileFormat format) {
        SortedMap<String, Long> counts = loadAndCount(FilesystemDestination.at(tmp.resolve("lake")).withFormat(format),
                "rc_" + format.name().toLowerCase(java.util.Locale.ROOT));

        assertThat(counts).containsEntry("notes", 30L).containsEntry("notes__tags", 60L)
                .containsEntry("_dlt_loads", 2L).containsKey("_dlt_version").containsKey("_dlt_pipeline_state");
        assertThat(counts.keySet()).as("temp folder and init marker are no tables").allMatch(t -> !t.startsWith(".")
                && !t.equals("init"));
    }

    @Test
    void aDatasetNothingWasLoadedIntoHasNoTables() {
        FilesystemDestination lake = FilesystemDestination.at(tmp.resolve("empty"));
        Pipeline p = Pipeline.builder("nothing").destination(lake).dataset("nothing_data")
                .pipelinesDir(tmp.resolve("pipelines")).build();

        assertThat(lake.rowCounts(new DestinationContext(p.name(), "nothing_data", p.workingDir(), tmp, PipelineConfigs.resolver(p))))
                .hasValueSatisfying(c -> assertThat(c).isEmpty());
    }
}
