package dev.dlt4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlt4j bench sql} runs end to end on small tables (its speed is measured, never asserted). */
class SqlBenchTest {
    @TempDir
    Path tmp;

    @Test
    void benchSqlCopiesFromPostgresAndMariaDbAndPrintsTheRatioToTheLimit() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BenchCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("sql", "--rows", "2000", "--repeat", "1", "--work-dir", tmp.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("(?m)^postgres\\s+2,000\\s+[\\d.]+\\s+[\\d,]+\\s+[\\d.]+\\s+[\\d.]+"
                + "\\s+[\\d.]+x\\s+\\d+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+\\d+$")
                .containsPattern("(?m)^mariadb\\s+2,000\\s+")
                .contains("ratio = dlt4j / limit").contains("load average").contains("setup = seconds");
        // each run's folder goes once its result is read: kept, they slowed the runs after them
        assertThat(tmp.resolve("postgres-run-0")).doesNotExist();
        assertThat(tmp.resolve("postgres-limit-0")).doesNotExist();
        assertThat(tmp.resolve("mariadb-run-0")).doesNotExist();
    }

    @Test
    void sqlRunsAlone() {
        StringWriter err = new StringWriter();
        int code = BenchCommand.commandLine().setErr(new PrintWriter(err)).execute("sql", "flat-rows");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .contains("scenario sql runs alone: dlt4j bench sql [--rows N] [--repeat N] [--jfr DIR]");
    }
}
