package dev.dlt4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.PipelineState;
import dev.dlt4j.Refresh;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.spi.CrashPointHook;
import dev.dlt4j.storage.PipelineStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where state lives, every destination alike: a {@code _dlt_pipeline_state} row only when the
 * state changed, restore from the destination when the working folder is gone, {@link Refresh}
 * and {@link Pipeline#dropResources}. A destination module subclasses it with how to build a
 * pipeline into it, how to read a table back and how to write a raw state row (to plant rows
 * dlt4j itself never writes: of a load that never completed, or unreadable).
 *
 * <p>The resources prove continuation through their own state: {@code events} counts its runs in
 * its resource state ({@code ctx.writeState}) and writes one row naming the run, so a run that
 * did not continue from the stored state writes {@code run = 1} again.
 */
public abstract class StateSyncContractTest {
    protected static final String SOURCE = "counting";

    @TempDir
    protected Path tmp;

    /** A pipeline builder into this destination: a dataset of its own, pipelines dir under {@link #tmp}. */
    protected abstract Pipeline.Builder pipeline(String name);

    /** Every row of {@code table} in the pipeline's dataset; empty when the table does not exist. */
    protected abstract List<Map<String, Object>> rows(Pipeline pipeline, String table);

    /**
     * Writes a {@code _dlt_pipeline_state} row of the pipeline with this load id and {@code state}
     * column, and a {@code _dlt_loads} row (status 0) for the load when {@code completed}.
     */
    protected abstract void writeStateRow(Pipeline pipeline, String loadId, long version, String state,
            boolean completed);

    @AfterEach
    void clearHook() {
        CrashPointHook.clear();
    }

    /** Counts its runs in its resource state and writes one row naming the run. */
    protected static Resource events() {
        return Resource.of("events", ctx -> {
            int run = ((Number) ctx.state().getOrDefault("runs", 0)).intValue() + 1;
            ctx.writeState(Map.of("runs", run));
            return List.of(Map.of("run", run));
        });
    }

    /** Two users with a nested list (a child table), no state. */
    protected static Resource users() {
        return Resource.of("users", List.of(Map.of("id", 1, "tags", List.of("a", "b")),
                Map.of("id", 2, "tags", List.of("c"))));
    }

    protected static int runs(PipelineState state) {
        return ((Number) state.resourceState(SOURCE, "events").getOrDefault("runs", 0)).intValue();
    }

    protected List<Integer> eventRuns(Pipeline p) {
        List<Integer> out = new ArrayList<>();
        rows(p, "events").forEach(r -> out.add(((Number) r.get("run")).intValue()));
        out.sort(null);
        return out;
    }

    protected int stateRows(Pipeline p) {
        return rows(p, "_dlt_pipeline_state").size();
    }

    protected static void deleteWorkingFolder(Pipeline p) {
        PipelineStorage.deleteTree(p.workingDir());
        assertThat(p.workingDir()).doesNotExist();
    }

    @Test
    void aRunWithoutItsWorkingFolderContinuesFromTheDestinationsState() {
        Pipeline.Builder b = pipeline("restored");
        Pipeline first = b.build();
        first.run(Source.of(SOURCE, events()));
        first.run(Source.of(SOURCE, events()));
        deleteWorkingFolder(first);

        Pipeline second = b.build(); // a new machine: same destination and dataset, no working folder
        second.run(Source.of(SOURCE, events()));

        assertThat(eventRuns(second)).as("continued from run 2, nothing loaded again").containsExactly(1, 2, 3);
        assertThat(runs(second.state())).isEqualTo(3);
        assertThat(second.state().stateVersion()).isEqualTo(3);
        assertThat(second.workingDir().resolve("schemas").resolve(SOURCE + ".schema.json"))
                .as("the schema is restored too").exists();
    }

    /** Orders 1..n, read whole on every run; the incremental cursor on {@code id} keeps what is new. */
    protected static Resource orders(int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int id = 1; id <= n; id++) {
            rows.add(Map.of("id", id, "total", id * 10));
        }
        return Resource.of("orders", rows).incremental(dev.dlt4j.Incremental.on("id").initial(0));
    }

    @Test
    void anIncrementalCursorContinuesFromTheDestinationAfterTheWorkingFolderIsGone() {
        Pipeline.Builder b = pipeline("cursor");
        Pipeline first = b.build();
        first.run(Source.of(SOURCE, orders(3)));
        deleteWorkingFolder(first);

        Pipeline second = b.build();
        second.run(Source.of(SOURCE, orders(5)));

        List<Integer> ids = new ArrayList<>();
        rows(second, "orders").forEach(r -> ids.add(((Number) r.get("id")).intValue()));
        ids.sort(null);
        assertThat(ids).as("each order once: 4 and 5 are new, 3 at the boundary is not loaded again")
                .containsExactly(1, 2, 3, 4, 5);
        @SuppressWarnings("unchecked")
        Map<String, Object> cursor = (Map<String, Object>) ((Map<String, Object>) second.state()
                .resourceState(SOURCE, "orders").get("incremental")).get("id");
        assertThat(((Number) cursor.get("last_value")).intValue()).isEqualTo(5);

        second.run(Source.of(SOURCE, orders(5)), Refresh.DROP_RESOURCES);
        assertThat(rows(second, "orders")).as("cursor reset to its initial value: every order again, once")
                .hasSize(5);
    }

    @Test
    void aRestoreStoppedBeforeItsStateIsWrittenIsDoneAgainByTheNextRun() {
        Pipeline.Builder b = pipeline("halfrestored");
        Pipeline first = b.build();
        first.run(Source.of(SOURCE, events()));
        first.run(Source.of(SOURCE, events()));
        deleteWorkingFolder(first);

        Pipeline second = b.build();
        CrashPointHook.throwAt("restore.before_state", 1);
        assertThatThrownBy(() -> second.run(Source.of(SOURCE, events()))).isInstanceOf(CrashPointHook.Crash.class);
        CrashPointHook.clear();
        assertThat(second.workingDir().resolve("state.json")).doesNotExist();
        second.run(Source.of(SOURCE, events()));

        assertThat(eventRuns(second)).containsExactly(1, 2, 3);
    }

    @Test
    void restoreFromDestinationFalseStartsFromAnEmptyState() {
        Pipeline.Builder b = pipeline("norestore");
        Pipeline first = b.build();
        first.run(Source.of(SOURCE, events()));
        deleteWorkingFolder(first);

        Pipeline second = b.restoreFromDestination(false).build();
        second.run(Source.of(SOURCE, events()));

        assertThat(eventRuns(second)).containsExactly(1, 1);
    }

    @Test
    void aLoadThatNeverCompletedDoesNotMoveTheRestoredState() {
        Pipeline.Builder b = pipeline("incomplete");
        Pipeline first = b.build();
        first.run(Source.of(SOURCE, events()));
        CrashPointHook.throwAt("load.before_complete_load", 1);
        assertThatThrownBy(() -> first.run(Source.of(SOURCE, events()))).isInstanceOf(CrashPointHook.Crash.class);
        CrashPointHook.clear();
        // a state row of a load without a _dlt_loads row, newer than every other: never restored
        PipelineState planted = first.state().withResourceState(SOURCE, "events", Map.of("runs", 99));
        writeStateRow(first, "9999999999.000001", 99, planted.compressed(), false);
        deleteWorkingFolder(first);

        Pipeline second = b.build();
        second.run(Source.of(SOURCE, events()));

        assertThat(runs(second.state())).as("continued from the last completed load").isEqualTo(2);
        assertThat(eventRuns(second)).contains(2).doesNotContain(100);
    }

    @Test
    void aStateRowIsWrittenOnlyWhenTheStateChanged() {
        Pipeline.Builder b = pipeline("rows");
        Pipeline p = b.build();
        p.run(Source.of(SOURCE, users()));
        p.run(Source.of(SOURCE, users()));
        assertThat(rows(p, "_dlt_loads")).hasSize(2);
        assertThat(stateRows(p)).as("the second run left the state as it was").isEqualTo(1);
        assertThat(p.state().stateVersion()).isEqualTo(1);

        p.run(Source.of(SOURCE, users(), events()));
        assertThat(stateRows(p)).isEqualTo(2);
        assertThat(p.state().stateVersion()).isEqualTo(2);
        deleteWorkingFolder(p);

        Pipeline again = b.build();
        again.run(Source.of(SOURCE, users()));
        assertThat(stateRows(again)).as("restored, and unchanged by a run that writes no state").isEqualTo(2);
        assertThat(runs(again.state())).isEqualTo(1);
    }

    @Test
    void refreshDropResourcesDropsTheRunsResourcesTablesAndResetsTheirState() {
        Pipeline p = pipeline("dropres").build();
        p.run(Source.of(SOURCE, events(), users()));
        p.run(Source.of(SOURCE, events(), users()));
        assertThat(rows(p, "users")).hasSize(4);

        LoadInfo info = p.run(Source.of(SOURCE, events(), users()), Refresh.DROP_RESOURCES);

        assertThat(info.loadIds()).hasSize(1);
        assertThat(eventRuns(p)).as("state reset: the counter starts again").containsExactly(1);
        assertThat(rows(p, "users")).as("dropped, then this run's rows").hasSize(2);
        assertThat(rows(p, "users__tags")).hasSize(3);
        assertThat(runs(p.state())).isEqualTo(1);
    }

    @Test
    void aRefreshStoppedDuringItsLoadIsFinishedByTheNextRun() {
        Pipeline p = pipeline("refreshcrash").build();
        p.run(Source.of(SOURCE, events(), users()));
        p.run(Source.of(SOURCE, events(), users()));
        CrashPointHook.throwAt("load.before_complete_load", 1);
        assertThatThrownBy(() -> p.run(Source.of(SOURCE, events(), users()), Refresh.DROP_RESOURCES))
                .isInstanceOf(CrashPointHook.Crash.class);
        CrashPointHook.clear();
        assertThat(runs(p.state())).as("the refreshed state is not the pipeline's before its package loads")
                .isEqualTo(2);

        p.run(Source.of(SOURCE, events(), users())); // loads the refresh package, then its own

        assertThat(eventRuns(p)).containsExactly(1, 2);
        assertThat(rows(p, "users")).hasSize(4);
        assertThat(runs(p.state())).isEqualTo(2);
    }

    @Test
    void refreshDropResourcesLeavesTheOtherResourcesOfTheSource() {
        Pipeline p = pipeline("dropone").build();
        p.run(Source.of(SOURCE, events(), users()));
        p.run(Source.of(SOURCE, events()), Refresh.DROP_RESOURCES);
        assertThat(rows(p, "users")).hasSize(2);
        assertThat(eventRuns(p)).containsExactly(1);
    }

    @Test
    void refreshDropSourcesDropsEveryTableOfTheSourceAndItsWholeState() {
        Pipeline p = pipeline("dropsrc").build();
        p.run(Source.of(SOURCE, events(), users()));
        p.run(Source.of(SOURCE, events()), Refresh.DROP_SOURCES);

        assertThat(rows(p, "users")).as("a table of a resource this run did not extract is dropped too").isEmpty();
        assertThat(eventRuns(p)).containsExactly(1);
        assertThat(p.state().source(SOURCE).resources()).containsOnlyKeys("events");
        assertThat(p.workingDir().resolve("schemas").resolve(SOURCE + ".schema.json")).content()
                .doesNotContain("\"users\"");
    }

    @Test
    void refreshDropDataEmptiesTheTablesAndKeepsTheSchema() {
        Pipeline p = pipeline("dropdata").build();
        p.run(Source.of(SOURCE, events(), users()));
        p.run(Source.of(SOURCE, events(), users()));

        p.run(Source.of(SOURCE, events(), users()), Refresh.DROP_DATA);

        assertThat(eventRuns(p)).containsExactly(1);
        assertThat(rows(p, "users")).hasSize(2);
        assertThat(rows(p, "users__tags")).hasSize(3);
        assertThat(runs(p.state())).isEqualTo(1);
    }

    @Test
    void aBuilderRefreshAppliesToEveryRun() {
        Pipeline.Builder b = pipeline("everyrun");
        b.build().run(Source.of(SOURCE, events()));
        Pipeline p = b.refresh(Refresh.DROP_DATA).build();
        p.run(Source.of(SOURCE, events()));
        p.run(Source.of(SOURCE, events()));
        assertThat(eventRuns(p)).containsExactly(1);
    }

    @Test
    void dropResourcesDropsTheirTablesAndStateByALoadOfItsOwn() {
        Pipeline p = pipeline("dropcmd").build();
        p.run(Source.of(SOURCE, events(), users()));
        p.run(Source.of(SOURCE, events(), users()));
        int loadsBefore = rows(p, "_dlt_loads").size();

        p.dropResources(SOURCE, List.of("users"));

        assertThat(rows(p, "users")).isEmpty();
        assertThat(rows(p, "users__tags")).isEmpty();
        assertThat(eventRuns(p)).containsExactly(1, 2);
        assertThat(rows(p, "_dlt_loads")).hasSize(loadsBefore + 1);
        p.dropResources(SOURCE, List.of("events"));
        assertThat(p.state().resourceState(SOURCE, "events")).isEmpty();
        p.run(Source.of(SOURCE, events(), users()));
        assertThat(eventRuns(p)).containsExactly(1);
        assertThat(rows(p, "users")).hasSize(2);
    }

    @Test
    void dropResourcesRefusesAnUnknownResourceNamingTheKnownOnes() {
        Pipeline p = pipeline("dropbad").build();
        p.run(Source.of(SOURCE, events(), users()));
        assertThatThrownBy(() -> p.dropResources(SOURCE, List.of("user")))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("resource(s) [user] not found in schema counting of pipeline dropbad")
                .hasMessageContaining("its resources: [events, users]");
        assertThat(rows(p, "users")).hasSize(2);
    }

    @Test
    void anUnreadableStoredStateFailsTheRunNamingTheLoad() {
        Pipeline.Builder b = pipeline("unreadable");
        Pipeline first = b.build();
        first.run(Source.of(SOURCE, events()));
        writeStateRow(first, "9999999999.000002", 7, "this is not zlib", true);
        deleteWorkingFolder(first);

        Pipeline second = b.build();
        assertThatThrownBy(() -> second.run(Source.of(SOURCE, events())))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("the pipeline state stored at destination")
                .hasMessageContaining("for pipeline unreadable (load 9999999999.000002, version 7) cannot be read")
                .hasMessageContaining("restore_from_destination = false");
        assertThat(eventRuns(first)).as("nothing loaded").containsExactly(1);
    }

    @Test
    void syncDestinationReplacesTheLocalStateAndSchemas() {
        Pipeline.Builder b = pipeline("sync");
        Pipeline first = b.build();
        first.run(Source.of(SOURCE, events()));
        first.run(Source.of(SOURCE, events()));
        deleteWorkingFolder(first);

        Pipeline second = b.build();
        Optional<PipelineState> restored = second.syncDestination();

        assertThat(restored).isPresent();
        assertThat(runs(restored.get())).isEqualTo(2);
        assertThat(runs(second.state())).isEqualTo(2);
        assertThat(Files.exists(second.workingDir().resolve("schemas").resolve(SOURCE + ".schema.json"))).isTrue();
        Pipeline other = pipeline("nothing").build();
        assertThat(other.syncDestination()).as("no state stored for it").isEmpty();

        second.extract(Source.of(SOURCE, events()));
        assertThatThrownBy(second::syncDestination).isInstanceOf(PipelineException.class)
                .hasMessageContaining("pipeline sync has pending load packages, so its state was not replaced by the"
                        + " destination's")
                .hasMessageContaining("drop-pending-packages");
    }

    @Test
    void aPipelineWithLocalStateUsesItAndOnlySyncTakesTheDestinations() {
        Pipeline.Builder b = pipeline("twomachines");
        Pipeline machineA = b.build();
        machineA.run(Source.of(SOURCE, events()));
        Pipeline machineB = b.pipelinesDir(tmp.resolve("machine-b")).build();
        machineB.run(Source.of(SOURCE, events()));           // restores run 1, writes run 2

        machineA.run(Source.of(SOURCE, events()));           // its own state: run 1, so it writes run 2 again
        assertThat(eventRuns(machineA)).containsExactly(1, 2, 2);
        machineB.run(Source.of(SOURCE, events()));           // run 3, the destination's newest
        assertThat(machineA.syncDestination().map(StateSyncContractTest::runs)).contains(3);
        machineA.run(Source.of(SOURCE, events()));
        assertThat(eventRuns(machineA)).containsExactly(1, 2, 2, 3, 4);
    }
}
