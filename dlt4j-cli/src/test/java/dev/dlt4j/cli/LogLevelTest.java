package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.WriteDisposition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [runtime] log_level} takes effect in the command line's Logback: a pipeline loading into
 * PostgreSQL with a password in its URI, run in a JVM of its own (the CLI's class path: Logback,
 * {@link LogbackSetup}, {@link LogbackLevels}) at DEBUG and at the default WARNING.
 */
class LogLevelTest {
    private static final String PASSWORD = "s3cret-build-pw";
    @TempDir
    Path dir;

    /** The probe: one small table into PostgreSQL, replaced, with the password in the URI. */
    public static void main(String[] args) {
        Pipeline p = Pipeline.builder("build_loglevel")
                .destination("postgresql://postgres:" + PASSWORD + "@127.0.0.1:5432/test")
                .dataset("build_loglevel_data").pipelinesDir(Paths.get(args[0])).projectDir(Paths.get(args[0]))
                .build();
        p.run(Resource.of("rows", List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b")))
                .writeDisposition(WriteDisposition.REPLACE));
    }

    @BeforeAll
    static void postgres() {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", p)) {
            c.isValid(1);
        } catch (SQLException e) {
            if ("1".equals(System.getenv("DLT4J_REQUIRE_POSTGRES"))) {
                throw new AssertionError("DLT4J_REQUIRE_POSTGRES=1 but PostgreSQL is not reachable", e);
            }
            Assumptions.abort("PostgreSQL is not reachable on 127.0.0.1:5432: " + e.getMessage());
        }
    }

    @Test
    void debugShowsStagesJobsAndSqlWithThePasswordMasked() throws Exception {
        String err = probe(Map.of("RUNTIME__LOG_LEVEL", "debug"));
        assertThat(err).contains("INFO  [main] dev.dlt4j.progress.Tracer - pipeline build_loglevel: extract started")
                .contains("pipeline build_loglevel: load completed in ")
                .contains("rows per table {rows=2}")
                .containsPattern("INFO .* load package \\d+\\.\\d+ is loaded")
                .contains("DEBUG [main] dev.dlt4j.sql.SqlLog - connecting to postgresql://postgres:***@127.0.0.1:5432/test")
                .contains("dev.dlt4j.sql.SqlLog - build_loglevel_data: CREATE SCHEMA IF NOT EXISTS \"build_loglevel_data\"")
                .contains("dev.dlt4j.sql.SqlLog - postgres: COPY \"build_loglevel_data\".\"rows\" (")
                .containsPattern("DEBUG .* dev.dlt4j.load.Loader - load package \\S+: job rows\\.\\S+ started")
                .containsPattern("DEBUG .* dev.dlt4j.storage.BufferedDataWriter - table rows: wrote csv file \\S+ \\(2 item\\(s\\)\\)")
                .doesNotContain(PASSWORD);
    }

    @Test
    void warningShowsWarningsButNoInfoDebugOrSql() throws Exception {
        // a mistyped key: its warning is the one line that WARNING lets through
        String err = probe(Map.of("LOAD__WORKERZ", "2"));
        assertThat(err).contains("WARN  [main] dev.dlt4j.config.ConfigResolver - Unknown config key 'workerz'")
                .doesNotContain("SqlLog").doesNotContain(" INFO ").doesNotContain(" DEBUG ")
                .doesNotContain("CREATE").doesNotContain(PASSWORD);
    }

    private String probe(Map<String, String> env) throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", cp, LogLevelTest.class.getName(), dir.toString());
        Map<String, String> e = pb.environment();
        new HashMap<>(e).keySet().stream().filter(k -> k.contains("__") || k.equals("PROGRESS")).forEach(e::remove);
        e.putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out).isEmpty();
        return err;
    }
}
