package dev.dlt4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README says how the tests use two cores: two modules at a time, DuckDB's module's classes in two
 * JVMs, test JVMs with the JIT's first tier only. These are the build files that make it so.
 */
class TestSuiteSetupTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void theReadmeDescribesTheBuildFilesAsTheyAre() throws Exception {
        assertThat(Files.readString(ROOT.resolve("README.md")))
                .contains("The tests build two modules at a time (`-T2` in `.mvn/maven.config`), run DuckDB's"
                        + " module's test classes\nin two JVMs, and run test JVMs with the JIT's first tier only"
                        + " (`tests.jvm` in the parent POM;");
        // one argument per line for Maven 3.9 (the wrapper's): "-T 2" on one line is refused as " 2"
        assertThat(Files.readAllLines(ROOT.resolve(".mvn/maven.config"))).containsExactly("-T2");
        assertThat(Files.readString(ROOT.resolve("pom.xml")))
                .contains("<tests.jvm>-XX:TieredStopAtLevel=1</tests.jvm>")
                .contains("<argLine>@{argLine} ${tests.jvm}</argLine>");
        assertThat(Files.readString(ROOT.resolve("dlt4j-duckdb/pom.xml"))).contains("<forkCount>2</forkCount>");
    }
}
