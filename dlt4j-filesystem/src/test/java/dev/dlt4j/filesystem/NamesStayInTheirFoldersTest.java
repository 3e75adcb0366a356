package dev.dlt4j.filesystem;

import static dev.dlt4j.filesystem.FilesystemTesting.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.storage.PipelineStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path built from a name stays inside its folder: datasets inside the bucket, schema files
 * inside the pipeline's working folder, pipelines inside the pipelines folder, job files inside
 * their package; a name that would leave it, or that no file system can hold, is refused naming it.
 */
class NamesStayInTheirFoldersTest {
    @TempDir
    Path tmp;

    private Path lake() {
        return tmp.resolve("area/lake");
    }

    private Pipeline.Builder pipeline(String dataset) {
        return Pipeline.builder("names").destination(FilesystemDestination.at(lake())).dataset(dataset)
                .pipelinesDir(tmp.resolve("area/pipelines"));
    }

    private static Resource rows() {
        return Resource.of("t", List.of(Map.of("id", 1)));
    }

    /** Everything written under tmp, outside the bucket and the pipelines folder. */
    private List<String> strays() {
        return tree(tmp).stream().filter(f -> !f.startsWith("area/lake/") && !f.startsWith("area/pipelines/"))
                .toList();
    }

    @Test
    void theFilesystemRefusesADatasetNameThatLeavesTheBucket() {
        for (String dataset : List.of(tmp.resolve("outside").toString(), "..", "../outside", "a/../../outside",
                "a/b", "a\\b", "")) {
            DestinationContext ctx = new DestinationContext("names", dataset, tmp, tmp);
            assertThatThrownBy(() -> FilesystemDestination.at(lake()).open(ctx).close())
                    .as(dataset).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("dataset name '" + dataset + "' cannot name a file or folder");
        }
        assertThat(tmp.resolve("outside")).doesNotExist();
    }

    @Test
    void noRunWritesOutsideTheBucketWhateverTheDatasetName() {
        for (String dataset : List.of(tmp.resolve("outside").toString(), "../outside", "a/../../outside")) {
            try {
                pipeline(dataset).build().run(rows());
            } catch (IllegalArgumentException | PipelineException e) {
                assertThat(e.getMessage()).contains("dataset name");
            }
        }
        assertThat(strays()).isEmpty();
        assertThat(tmp.resolve("outside")).doesNotExist();
    }

    @Test
    void aSourceNameThatWouldLeaveTheSchemasFolderIsRefusedBeforeAnythingIsWritten() {
        for (String name : List.of(tmp.resolve("evil").toString(), "..", "../evil", "a/b", "a\\b", "x\0y")) {
            assertThatThrownBy(() -> Source.of(name, rows())).as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("source name '" + name + "' cannot name a file or folder");
        }
        assertThat(strays()).isEmpty();
    }

    @Test
    void theSchemaFileOfAnyNameStaysInsideTheWorkingFolder() {
        PipelineStorage storage = new PipelineStorage(tmp.resolve("area/pipelines/p"));
        assertThatThrownBy(() -> storage.schemaFile(tmp.resolve("evil").toString()))
                .hasMessageContaining("cannot name a file or folder");
        assertThatThrownBy(() -> storage.schemaFile("../../evil")).hasMessageContaining("cannot name a file or folder");
        assertThat(storage.schemaFile("shop")).isEqualTo(tmp.resolve("area/pipelines/p/schemas/shop.schema.json"));
    }

    @Test
    void aPipelineNameThatWouldLeaveThePipelinesFolderIsRefused() {
        for (String name : List.of("..", "../evil", tmp.resolve("evil").toString(), "a/b")) {
            assertThatThrownBy(() -> Pipeline.builder(name)).as(name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pipeline name");
        }
        assertThat(strays()).isEmpty();
    }

    @Test
    void aTableNameTooLongForAFileNameIsRefusedNamingItBeforeTheLoad() {
        String longName = "t".repeat(240);
        assertThatThrownBy(() -> pipeline("ok").build().run(Resource.of(longName, List.of(Map.of("id", 1)))))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("stage extract")
                .hasMessageContaining("table name '" + "t".repeat(60) + "…(240 characters)' cannot name a file")
                .hasMessageContaining("longer than the 255 bytes file systems allow");
        assertThat(lake()).doesNotExist();
    }

    @Test
    void aNestedTableNameTooLongForAFileNameIsRefusedAtNormalize() {
        String field = "f".repeat(120);
        Resource nested = Resource.of("t", List.of(Map.of("id", 1, field, List.of(Map.of(field, List.of(1, 2))))));
        assertThatThrownBy(() -> pipeline("ok").build().run(nested))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("stage normalize")
                .hasMessageContaining("longer than the 255 bytes file systems allow")
                .hasMessageContaining("max_table_nesting");
        assertThat(Files.exists(lake().resolve("ok"))).isFalse();
    }
}
