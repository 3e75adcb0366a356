package dev.dlt4j.filesystem;

import static dev.dlt4j.filesystem.FilesystemTesting.files;
import static dev.dlt4j.filesystem.FilesystemTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.LoadConfig;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.spi.LoadJob;
import dev.dlt4j.spi.CrashPointHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job files are copied where readers of a table folder never look and renamed into place when the
 * job commits; an aborted copy is deleted, a killed one is cleaned up by the next load.
 */
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

    @Test
    void aJobIsInTheTableFolderOnlyAfterCommitAndAbortDeletesItsCopy() throws Exception {
        Path lake = tmp.resolve("lake");
        Table events = Table.root("events", "events", WriteDisposition.APPEND)
                .withColumn(Column.of("id", DataType.BIGINT));
        Path ds = lake.resolve("jobs_data");
        try (DestinationClient client = FilesystemDestination.at(lake).open(new DestinationContext("jobs", "jobs_data",
                tmp, tmp))) {
            client.initializeStorage();
            client.beginLoad(Schema.empty("jobs").withTable(events), "1700000000.1");
            JobFileName kept = JobFileName.create("events", "jsonl", false);
            try (LoadJob job = client.newLoadJob(events, kept, Files.writeString(tmp.resolve(kept.fileName()),
                    "{\"id\": 1}\n{\"id\": 2}\n"), "1700000000.1")) {
                assertThat(job.run()).isEqualTo(2);
                assertThat(files(ds.resolve("events"))).isEmpty();
                assertThat(files(ds.resolve(FilesystemClient.TEMP_FOLDER))).hasSize(1);
                job.commit();
            }
            assertThat(rows(ds.resolve("events"))).extracting(r -> r.get("id")).containsExactlyInAnyOrder(1L, 2L);

            JobFileName dropped = JobFileName.create("events", "jsonl", false);
            try (LoadJob job = client.newLoadJob(events, dropped, Files.writeString(tmp.resolve(dropped.fileName()),
                    "{\"id\": 3}\n"), "1700000000.1")) {
                assertThat(job.run()).isEqualTo(1);
                job.abort();
            }
            assertThat(files(ds.resolve(FilesystemClient.TEMP_FOLDER))).isEmpty();
            assertThat(rows(ds.resolve("events"))).extracting(r -> r.get("id")).containsExactlyInAnyOrder(1L, 2L);
        }
    }
}
