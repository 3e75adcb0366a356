package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Incremental;
import dev.dlt4j.Pipeline;
import dev.dlt4j.spi.CrashPointHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of an incremental SQL table killed like {@code kill -9} right after its package was
 * extracted (the cursor it advanced lives only in that package): the next run loads the package
 * first and continues from its cursor, so every row of the growing table is loaded exactly once.
 */
class SqlCrashTest {
    static final String SCHEMA = "sqlsrc_crash";

    @TempDir
    Path tmp;

    static Pipeline pipeline(Path dir) {
        return Pipeline.builder("crash").destination("duckdb:" + dir.resolve("crash.duckdb")).dataset("crash_data")
                .pipelinesDir(dir.resolve("pipelines")).projectDir(dir).environment(Map.of()).build();
    }

    static SqlSource events() {
        return SqlSource.of(Databases.PG).schema(SCHEMA).tables("events")
                .applyHints(r -> r.incremental(Incremental.on("at")));
    }

    static void grow(int from, int to) {
        Databases.pg("INSERT INTO " + SCHEMA + ".events SELECT g, timestamp '2024-01-01' + (g / 3) * interval '1 hour'"
                + " FROM generate_series(" + from + ", " + to + ") g");
    }

    @Test
    void aRunKilledAfterExtractIsFinishedByTheNextAndEveryRowLoadsOnce() throws Exception {
        Databases.pg("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".events (id int PRIMARY KEY, at timestamp NOT NULL)");
        grow(1, 10);
        pipeline(tmp).run(events().toSource());
        grow(11, 20);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the child's temporary folder in the test's: a halted child leaves DuckDB's copy of its native library
        Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("java-tmp")), "-cp",
                System.getProperty("java.class.path"), SqlCrashTest.class.getName(), tmp.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("child.log")))
                .isEqualTo(CrashPointHook.HALTED);

        grow(21, 30);
        pipeline(tmp).run(events().toSource());
        assertThat(Databases.duck(tmp.resolve("crash.duckdb"), "SELECT count(*) n, count(DISTINCT id) d,"
                + " min(id) lo, max(id) hi FROM crash_data.events"))
                .containsExactly(Map.of("n", 30L, "d", 30L, "lo", 1L, "hi", 30L));
    }

    /** The child: run 2 halts the first time its extracted package is committed. */
    public static void main(String[] args) {
        CrashPointHook.haltAt("extract.after_commit", 1);
        pipeline(Path.of(args[0])).run(events().toSource());
        System.exit(0);
    }
}
