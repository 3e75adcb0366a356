package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PROGRESS=bar dlt4j demo} in a child JVM: under a pseudo-terminal ({@code script} from
 * util-linux) the bar is drawn and redrawn in place; with stdout a pipe it falls back to the log.
 */
class ProgressInTerminalTest {
    @TempDir
    Path tmp;

    private List<String> demoCommand() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                "dev.dlt4j.cli.Main", "demo", "--rows", "3000", "--page-size", "500",
                "--pipelines-dir", tmp.resolve("pipelines").toString(), "--database", tmp.resolve("demo.duckdb").toString());
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        return run(command, "bar", 0);
    }

    private static String run(List<String> command, String progress, int expectedExit)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PROGRESS", progress);
        pb.environment().put("TERM", "xterm");
        pb.environment().put("COLUMNS", "250"); // script's pty has no size here; the bar would be cut at 120
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isEqualTo(expectedExit);
        return text;
    }

    @Test
    void barIsRedrawnInPlaceOnATerminal() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script (util-linux) is not installed");
        String shellCommand = String.join(" ", demoCommand().stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
                .toList());
        String out = run(List.of("/usr/bin/script", "-qfec", shellCommand, "/dev/null"));

        // every stage draws at its start and again at its end: at least two draws, each "\r...ESC[K"
        for (String stage : List.of("Extract demo", "Normalize demo in ", "Load demo in ")) {
            List<String> draws = draws(out, stage);
            assertThat(draws).as("draws of %s in %s", stage, out).hasSizeGreaterThanOrEqualTo(2);
            assertThat(draws.get(draws.size() - 1)).contains("[########################] 100%");
        }
        List<String> extract = draws(out, "Extract demo");
        assertThat(extract.get(0)).contains("[------------------------]   0%");
        assertThat(extract.get(extract.size() - 1)).contains("Resources 1/1", "issues 3000", "heap ", "RSS ");
        assertThat(draws(out, "Load demo in ").get(draws(out, "Load demo in ").size() - 1)).contains("Jobs 3/3");
        assertThat(out).doesNotContain("---- Extract demo ----");
        assertThat(out).contains("load package", "issues", "3,000");
    }

    @Test
    void barFallsBackToTheLogWhenOutputIsAPipe() throws Exception {
        String out = run(demoCommand());
        assertThat(out).doesNotContain("\u001b[K").contains("---- Extract demo ----", "Resources: 1/1 (100.0%)",
                "issues: 3000 |", "Memory usage: RSS ");
        assertThat(out).containsPattern("-+ Load demo in [0-9.]+ -+\nJobs: 3/3 \\(100.0%\\)");
    }

    @Test
    void anInvalidProgressEnvironmentVariableStopsTheRunBeforeAnyData() throws Exception {
        String out = run(demoCommand(), "fancy", 1);
        assertThat(out).contains("dlt4j: Config key 'progress' has invalid value fancy, set in environment variable"
                + " PROGRESS; allowed: \"none\", \"log\", \"bar\", \"tqdm\", \"enlighten\" or \"alive_progress\".");
        assertThat(tmp.resolve("demo.duckdb")).doesNotExist();
    }

    /** The text of every draw of a stage's bar: from a carriage return to the erase-line sequence. */
    static List<String> draws(String out, String stage) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("\r(" + Pattern.quote(stage) + "[^\r\u001b]*)\u001b\\[K").matcher(out);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
