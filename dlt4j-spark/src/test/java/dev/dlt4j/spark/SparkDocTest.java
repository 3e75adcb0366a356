package dev.dlt4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/spark.md: its Java examples are the marked blocks of {@link SparkDocExamples} (compiled), and
 * they do what the page says. (The CLI's DocsTest leaves this page to this module: Spark is not on
 * the CLI's class path.)
 */
class SparkDocTest {
    private static final Path PAGE = Path.of("..", "docs", "spark.md");
    private static final Path EXAMPLES = Path.of("src", "test", "java", "dev", "dlt4j", "spark",
            "SparkDocExamples.java");

    @TempDir
    Path tmp;

    @Test
    void theJavaExamplesOfThePageAreTheCompiledOnes() throws Exception {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^```java\\n(.*?)^```$", Pattern.DOTALL).matcher(Files.readString(PAGE));
        while (m.find()) {
            blocks.add(dedent(m.group(1)));
        }
        Map<String, String> marked = new LinkedHashMap<>();
        Matcher e = Pattern.compile("(?m)^[ \\t]*// doc:(\\w+)\\n(.*?)^[ \\t]*// end:\\1$", Pattern.DOTALL)
                .matcher(Files.readString(EXAMPLES));
        while (e.find()) {
            marked.put(e.group(1), dedent(e.group(2)));
        }
        assertThat(blocks).containsExactlyElementsOf(marked.values());
    }

    @Test
    void theLocalExampleLoadsTheTableInOneLoad() throws Exception {
        try (Connection c = DriverManager.getConnection(SparkSourcesTest.PG_JDBC); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS spark_doc");
            s.execute("DROP TABLE IF EXISTS spark_doc.orders");
            s.execute("CREATE TABLE spark_doc.orders (id integer PRIMARY KEY, total numeric(8,2))");
            s.execute("INSERT INTO spark_doc.orders SELECT g, g / 10.0 FROM generate_series(1, 1000) g");
        }
        LoadInfo info = SparkDocExamples.local(SparkTests.session(), tmp.resolve("shop.duckdb"), tmp.resolve("p"));
        assertThat(info.loadIds()).hasSize(1);
        assertThat(info.rowCounts()).containsEntry("orders", 1000L);
    }

    @Test
    void theClusterExampleKeepsItsPartitionsInTheSharedFolderUntilTheyLoad() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Path input = Files.createDirectories(shared.resolve("input"));
        for (int f = 0; f < 3; f++) {
            Files.writeString(input.resolve("e" + f + ".jsonl"), "{\"id\": " + f + "}\n");
        }
        Pipeline pipeline = Pipeline.builder("events").destination("duckdb:" + tmp.resolve("e.duckdb"))
                .dataset("events_data").pipelinesDir(tmp.resolve("p")).build();
        LoadInfo info = SparkDocExamples.cluster(SparkTests.session(), pipeline, shared);
        assertThat(info.rowCounts()).containsEntry("input", 3L); // the table is named after the folder
        assertThat(shared.resolve("dlt4j-partitions").toFile().list()).isEmpty();
    }

    private static String dedent(String text) {
        List<String> lines = text.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String l : lines) {
            out.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return out.toString();
    }
}
