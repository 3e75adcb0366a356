package dev.dlt4j.source.filesystem;

import static dev.dlt4j.source.filesystem.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Config;
import dev.dlt4j.spi.SourcePartition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The split of a filesystem source of several globs, at its edges: what one JVM refuses, a split refuses. */
class FilesystemSplitEdgesTest {
    private static final Config NO_CONFIG = (sections, key) -> Optional.empty();

    @TempDir
    Path tmp;

    /**
     * Two globs into one table: one JVM refuses the source (two resources of one name); a split run,
     * whose partitions each hold one glob, must refuse it as well rather than load both globs into one
     * table and merge their two file cursors into one state entry.
     */
    @Test
    void globsOfOneTableAreRefusedBySplitAsByOneJvm() {
        write(tmp.resolve("in/a/1.csv"), "id\n1\n");
        write(tmp.resolve("in/b/2.csv"), "id\n2\n");
        Map<String, Object> settings = Map.of("bucket_url", tmp.resolve("in").toUri().toString(), "file_glob",
                "a/*.csv", "table_name", "events", "resources", Map.of("more", Map.of("file_glob", "b/*.csv",
                        "table_name", "events")));
        FilesystemSourceFactory f = new FilesystemSourceFactory();
        assertThatThrownBy(() -> f.create("files", settings, NO_CONFIG)).hasMessageContaining("two resources named events");
        assertThatThrownBy(() -> f.split("files", settings, NO_CONFIG, 2)).hasMessageContaining(
                "two resources named events");
    }

    /** A file two globs match is read by each glob's partitions, into each glob's table, as one JVM reads it. */
    @Test
    void aFileMatchedByTwoGlobsIsInBothGlobsPartitions() {
        write(tmp.resolve("in/c-1.csv"), "id\n1\n");
        write(tmp.resolve("in/c-2.csv"), "id\n2\n");
        Map<String, Object> settings = Map.of("bucket_url", tmp.resolve("in").toUri().toString(), "file_glob",
                "*.csv", "table_name", "all_files", "resources", Map.of("first", Map.of("file_glob", "c-1.*")));
        List<SourcePartition> parts = new FilesystemSourceFactory().split("files", settings, NO_CONFIG, 3);
        assertThat(parts).extracting(SourcePartition::description).containsExactly(
                "all_files: 1 files c-1.csv .. c-1.csv", "all_files: 1 files c-2.csv .. c-2.csv",
                "first: 1 files c-1.csv .. c-1.csv");
        assertThat(new FilesystemSourceFactory().split("files", settings, NO_CONFIG, 3)).isEqualTo(parts);
    }
}
