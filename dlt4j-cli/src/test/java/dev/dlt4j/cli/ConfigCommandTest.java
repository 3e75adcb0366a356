package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCommandTest {
    @TempDir
    Path project;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    /** Output lines with runs of spaces collapsed, so assertions do not depend on column widths. */
    private List<String> lines() {
        return Arrays.stream(out.toString().split("\n")).map(l -> l.trim().replaceAll(" +", " ")).toList();
    }

    private void writeConfig(String toml) throws IOException {
        Files.createDirectories(project.resolve(".dlt"));
        Files.writeString(project.resolve(".dlt/config.toml"), toml);
    }

    @Test
    void showPrintsEffectiveValuesPerStageWithTheirOrigin() throws IOException {
        writeConfig("""
                [data_writer]
                max_buffer_items = 100
                [normalize.data_writer]
                max_buffer_items = 100
                [sources.data_writer]
                max_buffer_items = 200
                [extract]
                max_parallel_items = 5
                [sources.my_pipeline.extract]
                max_parallel_items = 5
                """);
        int code = run("config", "show", "--pipeline", "my_pipeline", "--project-dir", project.toString());
        System.out.println(out);
        assertThat(code).as(err.toString()).isZero();
        assertThat(lines()).contains(
                "Configuration of pipeline my_pipeline, source my_pipeline",
                "extract.data_writer buffer_max_items 200 config.toml [sources.data_writer] (as max_buffer_items)",
                "normalize.data_writer buffer_max_items 100 config.toml [normalize.data_writer] (as max_buffer_items)",
                "extract max_parallel_items 5 config.toml [sources.my_pipeline.extract]",
                "extract workers 5 default",
                "extract next_item_mode fifo default",
                "normalize workers 1 default",
                "load workers 20 default",
                "load delete_completed_jobs false default",
                "pipeline progress none default",
                "runtime log_level WARNING default",
                "extract.data_writer file_max_items unset default",
                "normalize.data_writer disable_compression false default");
        assertThat(lines()).contains("settings folder: " + project.toAbsolutePath().normalize().resolve(".dlt"));
    }

    @Test
    void showForAnotherSourceAndAResourceUsesTheirSections() throws IOException {
        writeConfig("""
                [extract]
                max_parallel_items = 5
                [sources.github.extract]
                workers = 2
                [sources.github.issues.extract]
                next_item_mode = "round_robin"
                """);
        int code = run("config", "show", "--pipeline", "my_pipeline", "--source", "github", "--resource", "issues",
                "--project-dir", project.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(lines()).contains(
                "Configuration of pipeline my_pipeline, source github, resource issues",
                "extract max_parallel_items 5 config.toml [extract]",
                "extract workers 2 config.toml [sources.github.extract]",
                "extract next_item_mode round_robin config.toml [sources.github.issues.extract]");
    }

    @Test
    void showReportsAWrongValueAsOneLineAndFails() throws IOException {
        writeConfig("[extract]\nnext_item_mode = 5\n");
        int code = run("config", "show", "--pipeline", "p", "--project-dir", project.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().trim()).isEqualTo("dlt4j: Config key 'next_item_mode' has invalid value 5, set in "
                + project.toAbsolutePath().normalize().resolve(".dlt/config.toml")
                + " section [extract]; allowed: \"fifo\" or \"round_robin\".");
    }

    @Test
    void showListsUnknownKeysAsWarnings() throws IOException {
        writeConfig("[extract]\nmax_paralel_items = 5\n");
        assertThat(run("config", "show", "--pipeline", "p", "--project-dir", project.toString())).isZero();
        assertThat(out.toString()).contains("warning: Unknown config key 'max_paralel_items'")
                .contains("did you mean 'max_parallel_items'?");
    }
}
