package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's licence table lists every third-party dependency Maven resolves for the command line
 * (which has every module on its class path, the metrics module in test scope): the build writes
 * that list to {@code target/dependency-list.txt} (maven-dependency-plugin {@code list}, before the
 * tests). Each listed licence is one dlt4j may ship under Apache-2.0, and the table says which
 * dependencies are in the command-line jar and which serve the tests only.
 */
class LicencesTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path RESOLVED = Path.of("target", "dependency-list.txt");
    /** Permissive, weak copyleft used unmodified, or public domain: compatible with shipping under Apache-2.0. */
    private static final Set<String> ACCEPTED = Set.of("Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause",
            "EPL-1.0", "EPL-2.0", "EDL-1.0", "CC0-1.0", "LGPL-2.1");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`:]+:[^`]+)` \\| ([^|]+) \\| ([^|]+) \\|");
    private static final Pattern RESOLVED_LINE = Pattern.compile("(?m)^\\s+([\\w.\\-]+):([\\w.\\-]+):[^:\\s]+:"
            + "(?:[^:\\s]+:)?[^:\\s]+:(compile|runtime|provided|test|system)\\b");

    record Listed(String licence, String where) {
    }

    @Test
    void everyResolvedDependencyIsListedWithAnAcceptedLicenceAndWhereItIsUsed() throws IOException {
        Map<String, String> resolved = resolved();
        Map<String, Listed> listed = listed();
        assertThat(resolved).as(RESOLVED + " (run the build up to generate-test-resources)").isNotEmpty();
        assertThat(listed.keySet()).as("dependencies in README.md's licence table").containsAll(resolved.keySet());
        resolved.forEach((ga, scope) -> {
            Listed l = listed.get(ga);
            assertThat(l.where()).as("README's 'used in' of " + ga + " (Maven scope " + scope + ")")
                    .isEqualTo(scope.equals("test") ? "tests only" : "command-line jar");
        });
        listed.forEach((ga, l) -> assertThat(l.licence().split(" OR "))
                .as("licence of " + ga + " in README.md (SPDX ids, ' OR ' between choices)")
                .anyMatch(ACCEPTED::contains).allMatch(id -> id.matches("[A-Za-z0-9.\\-]+")));
    }

    @Test
    void theCommandLineJarHoldsNoBenchmarkOrTestLibrary() throws IOException {
        Map<String, String> resolved = resolved();
        assertThat(resolved).doesNotContainKeys("org.openjdk.jmh:jmh-core", "org.openjdk.jmh:jmh-generator-annprocess");
        assertThat(resolved).containsEntry("org.junit.jupiter:junit-jupiter-api", "test")
                .containsEntry("ch.qos.logback:logback-classic", "compile");
        assertThat(resolved.keySet()).noneMatch(ga -> ga.startsWith("org.slf4j:slf4j-simple"));
    }

    private static Map<String, String> resolved() throws IOException {
        String text = Files.readString(RESOLVED).replaceAll("\u001B\\[[;\\d]*m", "");
        Map<String, String> out = new TreeMap<>();
        Matcher m = RESOLVED_LINE.matcher(text);
        while (m.find()) {
            out.put(m.group(1) + ":" + m.group(2), m.group(3));
        }
        return out;
    }

    private static Map<String, Listed> listed() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("<!-- dependency-licences -->");
        int end = readme.indexOf("<!-- /dependency-licences -->");
        assertThat(start).as("README.md has <!-- dependency-licences --> ... <!-- /dependency-licences -->")
                .isNotNegative().isLessThan(end);
        Map<String, Listed> out = new LinkedHashMap<>();
        Matcher m = ROW.matcher(readme.substring(start, end));
        while (m.find()) {
            out.put(m.group(1), new Listed(m.group(2).trim(), m.group(3).trim()));
        }
        return out;
    }
}
