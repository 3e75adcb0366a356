package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlt4j pipeline <name> show | query}, {@code -l}, {@code -v} and what a mistyped command
 * line prints: the output users see, read from real DuckDB, PostgreSQL and filesystem datasets.
 */
class PipelineShowQueryTest {
    static final String PG = "postgresql://postgres@127.0.0.1:5432/test";

    @TempDir
    Path tmp;

    private void load(String destination, String dataset) {
        Pipeline.builder("shop").destination(destination).dataset(dataset).pipelinesDir(tmp.resolve("pipelines"))
                .build().run(Resource.of("orders", List.of(
                        Map.of("id", 1, "note", "first\nline", "items", List.of(Map.of("sku", "A-1"))),
                        Map.of("id", 2, "note", "x", "items", List.of(Map.of("sku", "B-2"), Map.of("sku", "C-3"))))));
    }

    private CliRun cli(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "pipeline";
        all[1] = "--pipelines-dir";
        all[2] = tmp.resolve("pipelines").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.of(all);
    }

    @Test
    void showListsTheTablesWithTheirRowsAtTheDestination() {
        load("duckdb:" + tmp.resolve("shop.duckdb"), "shop_data");

        CliRun r = cli("shop", "show");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Found pipeline shop in " + tmp.resolve("pipelines/shop") + "\n"
                + "Destination: duckdb " + tmp.resolve("shop.duckdb") + "\n"
                + "Dataset: shop_data\n"
                + "  table                                              rows\n"
                + "  orders                                                2\n"
                + "  orders__items                                         3\n"
                + "  _dlt4j_jobs                                           2\n"
                + "  _dlt_loads                                            1\n"
                + "  _dlt_pipeline_state                                   1\n"
                + "  _dlt_version                                          1\n"
                + "'dlt4j pipeline shop query \"SELECT * FROM <table> LIMIT 10\"' shows rows.\n");
    }

    @Test
    void queryPrintsTheRowsAsATable() {
        load("duckdb:" + tmp.resolve("shop.duckdb"), "shop_data");

        CliRun r = cli("shop", "query", "SELECT id, note FROM orders ORDER BY id");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                 id | note
                ----+-------------
                  1 | first\\nline
                  2 | x
                (2 rows)
                """);
        CliRun limited = cli("shop", "query", "--limit", "1", "SELECT sku FROM orders__items ORDER BY sku");
        assertThat(limited.out()).isEqualTo("""
                 sku
                -----
                 A-1
                (first 1 rows; --limit N shows more)
                """);
        CliRun empty = cli("shop", "query", "SELECT id, note FROM orders WHERE id > 9");
        assertThat(empty.out()).isEqualTo(" id | note\n----+------\n(0 rows)\n");
    }

    @Test
    void aFailingQueryIsOneLineNamingTheDatasetAndTheError() {
        load("duckdb:" + tmp.resolve("shop.duckdb"), "shop_data");

        CliRun r = cli("shop", "query", "SELECT nope FROM orders");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("dlt4j: query on dataset shop_data at " + tmp.resolve("shop.duckdb")
                + " failed: Binder Error: Referenced column \"nope\" not found").hasLineCount(1);
    }

    @Test
    void showAndQueryReadAFilesystemDatasetThroughDuckDb() {
        load("file://" + tmp.resolve("lake"), "lake_data");

        CliRun show = cli("shop", "show");
        assertThat(show.out()).as(show.err()).contains("Destination: filesystem file://" + tmp.resolve("lake"),
                "Dataset: lake_data", "  orders__items                                         3\n");
        CliRun q = cli("shop", "query", "SELECT count(*) AS n FROM orders__items");
        assertThat(q.out()).as(q.err()).isEqualTo(" n\n---\n 3\n(1 row)\n");
    }

    @Test
    void postgresTakesItsCredentialsFromDestination() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            String dataset = "cli_show_" + Long.toHexString(System.nanoTime());
            try {
                load(PG, dataset);
                CliRun r = cli("shop", "query", "--destination", PG, "SELECT sku FROM orders__items ORDER BY sku");
                assertThat(r.out()).as(r.err()).isEqualTo(" sku\n-----\n A-1\n B-2\n C-3\n(3 rows)\n");
                CliRun show = cli("shop", "show", "--destination", PG);
                assertThat(show.out()).contains("Destination: postgres postgresql://postgres@127.0.0.1:5432/test",
                        "Dataset: " + dataset, "  orders                                                2\n");
            } finally {
                try (Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA IF EXISTS " + dataset + " CASCADE");
                    st.execute("DROP SCHEMA IF EXISTS " + dataset + "_staging CASCADE");
                }
            }
        } catch (java.sql.SQLException e) {
            Assumptions.abort("no PostgreSQL at 127.0.0.1:5432: " + e.getMessage());
        }
    }

    @Test
    void dashLListsThePipelinesAsListDoes() {
        load("duckdb:" + tmp.resolve("shop.duckdb"), "shop_data");

        for (String flag : List.of("-l", "--list-pipelines")) {
            CliRun r = cli(flag);
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).isEqualTo("1 pipeline(s) found in " + tmp.resolve("pipelines") + "\nshop\n");
        }
    }

    @Test
    void verboseInfoShowsTheColumnsAndTheSourcesState() {
        load("duckdb:" + tmp.resolve("shop.duckdb"), "shop_data");

        CliRun plain = cli("shop", "info");
        CliRun verbose = cli("shop", "info", "-v");
        CliRun before = cli("-v", "shop", "info");

        assertThat(plain.out()).doesNotContain("Sources state:").doesNotContain("      sku ");
        assertThat(verbose.out()).contains("      sku                                    text\n", "Sources state: {");
        assertThat(before.out()).isEqualTo(verbose.out());
    }

    @Test
    void aMistypedCommandGetsADidYouMeanAndTheShortUsage() {
        load("duckdb:" + tmp.resolve("shop.duckdb"), "shop_data");

        CliRun r = cli("shop", "infoo");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("""
                dlt4j: unknown command 'infoo' for 'dlt4j pipeline'
                Did you mean 'info'?
                Usage: dlt4j pipeline (-l | list) | dlt4j pipeline <name> (info|state|show|query|trace|load-package|failed-jobs|schema|sync|drop|drop-pending-packages) [-v]
                See 'dlt4j pipeline --help'.
                """);
    }

    @Test
    void aMistypedTopCommandAndOptionGetADidYouMean() {
        CliRun top = CliRun.of("pipline", "list");
        assertThat(top.exitCode()).isEqualTo(2);
        assertThat(top.err()).startsWith("dlt4j: unknown command 'pipline' for 'dlt4j'\nDid you mean 'pipeline'?\n"
                + "Usage: dlt4j ").contains("Commands: demo, ingest, run, config, pipeline").hasLineCount(5);

        CliRun option = cli("shop", "query", "--limt", "3", "select 1");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.err()).startsWith("dlt4j: unknown option '--limt' for 'dlt4j pipeline query'\n"
                + "Did you mean '--limit'?\nUsage: dlt4j pipeline query ");
        assertThat(option.err().lines().count()).isLessThanOrEqualTo(5);
    }
}
