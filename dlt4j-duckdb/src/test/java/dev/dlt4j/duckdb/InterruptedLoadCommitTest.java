package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.ResourceStateTest.runs;
import static dev.dlt4j.duckdb.ResourceStateTest.source;
import static dev.dlt4j.duckdb.ResourceStateTest.stateRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.spi.CrashPointHook;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill inside the load stage's commit (package marked loaded, its state not yet adopted) is
 * finished before the next extract, whichever stage runs first: the extract continues from the
 * loaded package's state, so the state advances exactly once.
 */
class InterruptedLoadCommitTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        CrashPointHook.clear();
    }

    private Pipeline pipeline() {
        return DuckDbTesting.pipeline(tmp, "st").build();
    }

    /** Killed after package_completed.json (loaded) is written, before state.json: then extract() alone. */
    @Test
    void extractAfterAKillInsideMarkLoadedContinuesFromTheLoadedPackagesState() {
        pipeline().run(source()); // runs = 1, loaded
        CrashPointHook.throwAt("package_file.package_completed.json.after_rename", 1);
        assertThatThrownBy(() -> pipeline().run(source())).isInstanceOf(CrashPointHook.Crash.class);
        CrashPointHook.clear();
        // package 2 is loaded at the destination (runs = 2) and marked loaded; state.json still says runs = 1

        Pipeline next = pipeline();
        next.extract(source()); // should continue from runs = 2
        next.normalize();
        next.load();
        assertThat(stateRows(tmp.resolve("st.duckdb"), "st_data"))
                .containsExactly(List.of(1L, 1L), List.of(2L, 2L), List.of(3L, 3L));
        assertThat(runs(next.state())).isEqualTo(3);
    }
}
