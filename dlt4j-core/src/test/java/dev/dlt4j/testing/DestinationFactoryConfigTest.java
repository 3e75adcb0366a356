package dev.dlt4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination given by name is made by its factory with the pipeline's resolved configuration:
 * the pipeline's {@code environment(...)} and {@code projectDir(...)} reach the factory, the
 * process environment does not ({@link NoMergeDestinationFactory} reads {@code [destination.nomerge] folder}).
 */
class DestinationFactoryConfigTest {
    @TempDir
    Path tmp;

    private static Resource users() {
        return Resource.of("users", List.of(Map.of("id", 1), Map.of("id", 2)));
    }

    private long rowsIn(Path folder) throws IOException {
        return Files.readAllLines(folder.resolve("factory_data").resolve("users.jsonl")).size();
    }

    @Test
    void theFactoryReadsThePipelinesEnvironment() throws IOException {
        Path folder = tmp.resolve("from_env");
        Pipeline p = Pipeline.builder("factory").destination("nomerge").dataset("factory_data")
                .pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp.resolve("no_project"))
                .environment(Map.of("DESTINATION__NOMERGE__FOLDER", folder.toString())).build();
        p.run(users());
        assertThat(rowsIn(folder)).isEqualTo(2);
    }

    @Test
    void theFactoryReadsThePipelinesProjectDir() throws IOException {
        Path project = tmp.resolve("project");
        Path folder = tmp.resolve("from_toml");
        Files.createDirectories(project.resolve(".dlt"));
        Files.writeString(project.resolve(".dlt/config.toml"),
                "[destination.nomerge]\nfolder = \"" + folder.toString().replace("\\", "\\\\") + "\"\n");
        Pipeline p = Pipeline.builder("factory").destination("nomerge").dataset("factory_data")
                .pipelinesDir(tmp.resolve("pipelines")).projectDir(project).environment(Map.of()).build();
        p.run(users());
        assertThat(rowsIn(folder)).isEqualTo(2);
    }

    @Test
    void withoutTheSettingTheFactorySaysWhatIsMissingAtBuild() {
        assertThatThrownBy(() -> Pipeline.builder("factory").destination("nomerge")
                .pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp).environment(Map.of()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destination nomerge needs [destination.nomerge] folder")
                .hasMessageContaining("DESTINATION__NOMERGE__FOLDER");
    }
}
