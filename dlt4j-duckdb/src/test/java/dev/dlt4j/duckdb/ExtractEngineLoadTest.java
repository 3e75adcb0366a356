package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.count;
import static dev.dlt4j.duckdb.DuckDbTesting.pipeline;
import static dev.dlt4j.duckdb.DuckDbTesting.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.Transformer;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.NextItemMode;
import dev.dlt4j.ExtractInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extract engine end to end: parallel pages, deferred items, transformers and steps, loaded into DuckDB. */
class ExtractEngineLoadTest {
    @TempDir
    Path tmp;

    /** Pages of {@code size} orders of one customer each, as an API client would return them. */
    private static Resource orders(String name, int customers, int size) {
        return Resource.fromIterator(name, () -> IntStream.rangeClosed(1, customers).mapToObj(c -> {
            List<Map<String, Object>> page = new ArrayList<>();
            for (int i = 1; i <= size; i++) {
                page.add(Map.of("customer", c, "line", i, "amount", c * 100 + i));
            }
            return (Object) page;
        }).iterator());
    }

    @Test
    void parallelPagesDeferredItemsAndTransformersLoadEveryRowOnce() {
        Pipeline p = pipeline(tmp, "engine")
                .extract(new ExtractConfig(3, 4, NextItemMode.ROUND_ROBIN))
                .extractDataWriter(DataWriterConfig.DEFAULTS.withBufferMaxItems(7).withFileMaxItems(20))
                .build();
        Resource shopA = orders("shop_a", 10, 5).tableName("orders").parallelized()
                .filter(row -> (Integer) ((Map<?, ?>) row).get("line") != 5);
        Resource shopB = orders("shop_b", 10, 5).tableName("orders").parallelized()
                .map(row -> {
                    Map<String, Object> copy = new java.util.HashMap<>((Map<String, Object>) row);
                    copy.put("customer", (Integer) copy.get("customer") + 1000);
                    return copy;
                });
        Resource customers = Resource.fromIterator("customers", () -> IntStream.rangeClosed(1, 10)
                .mapToObj(c -> (Object) (Callable<Object>) () -> Map.of("id", c, "name", "customer " + c))
                .iterator());
        Resource totals = Transformer.from("totals", customers, c -> {
            int id = (Integer) ((Map<?, ?>) c).get("id");
            return Map.of("customer", id, "total", id * 10);
        }).parallelized();
        LoadInfo info = p.run(Source.of("shop", shopA, shopB, customers, totals));
        Path db = tmp.resolve("engine.duckdb");

        assertThat(count(db, "engine_data.orders")).isEqualTo(10 * 4 + 10 * 5);
        assertThat(query(db, "SELECT count(*) AS n FROM engine_data.orders WHERE line = 5").get(0).get("n"))
                .isEqualTo(10L); // only shop_b's fifth lines passed
        assertThat(query(db, "SELECT count(DISTINCT customer) AS n FROM engine_data.orders").get(0).get("n"))
                .isEqualTo(20L);
        assertThat(count(db, "engine_data.customers")).isEqualTo(10);
        assertThat(((Number) query(db, "SELECT sum(total) AS s FROM engine_data.totals").get(0).get("s"))
                .longValue()).isEqualTo(550L);
        assertThat(query(db, "SELECT customer, total FROM engine_data.totals ORDER BY customer").get(9))
                .isEqualTo(Map.of("customer", 10L, "total", 100L));
        ExtractInfo extract = p.lastExtractInfo().orElseThrow();
        assertThat(extract.rowCounts()).containsEntry("orders", 90L).containsEntry("customers", 10L)
                .containsEntry("totals", 10L);
        assertThat(extract.files().get("orders")).isGreaterThan(1); // rotated at 20 rows (after whole pages)
        assertThat(info.loadIds()).hasSize(1);
    }

    @Test
    void aFailingResourceLoadsNothingAndTheNextRunLoadsOnlyItsOwnData() {
        Pipeline p = pipeline(tmp, "failing").build();
        Resource broken = Resource.fromIterator("events", () -> IntStream.rangeClosed(1, 5).mapToObj(n -> {
            if (n == 4) {
                throw new IllegalStateException("upstream closed the connection");
            }
            return (Object) Map.of("n", n);
        }).iterator());
        assertThatThrownBy(() -> p.run(Source.of("src", broken)))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("Pipeline failing, stage extract, source src, resource events, table events, item 4");
        p.run(Source.of("src", Resource.of("events", List.of(Map.of("n", 100)))));
        assertThat(query(tmp.resolve("failing.duckdb"), "SELECT n FROM failing_data.events"))
                .containsExactly(Map.of("n", 100L));
    }
}
