package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Dataset;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipeline.dataset()} on DuckDB: rows of a table, SQL, errors users see, connections released. */
class DuckDbDatasetTest {
    @TempDir
    Path tmp;

    private Pipeline shop() {
        return Pipeline.builder("shop").destination(DuckDbDestination.at(tmp.resolve("shop.duckdb")))
                .dataset("shop_data").pipelinesDir(tmp.resolve("pipelines")).build();
    }

    private static Resource orders() {
        return Resource.of("orders", List.of(List.of(
                Map.of("id", 1, "total", 19.90, "items", List.of(Map.of("sku", "A-1", "qty", 2))),
                Map.of("id", 2, "total", 5.00, "items", List.of(Map.of("sku", "C-3", "qty", 5),
                        Map.of("sku", "D-4", "qty", 1))))));
    }

    @Test
    void aTableStreamsItsRowsAndClosingReleasesTheFile() {
        Pipeline p = shop();
        p.run(orders());

        List<Object> ids;
        try (Stream<Map<String, Object>> rows = p.dataset().table("orders").rows()) {
            ids = rows.map(r -> r.get("id")).sorted().toList();
        }
        assertThat(ids).containsExactly(1L, 2L);
        assertThat(p.dataset().table("orders__items").fetchAll()).hasSize(3)
                .allSatisfy(r -> assertThat(r).containsKeys("sku", "qty", "_dlt_parent_id", "_dlt_id"));
        // the read-only connection is gone: the next run writes the same file
        p.run(orders());
        assertThat(p.dataset().rowCounts()).containsEntry("orders", 4L).containsEntry("orders__items", 6L);
    }

    @Test
    void sqlNamesTheDatasetsTablesUnqualified() {
        Pipeline p = shop();
        p.run(orders());

        List<Map<String, Object>> rows = p.dataset().query("""
                SELECT o.id, CAST(sum(i.qty) AS BIGINT) AS qty FROM orders o JOIN orders__items i ON i._dlt_parent_id = o._dlt_id
                GROUP BY o.id ORDER BY o.id""").fetchAll();

        assertThat(rows).containsExactly(Map.of("id", 1L, "qty", 2L), Map.of("id", 2L, "qty", 6L));
        assertThat(p.dataset().query("select id, total from orders where id > 5").columnNames())
                .containsExactly("id", "total");
        assertThat(p.dataset().table("orders").limit(1).fetchAll()).hasSize(1);
        assertThat(p.dataset().tableNames()).contains("orders", "orders__items", "_dlt_loads", "_dlt_version");
    }

    @Test
    void anUnknownTableIsNamedWithADidYouMeanAndTheTablesThere() {
        Pipeline p = shop();
        p.run(orders());

        assertThatThrownBy(() -> p.dataset().table("ordrs"))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("table 'ordrs' is not in dataset shop_data at " + tmp.resolve("shop.duckdb"))
                .hasMessageContaining("(did you mean 'orders'?)")
                .hasMessageContaining("tables there: _dlt4j_jobs, _dlt_loads, _dlt_pipeline_state, _dlt_version, orders, orders__items");
    }

    @Test
    void aFailingQueryNamesTheDatasetTheSqlAndDuckDbsMessage() {
        Pipeline p = shop();
        p.run(orders());
        Dataset ds = p.dataset();

        assertThatThrownBy(() -> ds.query("select nope from orders").fetchAll())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("query on dataset shop_data at " + tmp.resolve("shop.duckdb") + " failed: ")
                .hasMessageContaining("nope")
                .hasMessageContaining("(SQL: select nope from orders; tables: _dlt4j_jobs, _dlt_loads");
    }

    @Test
    void nothingLoadedYetSaysSo() {
        assertThatThrownBy(() -> shop().dataset().tableNames())
                .hasMessage("cannot read dataset shop_data: the DuckDB file " + tmp.resolve("shop.duckdb")
                        + " does not exist (nothing was loaded there yet)");
    }
}
