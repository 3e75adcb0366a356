package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.storage.PipelineStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlt4j pipeline <name> state | sync | drop RESOURCE... | info} against a DuckDB file. */
class PipelineStateCommandsTest {
    @TempDir
    Path tmp;

    private String destination() {
        return "duckdb:" + tmp.resolve("shop.duckdb");
    }

    private Pipeline shop() {
        return Pipeline.builder("shop").destination(Destination.named(destination())).dataset("shop_data")
                .pipelinesDir(tmp.resolve("pipelines")).build();
    }

    /** Counts its runs in its state and keeps a cursor where dlt keeps one ({@code incremental.<path>}). */
    private static Resource events() {
        return Resource.of("events", ctx -> {
            int run = ((Number) ctx.state().getOrDefault("runs", 0)).intValue() + 1;
            ctx.writeState(Map.of("runs", run, "incremental", Map.of("updated_at",
                    Map.of("initial_value", "2024-01-01", "last_value", "2024-05-0" + run))));
            return List.of(Map.of("run", run));
        });
    }

    private static Resource users() {
        return Resource.of("users", List.of(Map.of("id", 1, "tags", List.of("a", "b")), Map.of("id", 2)));
    }

    private void runTwice() {
        shop().run(Source.of("shop", events(), users()));
        shop().run(Source.of("shop", events(), users()));
    }

    private CliRun cli(String stdin, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "pipeline";
        all[1] = "--pipelines-dir";
        all[2] = tmp.resolve("pipelines").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.withInput(stdin, all);
    }

    @Test
    void statePrintsTheStateAsJson() {
        runTwice();
        CliRun r = cli("", "shop", "state");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("\"_state_version\" : 2", "\"pipeline_name\" : \"shop\"", "\"runs\" : 2");
    }

    @Test
    void stateOfAPipelineThatNeverLoadedIsAnError() throws Exception {
        Files.createDirectories(tmp.resolve("pipelines/shop/load"));
        CliRun r = cli("", "shop", "state");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("dlt4j: pipeline shop has no state yet; it is written when a package loads");
    }

    @Test
    void infoShowsEachResourcesStateAndCursor() {
        runTwice();
        shop().run(Source.of("shop", Resource.of("big", ctx -> {
            ctx.writeState(Map.of("blob", "x".repeat(300)));
            return List.of(Map.of("id", 1));
        })));
        assertThat(cli("", "shop", "info").out()).contains("  shop.big: {\"blob\":\"" + "x".repeat(191)
                + "... (311 characters)");
        shop().run(Source.of("shop", Resource.of("orders", List.of(Map.of("id", 1), Map.of("id", 7)))
                .incremental(dev.dlt4j.Incremental.on("id").initial(0))));
        assertThat(cli("", "shop", "info").out()).contains("  shop.orders: {}\n    cursor id: last_value 7\n");
        CliRun r = cli("", "shop", "info");
        assertThat(r.out()).contains("Resource state (state version 4): ",
                "  shop.events: {\"runs\":2}\n",
                "    cursor updated_at: last_value 2024-05-02");
    }

    @Test
    void syncRestoresAPipelineWhoseWorkingFolderIsGone() {
        runTwice();
        PipelineStorage.deleteTree(tmp.resolve("pipelines/shop"));

        CliRun missing = cli("", "shop", "sync");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("pipeline shop not found in " + tmp.resolve("pipelines")
                + "; to restore it from its destination give --destination and --dataset-name");

        CliRun r = cli("", "shop", "sync", "--destination", destination(), "--dataset-name", "shop_data");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Restored pipeline shop from duckdb ", "dataset shop_data: state version 2,"
                + " schemas [shop]");
        assertThat(cli("", "shop", "state").out()).contains("\"runs\" : 2");
        shop().run(Source.of("shop", events()));
        assertThat(shop().state().resourceState("shop", "events")).containsEntry("runs", 3);
    }

    @Test
    void syncOverALocalStateAsksFirst() {
        runTwice();
        CliRun declined = cli("n\n", "shop", "sync", "--destination", destination());
        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.out()).contains("Replace the state and schemas of pipeline shop in "
                + tmp.resolve("pipelines/shop") + " with those stored at duckdb ");
        assertThat(declined.err()).contains("not synced; pipeline shop is unchanged");
        assertThat(cli("", "shop", "sync", "--destination", destination(), "--yes").exitCode()).isZero();
    }

    @Test
    void syncWithNothingStoredChangesNothing() {
        runTwice();
        CliRun r = cli("", "shop", "sync", "--destination", "duckdb:" + tmp.resolve("empty.duckdb"), "--yes");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("dlt4j: no state of pipeline shop is stored at duckdb ", "dataset shop_data;"
                + " nothing changed");
        assertThat(shop().state().resourceState("shop", "events")).containsEntry("runs", 2);
    }

    @Test
    void dropResourceDropsItsTablesAndStateAfterConfirmation() {
        runTwice();
        CliRun declined = cli("n\n", "shop", "drop", "users", "--destination", destination());
        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.out()).contains("Pipeline shop, schema shop, destination duckdb ",
                "  resources to drop: users", "  tables to drop: users, users__tags",
                "  resource state to reset: none", "Drop these tables at the destination and reset the state? [y/N]");
        assertThat(declined.err()).contains("not dropped; pipeline shop and its dataset are unchanged");
        assertThat(shop().rowCounts().orElseThrow()).containsEntry("users", 4L);

        CliRun r = cli("", "shop", "drop", "users", "events", "--destination", destination(), "--yes");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("  resource state to reset: events", "Dropped resources users, events of"
                + " pipeline shop (load ");
        assertThat(shop().rowCounts().orElseThrow()).doesNotContainKeys("users", "users__tags", "events");
        assertThat(shop().state().resourceState("shop", "events")).isEmpty();
        shop().run(Source.of("shop", events()));
        assertThat(shop().state().resourceState("shop", "events")).containsEntry("runs", 1);
    }

    @Test
    void dropWithoutDestinationUsesThePlaceThePipelineLoadedInto() {
        // as after `dlt4j ingest --dest duckdb:FILE`: the state names only the type; the loaded packages say
        // which file. Without it the drop went to <name>.duckdb of the working directory and reset the state
        runTwice();
        CliRun r = cli("", "shop", "drop", "users", "--yes");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("destination duckdb " + tmp.resolve("shop.duckdb") + " dataset shop_data");
        assertThat(shop().rowCounts().orElseThrow()).doesNotContainKeys("users", "users__tags");
        assertThat(Path.of("shop.duckdb")).as("no database made in the working directory").doesNotExist();
    }

    @Test
    void dropAllDropsEveryResourceOfTheSchema() {
        runTwice();
        CliRun r = cli("", "shop", "drop", "--drop-all", "--destination", destination(), "--yes");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("  resources to drop: events, users");
        assertThat(shop().rowCounts().orElseThrow()).doesNotContainKeys("users", "users__tags", "events");
        assertThat(shop().state().source("shop").resources()).isEmpty();
    }

    @Test
    void dropAnUnknownResourceNamesTheKnownOnes() {
        runTwice();
        CliRun r = cli("", "shop", "drop", "user", "--destination", destination(), "--yes");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("dlt4j: resource(s) [user] not found in schema shop of pipeline shop; its"
                + " resources: [events, users]");
    }

    @Test
    void dropWithoutResourcesOrWorkingFolderIsAUsageError() {
        runTwice();
        CliRun r = cli("", "shop", "drop");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Name the resources to drop (their tables at the destination and their state)"
                + " or give --drop-all; --working-folder deletes the pipeline's working folder instead");
        CliRun both = cli("", "shop", "drop", "users", "--working-folder");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--working-folder deletes the whole working folder; it takes no resources");
    }
}
