package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.LoadConfig;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.spi.CrashPointHook;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped right after a job failed terminally: the next run does not report the package as loaded. */
class TerminalFailureRecoveryTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearHook() {
        CrashPointHook.clear();
    }

    @Test
    void aJobFailedTerminallyByAKilledRunKeepsItsPackageFailed() {
        Pipeline p = pipeline(tmp, "kf").load(new LoadConfig(1, false, true)).build();
        Resource good = Resource.of("good", List.of(Map.of("id", 1)));
        // 123456 does not fit DECIMAL(3,0): a terminal failure
        Resource bad = Resource.of("bad", List.of(Map.of("x", 123456)))
                .columns(Column.of("x", DataType.DECIMAL).withPrecision(3, 0));
        // stopped after the failed job moved to failed_jobs/, before its message and the package's fate were written
        CrashPointHook.throwAt("job.started_to_failed.after", 1);
        assertThatThrownBy(() -> p.run(Source.of("s", bad, good))).isInstanceOf(CrashPointHook.Crash.class);
        CrashPointHook.clear();

        assertThatThrownBy(p::load).isInstanceOf(PipelineException.class)
                .hasMessageContaining("failed terminally")
                .hasMessageContaining("table bad, file bad.");
        assertThat(count(tmp.resolve("kf.duckdb"), "kf_data._dlt_loads")).isZero();
        assertThat(p.workingDir().resolve("load/normalized").toFile().list()).isEmpty();
    }
}
