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
                "module scope key value default from",
                "core extract.data_writer buffer_max_items 200 5000 config.toml [sources.data_writer]"
                        + " (as max_buffer_items)",
                "core normalize.data_writer buffer_max_items 100 5000 config.toml [normalize.data_writer]"
                        + " (as max_buffer_items)",
                "core extract max_parallel_items 5 20 config.toml [sources.my_pipeline.extract]",
                "core extract workers 5 5 default",
                "core extract next_item_mode fifo fifo default",
                "core normalize workers 1 1 default",
                "core load workers 20 20 default",
                "core load delete_completed_jobs false false default",
                "core load retry_attempts 5 5 default",
                "core load retry_backoff 50ms 50ms default",
                "core pipeline progress none none default",
                "core runtime log_level WARNING WARNING default",
                "core extract.data_writer file_max_items unset unset default",
                "core normalize.data_writer disable_compression false false default");
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
                "core extract max_parallel_items 5 20 config.toml [extract]",
                "core extract workers 2 5 config.toml [sources.github.extract]",
                "core extract next_item_mode round_robin fifo config.toml [sources.github.issues.extract]");
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

    // ---- keys of the destination modules on the class path

    @Test
    void showListsEveryDestinationModulesKeysWithValueDefaultAndOrigin() throws IOException {
        writeConfig("""
                [destination.duckdb]
                memory_limit = "1GB"
                [my_pipeline.destination.postgres]
                application_name = "nightly"
                """);
        assertThat(run("config", "show", "--pipeline", "my_pipeline", "--project-dir", project.toString()))
                .as(err.toString()).isZero();
        assertThat(lines()).contains(
                "duckdb destination.duckdb memory_limit 1GB unset config.toml [destination.duckdb]",
                "duckdb destination.duckdb threads unset unset default",
                "duckdb destination.duckdb storage_version v1.4.0 v1.4.0 default",
                "postgres destination.postgres application_name nightly dlt4j config.toml"
                        + " [my_pipeline.destination.postgres]",
                "postgres destination.postgres sslmode unset unset default",
                "filesystem destination.filesystem layout {table_name}/{load_id}.{file_id}.{ext}"
                        + " {table_name}/{load_id}.{file_id}.{ext} default");
        for (dev.dlt4j.config.ConfigKey<?> k : dev.dlt4j.config.ConfigKeys.all()) {
            assertThat(lines()).as("a row for " + k).anyMatch(l -> l.contains(" " + k.name() + " "));
        }
    }

    @Test
    void showNeverPrintsASecretKeysValue() throws IOException {
        Files.createDirectories(project.resolve(".dlt"));
        Files.writeString(project.resolve(".dlt/secrets.toml"),
                "[destination.postgres]\ncredentials = \"postgresql://loader:s3cr3t_pw@db.example/shop\"\n");
        assertThat(run("config", "show", "--pipeline", "p", "--project-dir", project.toString()))
                .as(err.toString()).isZero();
        assertThat(lines()).contains(
                "postgres destination.postgres credentials *** unset secrets.toml [destination.postgres]");
        assertThat(out.toString()).doesNotContain("s3cr3t_pw");
    }

    @Test
    void aTypoInADestinationsSectionGetsADidYouMean() throws IOException {
        writeConfig("[destination.duckdb]\nmemory_limt = \"1GB\"\n");
        assertThat(run("config", "show", "--pipeline", "p", "--project-dir", project.toString())).isZero();
        assertThat(out.toString()).contains("warning: Unknown config key 'memory_limt' in "
                + project.toAbsolutePath().normalize().resolve(".dlt/config.toml") + " section [destination.duckdb],"
                + " it has no effect; did you mean 'memory_limit'?");
    }

    @Test
    void keysListsEveryDeclaredKeyAndItsMarkdownTableIsTheReadmes() throws IOException {
        assertThat(run("config", "keys")).isZero();
        assertThat(out.toString()).contains("[destination.duckdb] threads = unset  (duckdb)",
                "[load] retry_attempts = 5  (core)");
        out.getBuffer().setLength(0);
        assertThat(run("config", "keys", "--markdown")).isZero();
        assertThat(out.toString()).isEqualTo(dev.dlt4j.config.ConfigKeys.markdownTable());
    }

    /**
     * README.md and docs/configuration.md hold the table {@code dlt4j config keys --markdown} prints,
     * between the markers: a key declared, changed or removed without the documentation fails here.
     */
    @Test
    void theReadmeAndTheConfigurationDocListEveryDeclaredKey() throws IOException {
        String table = dev.dlt4j.config.ConfigKeys.markdownTable();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "config-keys.md"), table); // to paste after a change
        for (Path doc : List.of(Path.of("..", "README.md"), Path.of("..", "docs", "configuration.md"))) {
            String text = Files.readString(doc);
            String start = "<!-- config-keys: generated by ./dlt4j config keys --markdown -->\n";
            String end = "<!-- /config-keys -->";
            assertThat(text).as(doc + " has the markers").contains(start, end);
            String between = text.substring(text.indexOf(start) + start.length(), text.indexOf(end));
            assertThat(between).as(doc + ": the configuration table differs from the declarations; replace it with"
                    + " dlt4j-cli/target/config-keys.md").isEqualTo(table);
        }
    }
}
