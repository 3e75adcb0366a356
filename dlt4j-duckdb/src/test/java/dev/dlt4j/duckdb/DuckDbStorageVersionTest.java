package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.spi.Destination;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB files dlt4j creates are readable by DuckDB 1.4 LTS and newer unless told otherwise. */
class DuckDbStorageVersionTest {
    /** DuckDB 1.4's JDBC driver, copied here by the maven-dependency-plugin (see this module's pom). */
    private static final Path DUCKDB_14_JAR = Path.of("target", "duckdb-1.4", "duckdb_jdbc-1.4.jar");

    @TempDir
    Path tmp;

    private Pipeline.Builder pipeline(String destination, Map<String, String> env) {
        return Pipeline.builder("compat").destination(destination).dataset("compat_data").localDir(tmp)
                .projectDir(tmp).pipelinesDir(tmp.resolve("pipelines")).environment(env);
    }

    private static void load(Pipeline p, int id) {
        // one column of every kind DuckDB stores differently, and a child table
        p.run(Resource.of("orders", List.of(Map.of("id", id, "total", new BigDecimal("9.99"), "paid", true,
                "ratio", 0.5, "at", Instant.parse("2024-01-15T10:30:00Z"), "day", LocalDate.of(2024, 1, 15),
                "doc", Map.of("a", List.of(1, 2)), "bin", new byte[] {1, 2}, "lines", List.of(Map.of("sku", "a"),
                        Map.of("sku", "b"))))));
    }

    private static String storageVersion(Path db) {
        return String.valueOf(query(db, "SELECT tags['storage_version'] AS v FROM duckdb_databases()"
                + " WHERE NOT internal AND database_name NOT IN ('memory', 'temp')").get(0).get("v"));
    }

    /** Reads every table of the file with DuckDB 1.4 in a child JVM; returns exit code and output. */
    private static List<String> readWithDuckDb14(Path db) throws IOException, InterruptedException {
        assertThat(DUCKDB_14_JAR).as("DuckDB 1.4 JDBC driver copied by mvn generate-test-resources").exists();
        Path classes = Path.of(ReadEveryTable.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", DUCKDB_14_JAR.toAbsolutePath() + java.io.File.pathSeparator + classes,
                ReadEveryTable.class.getName(), db.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new ArrayList<>(out.lines().toList());
        lines.add("exit " + child.exitValue());
        return lines;
    }

    @Test
    void aDefaultFileIsReadByDuckDb14InEveryTable() throws Exception {
        Pipeline p = pipeline("duckdb", Map.of()).build();
        load(p, 1);
        load(p, 2); // reopened and written again: the file keeps its storage version
        Path db = tmp.resolve("compat.duckdb");
        assertThat(storageVersion(db)).isEqualTo("v1.4.0+");
        List<String> expected = new ArrayList<>();
        for (Map<String, Object> t : query(db, "SELECT table_schema AS s, table_name AS t FROM information_schema.tables"
                + " ORDER BY 1, 2")) {
            String name = t.get("s") + "." + t.get("t");
            expected.add(name + " " + DuckDbTesting.count(db, "\"" + t.get("s") + "\".\"" + t.get("t") + "\""));
        }
        assertThat(expected).contains("compat_data.orders 2", "compat_data.orders__lines 4",
                "compat_data._dlt_loads 2");

        List<String> read = readWithDuckDb14(db);
        assertThat(read).first().asString().startsWith("version v1.4.");
        assertThat(read.subList(1, read.size())).containsExactlyElementsOf(concat(expected, "exit 0"));
    }

    @Test
    void storageVersionLatestInTheUriWritesAFileDuckDb14CannotOpen() throws Exception {
        load(pipeline("duckdb:compat.duckdb?storage_version=latest", Map.of()).build(), 1);
        Path db = tmp.resolve("compat.duckdb");
        assertThat(storageVersion(db)).isNotEqualTo("v1.4.0+");
        assertThat(readWithDuckDb14(db)).last().isNotEqualTo("exit 0");
    }

    @Test
    void storageVersionComesFromTheDestinationDuckdbSectionOfThePipelinesConfig() throws Exception {
        load(pipeline("duckdb", Map.of("DESTINATION__DUCKDB__STORAGE_VERSION", "v1.0.0")).build(), 1);
        assertThat(storageVersion(tmp.resolve("compat.duckdb"))).isEqualTo("v1.0.0+");

        Files.createDirectories(tmp.resolve("other/.dlt"));
        Files.writeString(tmp.resolve("other/.dlt/config.toml"), "[destination.duckdb]\nstorage_version = \"latest\"\n");
        Pipeline latest = Pipeline.builder("other").destination("duckdb").localDir(tmp).projectDir(tmp.resolve("other"))
                .pipelinesDir(tmp.resolve("pipelines")).environment(Map.of()).build();
        load(latest, 1);
        assertThat(storageVersion(tmp.resolve("other.duckdb"))).isNotIn("v1.4.0+", "v1.0.0+");
    }

    @Test
    void aBadStorageVersionIsRefusedNamingTheSettingAndWhatIsAllowed() {
        assertThatThrownBy(() -> Destination.named("duckdb:x.duckdb?storage_version=newest"))
                .hasMessageContaining("storage_version 'newest' is not valid; allowed: \"latest\" or a DuckDB version"
                        + " such as \"v1.4.0\"");
        assertThatThrownBy(() -> pipeline("duckdb", Map.of("DESTINATION__DUCKDB__STORAGE_VERSION", "1.4")).build())
                .hasMessageContaining("storage_version").hasMessageContaining("DESTINATION__DUCKDB__STORAGE_VERSION");
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }
}
