package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code --version} and the BOM say the reactor's version, and the BOM lists every published module. */
class VersionTest {
    private static final Path PARENT = Path.of("..", "pom.xml");
    private static final Path BOM = Path.of("..", "dlt4j-bom", "pom.xml");

    private static String reactorVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>dlt4j-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(PARENT));
        assertThat(m.find()).as("dlt4j-parent's version in " + PARENT).isTrue();
        return m.group(1);
    }

    @Test
    void versionPrintsExactlyThePomsVersion() throws IOException {
        CliRun r = CliRun.of("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("dlt4j " + reactorVersion() + System.lineSeparator());
        assertThat(reactorVersion()).doesNotContain("SNAPSHOT");
    }

    @Test
    void theBomHasTheReactorsVersionAndEveryPublishedModule() throws IOException {
        String bom = Files.readString(BOM);
        Matcher v = Pattern.compile("<artifactId>dlt4j-bom</artifactId>\\s*<version>([^<]+)</version>").matcher(bom);
        assertThat(v.find()).isTrue();
        assertThat(v.group(1)).isEqualTo(reactorVersion());
        List<String> published = new ArrayList<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(PARENT));
        while (m.find()) {
            if (!m.group(1).equals("dlt4j-bom") && !m.group(1).equals("dlt4j-bench")) {
                published.add(m.group(1));
            }
        }
        assertThat(published).contains("dlt4j-core", "dlt4j-duckdb", "dlt4j-micrometer", "dlt4j-cli");
        for (String module : published) {
            assertThat(bom).as("dlt4j-bom manages " + module)
                    .contains("<artifactId>" + module + "</artifactId><version>${project.version}</version>");
        }
    }
}
