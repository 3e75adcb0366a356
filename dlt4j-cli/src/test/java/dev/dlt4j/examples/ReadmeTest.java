package dev.dlt4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's Java example is {@link QuickStart}'s code, and does what the README says: run as the
 * README runs it ({@code java -cp … dev.dlt4j.examples.QuickStart}, in a fresh JVM whose working
 * directory is a temp dir), it loads {@code shop.duckdb} there and prints its {@code LoadInfo}.
 */
class ReadmeTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path QUICK_START = Path.of("src", "main", "java", "dev", "dlt4j", "examples",
            "QuickStart.java");

    @TempDir
    Path tmp;

    @Test
    void everyJavaExampleOfTheReadmeIsCompiledCode() throws IOException {
        List<String> inReadme = DocBlocks.javaBlocks(Files.readString(README));
        Map<String, String> compiled = DocBlocks.markedExamples(Files.readString(QUICK_START));

        assertThat(inReadme).as("the README has Java examples").isNotEmpty();
        assertThat(compiled.values()).as("Java examples of " + README + " (each must be a marked block of "
                + QUICK_START + ")").containsAll(inReadme);
        assertThat(inReadme).as("every marked example of " + QUICK_START + " is in the README")
                .containsAll(compiled.values());
    }

    @Test
    void theQuickStartLoadsShopDuckdbInTheWorkingDirectoryAndPrintsPackagesRowsAndTimes() throws Exception {
        String out = runQuickStart();

        assertThat(tmp.resolve("shop.duckdb")).isRegularFile();
        assertThat(out).contains("Pipeline shop: 1 load package(s) loaded to duckdb at ")
                .contains("shop.duckdb, dataset shop_data")
                .contains("is LOADED, no failed jobs")
                .containsPattern("(?m)^ {4}orders +3$")
                .containsPattern("(?m)^ {4}orders__items +4$")
                .containsPattern("(?m)^ {4}customers +2$")
                .containsPattern("(?m)^ {4}customers__tags +1$")
                .containsPattern("time: extract \\d+\\.\\d\\d s, normalize \\d+\\.\\d\\d s, load \\d+\\.\\d\\d s,"
                        + " total \\d+\\.\\d\\d s");
    }

    @Test
    void aSecondRunLoadsNoOrderAgainAndReplacesTheCustomers() throws Exception {
        runQuickStart();
        String second = runQuickStart();

        assertThat(second).as("the orders are incremental on placed_at: the second run extracts none")
                .doesNotContainPattern("(?m)^ {4}orders +\\d").containsPattern("(?m)^ {4}customers +2$");
        assertThat(loadedRowCounts()).containsEntry("orders", 3L).containsEntry("orders__items", 4L)
                .containsEntry("customers", 2L).containsEntry("customers__tags", 1L)
                .containsEntry("_dlt_loads", 2L);
    }

    /** Runs {@link QuickStart#main} in a fresh JVM in {@link #tmp}; returns what it printed. */
    private String runQuickStart() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, QuickStart.class.getName()).redirectErrorStream(true).directory(tmp.toFile());
        pb.environment().put("DLT4J_DATA_DIR", tmp.resolve("data").toString()); // not the user's ~/.dlt4j
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("QuickStart finished").isTrue();
        assertThat(p.exitValue()).as("exit code of QuickStart, which printed:%n%s", out).isZero();
        return out;
    }

    private Map<String, Long> loadedRowCounts() {
        Pipeline pipeline = Pipeline.builder("shop").destination("duckdb:" + tmp.resolve("shop.duckdb"))
                .dataset("shop_data").pipelinesDir(tmp.resolve("data").resolve("pipelines")).build();
        return pipeline.rowCounts().orElseThrow();
    }
}
