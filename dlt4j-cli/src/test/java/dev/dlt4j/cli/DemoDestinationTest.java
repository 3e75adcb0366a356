package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlt4j demo --destination} with a name or URI of each destination type. */
class DemoDestinationTest {
    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {
    }

    private Run demo(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 5];
            all[0] = "demo";
            all[1] = "--rows";
            all[2] = "20";
            all[3] = "--pipelines-dir";
            all[4] = tmp.resolve("pipelines").toString();
            System.arraycopy(args, 0, all, 5, args.length);
            int code = Main.execute(all);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void demoLoadsIntoAFolderGivenByFileUri() {
        Path lake = tmp.resolve("lake");
        Run r = demo("--destination", "file://" + lake.toAbsolutePath());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("loaded to filesystem").containsPattern("issues\\s+20\\n")
                .containsPattern("issues__labels\\s+60\\n");
        assertThat(Files.isDirectory(lake.resolve("demo_data/issues"))).isTrue();
    }

    @Test
    void demoWritesParquetWhenTheFileUriAsksForIt() {
        Path lake = tmp.resolve("lake");
        Run r = demo("--destination", "file://" + lake.toAbsolutePath() + "?format=parquet");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("issues\\s+20\\n").containsPattern("issues__labels\\s+60\\n");
    }

    @Test
    void demoLoadsIntoADuckDbFileGivenByUri() {
        Path db = tmp.resolve("x.duckdb");
        Run r = demo("-d", "duckdb://" + db.toAbsolutePath());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("issues\\s+20\\n");
        assertThat(Files.exists(db)).isTrue();
    }

    @Test
    void demoLoadsIntoPostgresGivenByUriAndNeverPrintsThePassword() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", p)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS demo_data CASCADE");
        } catch (java.sql.SQLException e) {
            if ("1".equals(System.getenv("DLT4J_REQUIRE_POSTGRES"))) {
                throw new AssertionError("DLT4J_REQUIRE_POSTGRES=1 but PostgreSQL is not reachable", e);
            }
            Assumptions.abort("PostgreSQL not reachable at 127.0.0.1:5432: " + e.getMessage());
        }
        Run r = demo("--destination", "postgresql://postgres:hunter2@127.0.0.1:5432/test");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("postgresql://postgres:***@127.0.0.1:5432/test").doesNotContain("hunter2")
                .containsPattern("issues\\s+20\\n");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", p)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS demo_data CASCADE");
        }
    }

    @Test
    void anUnknownDestinationListsTheAvailableOnes() {
        Run r = demo("--destination", "snowflake://x");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("unknown destination 'snowflake://x'; available: duckdb, filesystem, postgres");
    }
}
