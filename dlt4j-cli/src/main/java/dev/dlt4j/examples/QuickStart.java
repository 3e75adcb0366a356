package dev.dlt4j.examples;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.WriteDisposition;
import java.util.List;
import java.util.Map;

/**
 * The README's quick start, runnable: two resources (one yields pages, one yields rows) loaded
 * into {@code quick_start.duckdb} in the working directory.
 *
 * <pre>java -cp dlt4j-cli/target/dlt4j-cli-0.1.0-SNAPSHOT-all.jar dev.dlt4j.examples.QuickStart</pre>
 */
public final class QuickStart {
    private QuickStart() {
    }

    record Customer(long id, String name, Map<String, String> address, List<String> tags) {
    }

    public static void main(String[] args) {
        Pipeline pipeline = Pipeline.builder("quick_start")
                .destination("duckdb")            // the default: quick_start.duckdb in the working directory
                .dataset("shop")
                .build();

        // a page (a List) travels through the pipeline as one item: the fast way to yield data
        Resource orders = Resource.of("orders", List.of(List.of(
                Map.of("id", 1, "customer_id", 7, "total", 19.90, "placed_at", "2024-05-01T10:00:00Z",
                        "items", List.of(Map.of("sku", "A-1", "qty", 2), Map.of("sku", "B-9", "qty", 1))),
                Map.of("id", 2, "customer_id", 8, "total", 5.00, "placed_at", "2024-05-02T11:30:00Z",
                        "items", List.of(Map.of("sku", "C-3", "qty", 5))))));

        // records are rows too; nested maps become columns, lists become child tables
        Resource customers = Resource.of("customers", List.of(
                new Customer(7, "Ada", Map.of("city", "London"), List.of("vip")),
                new Customer(8, "Linus", Map.of("city", "Helsinki"), List.of())))
                .writeDisposition(WriteDisposition.REPLACE)
                .primaryKey("id");

        LoadInfo info = pipeline.run(Source.of("shop", orders, customers));
        System.out.println(info);
    }
}
