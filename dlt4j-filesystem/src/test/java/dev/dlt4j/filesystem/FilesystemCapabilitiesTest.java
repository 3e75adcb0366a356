package dev.dlt4j.filesystem;

import static dev.dlt4j.filesystem.FilesystemTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.WriteDisposition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What plain files cannot do is refused before extract; merge falls back to append as in dlt. */
class FilesystemCapabilitiesTest {
    @TempDir
    Path tmp;

    private Pipeline pipeline(Map<String, String> env) {
        return Pipeline.builder("caps").destination(FilesystemDestination.at(tmp.resolve("lake"))).dataset("caps_data")
                .pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp).environment(env).build();
    }

    private static Resource twoRows() {
        return Resource.of("items", List.of(Map.of("id", 1), Map.of("id", 2))).writeDisposition(WriteDisposition.REPLACE);
    }

    @Test
    void filesystemDeclaresNoMergeStrategyNoStagingAndOnlyTruncateAndInsert() {
        var caps = FilesystemDestination.at(tmp).capabilities();
        assertThat(caps.mergeStrategies()).isEmpty();
        assertThat(caps.mergeFallsBackToAppend()).isTrue();
        assertThat(caps.hasStagingDataset()).isFalse();
        assertThat(caps.replaceStrategies()).containsExactly(ReplaceStrategy.TRUNCATE_AND_INSERT);
        assertThat(caps.supportsJobMarkers()).isFalse();
        assertThat(caps.supportsTransactionalPackages()).isFalse();
    }

    @Test
    void insertFromStagingIsRefusedBeforeExtractNamingTableSettingAndWhatIsSupported() {
        Pipeline p = pipeline(Map.of("DESTINATION__REPLACE_STRATEGY", "insert-from-staging"));
        assertThatThrownBy(() -> p.run(twoRows()))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("stage extract")
                .hasMessageContaining("table items")
                .hasMessageContaining("replace_strategy \"insert-from-staging\" is not supported by destination"
                        + " filesystem, which supports replace_strategy: truncate-and-insert");
        assertThatThrownBy(() -> p.extract(twoRows())).hasMessageContaining("stage extract");
        assertThat(p.workingDir().resolve("normalize/extracted")).isEmptyDirectory();
        assertThat(Files.exists(tmp.resolve("lake/caps_data"))).isFalse();
    }

    @Test
    void twoReplaceRunsWithTruncateAndInsertLeaveTheLastRowsOnly() {
        Pipeline p = pipeline(Map.of("DESTINATION__REPLACE_STRATEGY", "truncate-and-insert"));
        p.run(twoRows());
        p.run(twoRows());
        assertThat(rows(tmp.resolve("lake/caps_data/items"))).hasSize(2);
    }

    @Test
    void aPackageExtractedUnderAnotherReplaceStrategyIsRefusedBeforeItLoads() {
        pipeline(Map.of()).extract(twoRows());
        Pipeline staged = pipeline(Map.of("DESTINATION__REPLACE_STRATEGY", "insert-from-staging"));
        staged.normalize();
        assertThatThrownBy(staged::load).hasMessageContaining("stage load")
                .hasMessageContaining("table items")
                .hasMessageContaining("which supports replace_strategy: truncate-and-insert");
        assertThat(staged.workingDir().resolve("load/normalized")).isNotEmptyDirectory();
        assertThat(Files.exists(tmp.resolve("lake/caps_data/items"))).isFalse();
    }

    @Test
    void mergeLoadsAsAppendWithAnyStrategyAsDltDoesForPlainFiles() {
        Pipeline p = pipeline(Map.of());
        Resource r = Resource.of("t", List.of(Map.of("id", 1))).primaryKey("id").merge(MergeStrategy.UPSERT);
        p.run(r);
        p.run(r);
        assertThat(rows(tmp.resolve("lake/caps_data/t"))).hasSize(2);
    }
}
