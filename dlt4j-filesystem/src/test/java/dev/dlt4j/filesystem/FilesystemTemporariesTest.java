package dev.dlt4j.filesystem;

import static dev.dlt4j.filesystem.FilesystemTesting.files;
import static dev.dlt4j.filesystem.FilesystemTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.config.DataWriterConfig;
import dev.dlt4j.config.LoadConfig;
import dev.dlt4j.spi.CrashPointHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job files are copied where readers of a table folder never look, and a killed copy is cleaned up. */
class FilesystemTemporariesTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearHook() {
        CrashPointHook.clear();
    }

    @Test
    void aCopyCutShortLeavesNothingInTheTableFolderAndTheNextRunRemovesIt() throws Exception {
        Path lake = tmp.resolve("lake");
        Pipeline p = Pipeline.builder("cut").destination(FilesystemDestination.at(lake)).dataset("cut_data")
                .pipelinesDir(tmp.resolve("pipelines")).load(new LoadConfig(1, false, true))
                .normalizeDataWriter(DataWriterConfig.DEFAULTS.withFileMaxItems(1)).build();
        Resource events = Resource.of("events", List.of(Map.of("id", 1), Map.of("id", 2), Map.of("id", 3)));
        // the second of three job files is copied, and the run stops before it is renamed into place
        CrashPointHook.throwAt("filesystem.job_copied", 2);
        assertThatThrownBy(() -> p.run(events)).isInstanceOf(CrashPointHook.Crash.class);
        CrashPointHook.clear();

        Path ds = lake.resolve("cut_data");
        assertThat(files(ds.resolve(FilesystemClient.TEMP_FOLDER))).singleElement()
                .satisfies(f -> assertThat(f.getFileName().toString()).startsWith("cut.").endsWith(".tmp"));
        // a reader of the table folder sees whole files only, and read_json over it works
        assertThat(files(ds.resolve("events"))).allSatisfy(f -> assertThat(f.toString()).endsWith(".jsonl.gz"));
        assertThat(rows(ds.resolve("events"))).hasSize(1);

        p.load();
        assertThat(files(ds.resolve(FilesystemClient.TEMP_FOLDER))).isEmpty();
        assertThat(rows(ds.resolve("events"))).extracting(r -> r.get("id")).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void aStaleTemporaryOfAnotherPipelineIsLeftAlone() throws Exception {
        Path lake = tmp.resolve("lake");
        Path temp = lake.resolve("shared_data").resolve(FilesystemClient.TEMP_FOLDER);
        Files.createDirectories(temp);
        Path mine = Files.writeString(temp.resolve("a.0123.tmp"), "{\"id\": ");
        Path theirs = Files.writeString(temp.resolve("b.4567.tmp"), "{\"id\": ");
        Pipeline.builder("a").destination(FilesystemDestination.at(lake)).dataset("shared_data")
                .pipelinesDir(tmp.resolve("pipelines")).build().run(Resource.of("t", List.of(Map.of("id", 1))));
        assertThat(mine).doesNotExist();
        // another pipeline may be copying into it right now: only its own next run removes it
        assertThat(theirs).exists();
    }
}
