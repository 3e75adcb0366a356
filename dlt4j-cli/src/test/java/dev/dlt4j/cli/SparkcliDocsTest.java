package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What README.md, docs/spark.md ("CLI") and {@code dlt4j ingest --help} say about {@code --spark}:
 * the options they name exist, and the lines they quote are the ones the command prints
 * ({@link SparkcliIngestTest} runs them).
 */
class SparkcliDocsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path SPARK_MD = Path.of("..", "docs", "spark.md");

    private static String cliSection() throws IOException {
        String page = Files.readString(SPARK_MD);
        int start = page.indexOf("\n## CLI\n");
        assertThat(start).as("docs/spark.md has a '## CLI' section").isNotNegative();
        int end = page.indexOf("\n## ", start + 1);
        return page.substring(start, end < 0 ? page.length() : end);
    }

    private static Set<String> ingestOptions() {
        Set<String> names = new LinkedHashSet<>();
        new CommandLine(new IngestCommand()).getCommandSpec().options()
                .forEach(o -> names.addAll(java.util.List.of(o.names())));
        return names;
    }

    private static Set<String> flags(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*").matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void ingestHelpListsTheSparkOptionsAndSaysWhatTheyNeed() {
        CliRun r = CliRun.of("ingest", "--help");
        assertThat(r.exitCode()).isZero();
        // picocli wraps the descriptions at 80 columns
        assertThat(r.out().replaceAll("\\s*\\n\\s*", " "))
                .contains("--spark=MASTER", "--partitions=N", "--spark-conf=KEY=VALUE", "--shared-dir=DIR")
                .contains("With --spark MASTER the source is split into partitions that Spark tasks extract and")
                .contains("Needs Spark 4.0 on the class path: set SPARK_HOME for the launcher.")
                .contains("default: twice the master's cores");
    }

    @Test
    void theReadmeAndTheSparkPageNameOnlyIngestOptionsThatExist() throws IOException {
        String readme = Files.readString(README);
        Matcher usage = Pattern.compile("(?m)^\\./dlt4j ingest .*$").matcher(readme);
        assertThat(usage.find()).as("README's CLI reference has the ingest line").isTrue();
        String line = usage.group();
        while (usage.find()) {
            line = usage.group(); // the reference's line is the last one of that shape
        }
        assertThat(line).contains("[--spark MASTER [--partitions N] [--spark-conf K=V ...] [--shared-dir DIR]]");
        assertThat(ingestOptions()).containsAll(flags(line));

        Matcher block = Pattern.compile("(?s)```bash\\n(.*?)```").matcher(cliSection());
        assertThat(block.find()).as("docs/spark.md's CLI section has its command").isTrue();
        assertThat(block.group(1)).contains("./dlt4j ingest").contains("--spark 'local[2]'");
        assertThat(ingestOptions()).containsAll(flags(block.group(1)));
    }

    @Test
    void theSparkPageQuotesTheLinesTheCommandPrints() throws IOException {
        String section = cliSection().replaceAll("\\s*\\n\\s*", " ");
        // a class loader that sees no Spark: the message the command prints, without "dlt4j: "
        String missing = SparkIngest.missing(new ClassLoader(null) { }).orElseThrow();
        assertThat(section).contains(missing).contains("dlt4j: " + missing);
        // as SparkcliIngestTest asserts them
        assertThat(section).contains("Spark local[2]: 4 partitions of filesystem extracted and normalized by"
                        + " Spark tasks, loaded by this JVM")
                .contains("--spark cannot split a <type> source (<source>); source types that split: filesystem,"
                        + " sql_database")
                .contains("--spark 'local[two]' is not a master Spark takes (Could not parse Master URL:"
                        + " 'local[two]'); allowed: local, local[N], local[*], local[N,F]")
                .contains("--spark: Spark's jackson-module-scala does not work with the jackson-databind 2.23.0 of"
                        + " dlt4j (Scala module 2.18.2 requires Jackson Databind version >= 2.18.0 and < 2.19.0")
                .contains("): put the dlt4j jar before Spark's jars on the class path (./dlt4j does; it carries the"
                        + " module of its own Jackson version), or with spark-submit set"
                        + " spark.driver.userClassPathFirst=true");
        assertThat(SparkIngest.MASTERS).startsWith("local, local[N], local[*], local[N,F]");
    }

    /**
     * "The dlt4j jar carries jackson-module-scala_2.13 2.23.0": in the command line's compile scope
     * (so in the shaded jar) at the version of its jackson-databind.
     */
    @Test
    void theJarCarriesJacksonsScalaModuleAtDlt4jsJacksonVersion() throws IOException {
        String list = Files.readString(Path.of("target", "dependency-list.txt")).replaceAll("\u001B\\[[;\\d]*m", "");
        TreeMap<String, String> found = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\s+com\\.fasterxml\\.jackson\\.[\\w.]+:([\\w.-]+):jar:([\\w.-]+):(\\w+)")
                .matcher(list);
        while (m.find()) {
            found.put(m.group(1), m.group(2) + " " + m.group(3));
        }
        assertThat(found).containsEntry("jackson-databind", "2.23.0 compile")
                .containsEntry("jackson-module-scala_2.13", "2.23.0 compile");
        assertThat(list).doesNotContain("org.apache.spark").doesNotContain("org.scala-lang:scala-library");
        assertThat(Files.readString(SPARK_MD)).contains("carries\n`jackson-module-scala_2.13` 2.23.0");
    }
}
