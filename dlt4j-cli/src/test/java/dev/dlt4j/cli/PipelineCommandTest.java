package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineCommandTest {
    @TempDir
    Path tmp;

    private Pipeline shop() {
        return Pipeline.builder("shop").destination(Destination.named("duckdb:" + tmp.resolve("shop.duckdb")))
                .dataset("shop_data").pipelinesDir(tmp.resolve("pipelines")).build();
    }

    /** Loads 3 users with nested orders (a child table); returns the load id. */
    private String loadGood() {
        List<Map<String, Object>> users = List.of(
                Map.of("id", 1, "name", "ann", "orders", List.of(Map.of("sku", "a"), Map.of("sku", "b"))),
                Map.of("id", 2, "name", "bob", "orders", List.of(Map.of("sku", "c"))),
                Map.of("id", 3, "name", "cyd", "orders", List.of()));
        LoadInfo info = shop().run(Resource.of("users", users));
        assertThat(info.rows("users")).isEqualTo(3);
        return info.loadIds().get(0);
    }

    /** A value DuckDB rejects terminally: 123456 into DECIMAL(3,0); the package ends aborted with a failed job. */
    private void loadFailing() {
        Resource bad = Resource.of("amounts", List.of(Map.of("id", 1, "x", 123456)))
                .columns(Column.of("x", DataType.DECIMAL).withPrecision(3, 0));
        assertThatThrownBy(() -> shop().run(bad)).isInstanceOf(PipelineException.class)
                .hasMessageContaining("failed terminally");
    }

    private CliRun cli(String... args) {
        return cliWithInput("", args);
    }

    private CliRun cliWithInput(String stdin, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "pipeline";
        all[1] = "--pipelines-dir";
        all[2] = tmp.resolve("pipelines").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.withInput(stdin, all);
    }

    @Test
    void listShowsThePipelinesInTheDir() {
        loadGood();
        CliRun r = cli("list");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("1 pipeline(s) found in " + tmp.resolve("pipelines") + "\nshop\n");
    }

    @Test
    void infoShowsDatasetDestinationTablesWithRowsAndPackages() {
        String loadId = loadGood();
        CliRun r = cli("shop", "info");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Found pipeline shop in " + tmp.resolve("pipelines/shop"), "Dataset: shop_data",
                "Destination: duckdb", "Schema shop (version ", "Pending packages: 0",
                "Loaded packages: 1 (last " + loadId + ", loaded)", "COMPLETED with 3 step(s)");
        assertThat(r.out()).containsPattern("(?m)^  users +\\d+ +3$").containsPattern("(?m)^  users__orders +\\d+ +3$")
                .doesNotContain("_dlt_loads");

        loadFailing(); // an aborted package: its rows are not counted as loaded
        CliRun after = cli("shop", "info");
        assertThat(after.out()).containsPattern("(?m)^  amounts +\\d+ +-$").contains("Loaded packages: 2 (last ",
                ", aborted)", "FAILED with 3 step(s)");
    }

    @Test
    void infoListsPendingPackages() {
        Pipeline p = shop();
        LoadInfo extracted = p.extract(Resource.of("users", List.of(Map.of("id", 1))));
        CliRun r = cli("shop", "info");
        assertThat(r.out()).contains("Pending packages: 1 (extracted: " + extracted.loadIds().get(0)
                + "; normalized: none)", "Loaded packages: 0");
    }

    @Test
    void traceShowsTheLastRunAndItsFailure() {
        loadGood();
        CliRun ok = cli("shop", "trace");
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).startsWith("Run of pipeline shop started at ").contains("COMPLETED",
                "Step extract COMPLETED", "Step normalize COMPLETED", "    - users__orders: 3 row(s)",
                "Step load COMPLETED", "  jobs: 2");
        loadFailing();
        CliRun failed = cli("shop", "trace");
        assertThat(failed.exitCode()).isZero();
        assertThat(failed.out()).contains("and FAILED in", "Step load FAILED", "Failed due to: ",
                "table amounts");
        CliRun json = cli("shop", "trace", "--json");
        assertThat(json.out()).contains("\"step\" : \"load\"", "\"step_exception\"");
    }

    @Test
    void failedJobsListsAbortedPackagesWithTheirFailedJobsAndWhyTheyWereSetAside() throws Exception {
        loadGood();
        loadFailing();
        Pipeline p = shop();
        String asideId = p.extract(Resource.of("users", List.of(Map.of("id", 9)))).loadIds().get(0);
        p.normalize();
        Path jobs = p.workingDir().resolve("load/normalized").resolve(asideId).resolve("new_jobs");
        try (var files = Files.list(jobs)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        assertThatThrownBy(p::load).isInstanceOf(PipelineException.class).hasMessageContaining("set aside as failed");

        CliRun r = cli("shop", "failed-jobs");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("failed with: table amounts", "Package " + asideId + " failed, kept in "
                + tmp.resolve("pipelines/shop/load/loaded").resolve(asideId), "set aside in load: job file users.",
                "is missing");
        CliRun info = cli("shop", "info");
        assertThat(info.out()).contains("Failed packages: 2", "  " + asideId + ": load: job file users.");
    }

    @Test
    void failedJobsOfAPipelineWithoutFailuresSaysSo() {
        loadGood();
        CliRun r = cli("shop", "failed-jobs");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("Pipeline shop has no failed packages.\n");
        assertThat(cli("shop", "info").out()).contains("Failed packages: 0\n");
    }

    @Test
    void traceOfAPipelineThatNeverRanIsAnError() {
        shop();
        CliRun r = cli("shop", "trace");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("pipeline shop has no trace yet");
    }

    @Test
    void loadPackageShowsStateJobsAndFailedJobMessages() {
        String goodId = loadGood();
        loadFailing();
        CliRun newest = cli("shop", "load-package");
        assertThat(newest.exitCode()).as(newest.err()).isZero();
        assertThat(newest.out()).contains("State: aborted", "failed_jobs: 1", "(table amounts, ", "failed with: table amounts");
        assertThat(newest.out()).containsPattern("failed with: .*123456|failed with: .*(?i)(out of range|conversion)");

        CliRun good = cli("shop", "load-package", goodId);
        assertThat(good.exitCode()).isZero();
        assertThat(good.out()).contains("Package " + goodId + " found in "
                + tmp.resolve("pipelines/shop/load/loaded").resolve(goodId), "State: loaded", "completed_jobs: 2",
                "failed_jobs: 0", "(table users, ", "(table users__orders, ");

        CliRun missing = cli("shop", "load-package", "123.456");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("load package 123.456 not found in pipeline shop");
    }

    @Test
    void loadPackageDefaultsToThePendingPackage() {
        loadGood();
        LoadInfo extracted = shop().extract(Resource.of("users", List.of(Map.of("id", 9))));
        CliRun r = cli("shop", "load-package");
        assertThat(r.out()).contains("Package " + extracted.loadIds().get(0), "State: extracted", "new_jobs: 1");
    }

    @Test
    void schemaIsPrintedAsYamlOrJson() throws Exception {
        loadGood();
        CliRun yaml = cli("shop", "schema");
        assertThat(yaml.exitCode()).isZero();
        assertThat(yaml.out()).contains("name: shop\n", "tables:\n", "  users:\n", "    columns:\n",
                "      name:\n        name: name\n        data_type: text\n", "  users__orders:\n",
                "    parent: users\n");
        CliRun json = cli("shop", "schema", "--format", "json");
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readTree(json.out()))
                .isEqualTo(m.readTree(tmp.resolve("pipelines/shop/schemas/shop.schema.json").toFile()));
        CliRun bad = cli("shop", "schema", "--format", "xml");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--format 'xml' is not valid; allowed values: yaml, json");
        CliRun missing = cli("shop", "schema", "--schema", "other");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("schema other not found in pipeline shop; schemas there: shop");
    }

    @Test
    void dropAsksForConfirmationUnlessYes() {
        loadGood();
        Path dir = tmp.resolve("pipelines/shop");
        CliRun declined = cliWithInput("n\n", "shop", "drop", "--working-folder");
        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.out()).contains("Drop the working folder of pipeline shop at " + dir);
        assertThat(declined.err()).contains("not dropped");
        assertThat(dir).isDirectory();

        CliRun confirmed = cliWithInput("y\n", "shop", "drop", "--working-folder");
        assertThat(confirmed.exitCode()).isZero();
        assertThat(Files.exists(dir)).isFalse();

        loadGood();
        CliRun yes = cli("shop", "drop", "--working-folder", "--yes");
        assertThat(yes.exitCode()).isZero();
        assertThat(yes.out()).contains("Dropped pipeline shop: deleted " + dir);
        assertThat(Files.exists(dir)).isFalse();
        assertThat(cli("list").out()).startsWith("0 pipeline(s) found");
    }

    /**
     * A run of shop in another thread that holds the pipeline lock (the OS file lock every run
     * takes) inside extract until {@code release} opens; returns once the run holds it.
     */
    private Thread runHoldingTheLock(CountDownLatch release, AtomicReference<LoadInfo> result) throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        Resource slow = Resource.fromIterator("users", () -> new java.util.Iterator<Object>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < 2;
            }

            @Override
            public Object next() {
                if (i == 1) {
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Map.of("id", 100 + i++, "name", "held");
            }
        });
        Thread t = new Thread(() -> result.set(shop().run(slow)), "holder");
        t.start();
        assertThat(inside.await(30, TimeUnit.SECONDS)).as("the run is inside extract").isTrue();
        return t;
    }

    @Test
    void dropAndDropPendingPackagesRefuseWhileARunHoldsThePipelineLock() throws Exception {
        loadGood();
        shop().extract(Resource.of("users", List.of(Map.of("id", 9))));
        Path dir = tmp.resolve("pipelines/shop");
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<LoadInfo> result = new AtomicReference<>();
        Thread holder = runHoldingTheLock(release, result);
        try {
            for (String command : List.of("drop", "drop-pending-packages")) {
                CliRun refused = command.equals("drop") ? cli("shop", command, "--working-folder", "--yes")
                        : cli("shop", command, "--yes");
                assertThat(refused.exitCode()).isEqualTo(1);
                assertThat(refused.err()).contains("dlt4j: pipeline shop is running in process "
                        + ProcessHandle.current().pid() + ", so '" + command + "' was refused and nothing changed",
                        "wait for that run to finish");
                // the run's extract temp folder is still there, beside extracted/ and .version
                assertThat(dir.resolve("normalize").toFile().list()).hasSize(3);
            }
        } finally {
            release.countDown();
            holder.join(30_000);
        }
        // the run was not disturbed: it loaded the pending package and its own rows
        assertThat(result.get().loadIds()).hasSize(2);
        assertThat(result.get().rows("users")).isEqualTo(3); // the pending row and its own two
        assertThat(cli("shop", "drop", "--working-folder", "--yes").exitCode()).isZero();
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void dropPendingPackagesDeletesStuckWorkOnlyAfterConfirmation() {
        loadGood();
        Pipeline p = shop();
        p.extract(Resource.of("users", List.of(Map.of("id", 9))));
        p.extract(Resource.of("users", List.of(Map.of("id", 10))));
        p.normalize();
        p.extract(Resource.of("users", List.of(Map.of("id", 11))));
        Path dir = tmp.resolve("pipelines/shop");
        CliRun declined = cliWithInput("n\n", "shop", "drop-pending-packages");
        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.out()).contains("normalize/extracted/").contains("load/normalized/")
                .contains("Delete these 3 pending package(s)");
        assertThat(dir.resolve("load/normalized").toFile().list()).hasSize(2);
        CliRun yes = cli("shop", "drop-pending-packages", "--yes");
        assertThat(yes.exitCode()).isZero();
        assertThat(yes.out()).contains("Deleted 3 pending package(s) of pipeline shop");
        assertThat(dir.resolve("load/normalized").toFile().list()).isEmpty();
        assertThat(dir.resolve("normalize/extracted").toFile().list()).isEmpty();
        assertThat(dir.resolve("load/loaded").toFile().list()).hasSize(1);
        assertThat(cli("shop", "drop-pending-packages").out()).contains("has no pending packages");
        // the next run loads only its own data
        assertThat(shop().run(Resource.of("users", List.of(Map.of("id", 12)))).rows("users")).isEqualTo(1);
    }

    @Test
    void anUnknownPipelineIsAnErrorNamingTheDir() {
        CliRun r = cli("nope", "info");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("pipeline nope not found in " + tmp.resolve("pipelines"));
    }

    @Test
    void aMissingNameOrCommandIsAUsageError() {
        CliRun noName = cli("info");
        assertThat(noName.exitCode()).isEqualTo(2);
        assertThat(noName.err()).contains("Missing pipeline name: dlt4j pipeline <name> info");
        CliRun noCommand = cli("shop");
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.err()).contains("Missing command after pipeline name shop");
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : List.of("list", "info", "state", "trace", "load-package", "schema", "sync", "drop")) {
            CliRun r = CliRun.of("pipeline", cmd, "--help");
            assertThat(r.exitCode()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).startsWith("Usage: dlt4j pipeline " + cmd);
        }
        CliRun top = CliRun.of("pipeline", "--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("list", "info", "trace", "load-package", "schema", "drop", "Exit codes:");
    }
}
