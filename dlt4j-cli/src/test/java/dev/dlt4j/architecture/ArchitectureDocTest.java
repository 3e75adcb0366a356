package dev.dlt4j.architecture;

import dev.dlt4j.examples.DocBlocks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.spi.DestinationCapabilities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/architecture.md} is true to the code: every Java example on the page is a piece of
 * {@link ArchitectureDocExamples} (so it compiles) and runs against a real DuckDB file here.
 */
class ArchitectureDocTest {
    private static final Path PAGE = Path.of("..", "docs", "architecture.md");
    private static final Path EXAMPLES = Path.of("src", "test", "java", "dev", "dlt4j", "architecture",
            "ArchitectureDocExamples.java");

    @TempDir
    Path tmp;

    @Test
    void everyJavaExampleOfThePageIsCompiledCode() throws IOException {
        List<String> onPage = DocBlocks.javaBlocks(Files.readString(PAGE));
        Map<String, String> compiled = DocBlocks.markedExamples(Files.readString(EXAMPLES));

        assertThat(onPage).as("the page has Java examples").isNotEmpty();
        assertThat(compiled.values()).as("Java examples of " + PAGE + " (each must be a marked block of " + EXAMPLES
                + ")").containsAll(onPage);
        assertThat(onPage).as("every marked example of " + EXAMPLES + " is on the page")
                .containsAll(compiled.values());
    }

    @Test
    void theUsersExampleLoadsItsRows() {
        LoadInfo info = ArchitectureDocExamples.user(tmp.resolve("pipelines"), tmp.resolve("shop.duckdb"));

        assertThat(info.toString()).contains("orders").contains("orders__items");
    }

    @Test
    void theToolsExampleCountsWhatTheUsersExampleLoaded() {
        ArchitectureDocExamples.user(tmp.resolve("pipelines"), tmp.resolve("shop.duckdb"));

        SortedMap<String, Long> rows = ArchitectureDocExamples.tool(tmp.resolve("pipelines"), tmp.resolve("shop.duckdb"));

        assertThat(rows).containsEntry("orders", 2L).containsEntry("orders__items", 2L).containsKey("_dlt_loads");
    }

    @Test
    void theDeclaredCapabilitiesAllowAppendAndReplaceButNotMerge() {
        DestinationCapabilities caps = ArchitectureDocExamples.capabilities();

        assertThat(caps.writeDispositions()).containsExactlyInAnyOrder(WriteDisposition.APPEND,
                WriteDisposition.REPLACE);
        assertThat(caps.hasStagingDataset()).isFalse();
        assertThat(caps.formatNames()).isEqualTo("jsonl, csv");
    }

    @Test
    void theSourcesStateAdvancesOncePerLoadedRun() {
        Pipeline pipeline = Pipeline.builder("feed").destination("duckdb:" + tmp.resolve("feed.duckdb"))
                .dataset("feed_data").pipelinesDir(tmp.resolve("pipelines")).build();

        ArchitectureDocExamples.source(pipeline);
        ArchitectureDocExamples.source(pipeline);

        // state holds JSON numbers: read back from the package, 4 is an Integer
        assertThat(pipeline.state().resourceState("feed", "events").get("last_id"))
                .isInstanceOfSatisfying(Number.class, n -> assertThat(n.longValue()).isEqualTo(4L));
        assertThat(pipeline.rowCounts().orElseThrow()).containsEntry("events", 4L);
    }
}
