package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline name given to {@code dlt4j pipeline} cannot reach a folder outside the pipelines dir. */
class PipelineNameOutsideTest {
    @TempDir
    Path tmp;

    @Test
    void dropRefusesAPipelineNameThatLeavesThePipelinesDir() throws Exception {
        // a folder that looks like a pipeline, beside the pipelines dir
        Path victim = tmp.resolve("victim");
        Files.createDirectories(victim.resolve("load"));
        Files.writeString(victim.resolve("state.json"), "{}");
        Path pipelines = Files.createDirectories(tmp.resolve("pipelines"));
        for (String name : new String[] {"../victim", victim.toString(), ".."}) {
            CliRun r = CliRun.of("pipeline", name, "--pipelines-dir", pipelines.toString(), "drop", "--working-folder", "--yes");
            assertThat(r.exitCode()).as(name).isEqualTo(1);
            assertThat(r.err()).as(name).startsWith("dlt4j: pipeline name '" + name + "' cannot name a file or folder");
        }
        assertThat(victim.resolve("state.json")).exists();
    }
}
