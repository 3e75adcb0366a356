package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.ResourceContext;
import dev.dlt4j.Source;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.spi.CrashPointHook;
import dev.dlt4j.PipelineState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resource keeps state between runs through its {@link ResourceContext}; what it writes is the
 * pipeline's state only once the package that carries it is loaded, with its
 * {@code _dlt_pipeline_state} row.
 */
class ResourceStateTest {
    @TempDir
    Path tmp;

    /** A resource that counts its runs in its state and writes one row naming the run. */
    static Resource counter(String name) {
        return Resource.of(name, ctx -> {
            int run = ((Number) ctx.state().getOrDefault("runs", 0)).intValue() + 1;
            ctx.writeState(Map.of("runs", run));
            return List.of(Map.of("run", run));
        });
    }

    static Source source() {
        return Source.of("counting", counter("events"));
    }

    private Pipeline pipeline() {
        return DuckDbTesting.pipeline(tmp, "st").build();
    }

    static int runs(PipelineState state) {
        return ((Number) state.resourceState("counting", "events").getOrDefault("runs", 0)).intValue();
    }

    /** (version, runs in the state) of every {@code _dlt_pipeline_state} row, in load order. */
    static List<List<Long>> stateRows(Path db, String dataset) {
        List<List<Long>> out = new ArrayList<>();
        for (Map<String, Object> r : DuckDbTesting.query(db, "SELECT version, state FROM " + dataset
                + "._dlt_pipeline_state ORDER BY _dlt_load_id")) {
            out.add(List.of(((Number) r.get("version")).longValue(),
                    (long) runs(PipelineState.decompress((String) r.get("state")))));
        }
        return out;
    }

    @Test
    void aResourceCountsItsRunsInItsState() {
        Pipeline p = pipeline();
        p.run(source());
        p.run(source());
        assertThat(runs(p.state())).isEqualTo(2);
        assertThat(p.state().stateVersion()).isEqualTo(2);
        assertThat(DuckDbTesting.query(tmp.resolve("st.duckdb"), "SELECT run FROM st_data.events ORDER BY run"))
                .extracting(r -> ((Number) r.get("run")).intValue()).containsExactly(1, 2);
        assertThat(stateRows(tmp.resolve("st.duckdb"), "st_data")).containsExactly(List.of(1L, 1L), List.of(2L, 2L));
    }

    @Test
    void anExtractedPackagesStateIsThePipelinesOnlyOnceItLoads() {
        Pipeline p = pipeline();
        p.run(source());
        p.extract(source());
        assertThat(runs(p.state())).as("extracted, not loaded").isEqualTo(1);
        p.normalize();
        assertThat(runs(p.state())).as("normalized, not loaded").isEqualTo(1);
        p.load();
        assertThat(runs(p.state())).isEqualTo(2);
        assertThat(p.state().stateVersion()).isEqualTo(2);
    }

    @Test
    void aRunStoppedBetweenExtractAndLoadLeavesTheStateAndTheNextRunAdvancesItOnce() {
        Pipeline p = pipeline();
        p.run(source());
        CrashPointHook.throwAt("normalize.after_commit", 1);
        try {
            assertThatThrownBy(() -> p.run(source())).isInstanceOf(CrashPointHook.Crash.class);
        } finally {
            CrashPointHook.clear();
        }
        assertThat(runs(p.state())).isEqualTo(1);
        assertThat(p.state().stateVersion()).isEqualTo(1);
        // the next run loads the pending package (runs = 2), then its own (runs = 3)
        p.run(source());
        assertThat(runs(p.state())).isEqualTo(3);
        assertThat(p.state().stateVersion()).isEqualTo(3);
        assertThat(stateRows(tmp.resolve("st.duckdb"), "st_data"))
                .containsExactly(List.of(1L, 1L), List.of(2L, 2L), List.of(3L, 3L));
    }

    @Test
    void aKillAfterThePackageIsMarkedLoadedAdoptsItsStateOnceInTheNextRun() {
        Pipeline p = pipeline();
        p.run(source());
        CrashPointHook.throwAt("package_file.package_completed.json.after_rename", 1);
        try {
            assertThatThrownBy(() -> p.run(source())).isInstanceOf(CrashPointHook.Crash.class);
        } finally {
            CrashPointHook.clear();
        }
        p.load();
        assertThat(runs(p.state())).isEqualTo(2);
        assertThat(stateRows(tmp.resolve("st.duckdb"), "st_data")).containsExactly(List.of(1L, 1L), List.of(2L, 2L));
    }

    @Test
    void whenSeveralPackagesArePendingEachContinuesFromTheOneBeforeAndTheLastLoadedWins() {
        Pipeline p = pipeline();
        p.extract(source());
        p.extract(source());
        p.extract(source());
        assertThat(p.state().stateVersion()).as("nothing loaded yet").isZero();
        p.normalize();
        p.load();
        assertThat(runs(p.state())).isEqualTo(3);
        assertThat(p.state().stateVersion()).isEqualTo(3);
        assertThat(stateRows(tmp.resolve("st.duckdb"), "st_data"))
                .containsExactly(List.of(1L, 1L), List.of(2L, 2L), List.of(3L, 3L));
    }

    @Test
    void aStateThatDoesNotChangeKeepsItsVersion() {
        Pipeline p = pipeline();
        Resource fixed = Resource.of("events", ctx -> {
            ctx.writeState(Map.of("runs", 1));
            return List.of(Map.of("run", 1));
        });
        p.run(Source.of("counting", fixed));
        p.run(Source.of("counting", fixed));
        assertThat(p.state().stateVersion()).isEqualTo(1);
    }

    @Test
    void aReplaceResourceStartsEveryRunFromAnEmptyState() {
        Pipeline p = pipeline();
        p.run(Source.of("counting", counter("events").writeDisposition(WriteDisposition.REPLACE)));
        p.run(Source.of("counting", counter("events").writeDisposition(WriteDisposition.REPLACE)));
        assertThat(runs(p.state())).isEqualTo(1);
    }

    @Test
    void theContextNamesTheResourceAndGivesThePipelinesConfig() throws Exception {
        Files.createDirectories(tmp.resolve("project/.dlt"));
        Files.writeString(tmp.resolve("project/.dlt/config.toml"), "[sources.counting.events]\npage_size = 7\n");
        AtomicReference<ResourceContext> seen = new AtomicReference<>();
        Resource r = Resource.of("events", ctx -> {
            seen.set(ctx);
            return List.of(Map.of("id", 1));
        });
        DuckDbTesting.pipeline(tmp, "st").projectDir(tmp.resolve("project")).environment(Map.of()).build()
                .run(Source.of("counting", r));
        ResourceContext ctx = seen.get();
        assertThat(ctx.pipelineName()).isEqualTo("st");
        assertThat(ctx.sourceName()).isEqualTo("counting");
        assertThat(ctx.resourceName()).isEqualTo("events");
        assertThat(ctx.state()).isEmpty();
        assertThat(ctx.config().value(List.of("sources", "counting", "events"), "page_size")).contains("7");
    }

    @Test
    void aStateThatIsNotJsonFailsTheExtractNamingTheResourceAndTheValue() {
        Resource bad = Resource.of("events", ctx -> {
            ctx.writeState(Map.of("at", new Object()));
            return List.of(Map.of("id", 1));
        });
        assertThatThrownBy(() -> pipeline().run(Source.of("counting", bad)))
                .hasMessageContaining("events").hasStackTraceContaining("state of resource events")
                .hasStackTraceContaining("java.lang.Object");
        assertThat(pipeline().state().stateVersion()).isZero();
    }
}
