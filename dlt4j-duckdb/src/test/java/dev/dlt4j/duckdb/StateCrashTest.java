package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.ResourceStateTest.runs;
import static dev.dlt4j.duckdb.ResourceStateTest.source;
import static dev.dlt4j.duckdb.ResourceStateTest.stateRows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.spi.CrashPointHook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The state survives a kill -9: run 2 runs in a child JVM that dies like a SIGKILL (halted, no
 * cleanup) at a point after its package was extracted and before it was loaded, or that parks
 * there and is killed by the parent with a real SIGKILL. The pipeline's
 * state is then still run 1's, the state of the last loaded package; the next run finishes run 2's
 * package, so the state advances exactly once for it (version and the resource's counter), with one
 * matching {@code _dlt_pipeline_state} row per package at the destination.
 */
class StateCrashTest {
    @TempDir
    Path tmp;

    static Pipeline pipeline(Path dir) {
        return DuckDbTesting.pipeline(dir, "st").build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"extract.after_commit", "normalize.before_commit", "normalize.after_commit",
            "job.new_to_started.after", "load.before_complete_load"})
    void aKillBetweenExtractAndLoadLeavesTheLastLoadedStateAndTheNextRunAdvancesItOnce(String point)
            throws Exception {
        pipeline(tmp).run(source());
        assertThat(runChild(point)).as("the child halts at " + point + "; its log:\n" + log()).isEqualTo(
                CrashPointHook.HALTED);

        Pipeline next = pipeline(tmp);
        assertThat(runs(next.state())).as("the state of the last loaded package").isEqualTo(1);
        assertThat(next.state().stateVersion()).isEqualTo(1);
        assertThat(stateRows(db(), "st_data")).containsExactly(List.of(1L, 1L));

        // finishing run 2's package alone advances the state once
        next.normalize();
        next.load();
        assertThat(runs(next.state())).isEqualTo(2);
        assertThat(next.state().stateVersion()).isEqualTo(2);
        assertThat(stateRows(db(), "st_data")).containsExactly(List.of(1L, 1L), List.of(2L, 2L));

        next.run(source());
        assertThat(runs(next.state())).isEqualTo(3);
        assertThat(stateRows(db(), "st_data")).containsExactly(List.of(1L, 1L), List.of(2L, 2L), List.of(3L, 3L));
        assertThat(DuckDbTesting.query(db(), "SELECT run FROM st_data.events ORDER BY run"))
                .extracting(r -> ((Number) r.get("run")).intValue()).containsExactly(1, 2, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"package_file.package_completed.json.after_rename", "state.before_rename"})
    void aKillWhileThePackageIsCommittedAsLoadedIsFinishedByTheNextRunOnce(String point) throws Exception {
        pipeline(tmp).run(source());
        assertThat(runChild(point)).as("the child halts at " + point + "; its log:\n" + log()).isEqualTo(
                CrashPointHook.HALTED);

        Pipeline next = pipeline(tmp);
        next.run(source());
        assertThat(runs(next.state())).isEqualTo(3);
        assertThat(next.state().stateVersion()).isEqualTo(3);
        assertThat(stateRows(db(), "st_data")).containsExactly(List.of(1L, 1L), List.of(2L, 2L), List.of(3L, 3L));
    }

    @org.junit.jupiter.api.Test
    void aRealSigkillWhileThePackageWaitsToLoadLeavesTheLastLoadedState() throws Exception {
        pipeline(tmp).run(source());
        Process p = ChildJvm.start(StateCrashTest.class, log(), tmp.toString(), "wait:normalize.after_commit");
        Path parked = tmp.resolve("PARKED");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(parked)) {
            assertThat(p.isAlive()).as("the child parks between normalize and load; its log:\n" + logText()).isTrue();
            assertThat(System.nanoTime()).as("the child parked in time").isLessThan(deadline);
            Thread.sleep(5);
        }
        p.destroyForcibly(); // SIGKILL on Linux: no finally block, no shutdown hook runs
        p.waitFor(30, TimeUnit.SECONDS);
        assertThat(p.exitValue()).isEqualTo(137);

        Pipeline next = pipeline(tmp);
        assertThat(runs(next.state())).isEqualTo(1);
        assertThat(next.state().stateVersion()).isEqualTo(1);
        next.run(source());
        assertThat(runs(next.state())).isEqualTo(3);
        assertThat(stateRows(db(), "st_data")).containsExactly(List.of(1L, 1L), List.of(2L, 2L), List.of(3L, 3L));
    }

    private Path db() {
        return tmp.resolve("st.duckdb");
    }

    private Path log() {
        return tmp.resolve("child.log");
    }

    private String logText() throws IOException {
        return ChildJvm.logText(log());
    }

    private int runChild(String point) throws Exception {
        return ChildJvm.run(StateCrashTest.class, log(), tmp.toString(), point);
    }

    /**
     * The child: {@code <dir> <point>} runs run 2 and halts (as SIGKILL does) the first time it
     * reaches the point; {@code <dir> wait:<point>} parks there instead, for the parent's SIGKILL.
     */
    public static void main(String[] args) {
        if (args[1].startsWith("wait:")) {
            String point = args[1].substring("wait:".length());
            CrashPointHook.on(p -> {
                if (p.equals(point)) {
                    try {
                        Files.writeString(Path.of(args[0]).resolve("PARKED"), "");
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        } else {
            CrashPointHook.haltAt(args[1], 1);
        }
        pipeline(Path.of(args[0])).run(source());
        System.exit(0);
    }
}
