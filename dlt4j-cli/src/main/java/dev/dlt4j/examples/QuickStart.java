package dev.dlt4j.examples;

import dev.dlt4j.Incremental;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.WriteDisposition;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The README's quick start, runnable: orders (pages of rows with nested items, merged by id, loaded
 * incrementally by {@code placed_at}) and customers (records, replaced) loaded into {@code shop.duckdb} in the working directory, dataset
 * {@code shop_data}. The code between {@code // doc:quickstart} and {@code // end:quickstart} is
 * the README's example character for character ({@code ReadmeTest} checks it and runs this class).
 *
 * <pre>java -cp dlt4j-cli/target/dlt4j-cli-0.2.0-all.jar dev.dlt4j.examples.QuickStart</pre>
 */
public final class QuickStart {
    private QuickStart() {
    }

    record Customer(long id, String name, Map<String, String> address, List<String> tags) {
    }

    /** A stand-in for a paged REST API: each page is one {@code List} of rows. */
    static final class ShopApi {
        Iterator<List<Map<String, Object>>> pages(String path) {
            if (!path.equals("/orders")) {
                throw new IllegalArgumentException("ShopApi has no " + path + "; it serves /orders");
            }
            return List.<List<Map<String, Object>>>of(
                    List.of(Map.of("id", 1, "customer_id", 7, "total", 19.90, "placed_at", "2024-05-01T10:00:00Z",
                                    "items", List.of(Map.of("sku", "A-1", "qty", 2), Map.of("sku", "B-9", "qty", 1))),
                            Map.of("id", 2, "customer_id", 8, "total", 5.00, "placed_at", "2024-05-02T11:30:00Z",
                                    "items", List.of(Map.of("sku", "C-3", "qty", 5)))),
                    List.of(Map.of("id", 3, "customer_id", 7, "total", 42.00, "placed_at", "2024-05-03T09:15:00Z",
                            "items", List.of(Map.of("sku", "A-1", "qty", 1)))))
                    .iterator();
        }
    }

    public static void main(String[] args) {
        ShopApi api = new ShopApi();
        // nested maps become columns (address__city), lists become child tables (customers__tags)
        List<Customer> customerRecords = List.of(
                new Customer(7, "Ada", Map.of("city", "London"), List.of("vip")),
                new Customer(8, "Linus", Map.of("city", "Helsinki"), List.of()));

        // doc:quickstart
        Pipeline pipeline = Pipeline.builder("shop")
                .destination("duckdb")                  // the default: shop.duckdb in the working directory
                .dataset("shop_data")
                .build();

        Resource orders = Resource.fromIterator("orders", () -> api.pages("/orders"))   // yields List<Map> pages
                .incremental(Incremental.on("placed_at"))                               // next run: only new orders
                .merge(MergeStrategy.DELETE_INSERT)
                .primaryKey("id")
                .parallelized();                                                        // steps run in the worker pool
        Resource customers = Resource.of("customers", customerRecords)                  // records are rows too
                .writeDisposition(WriteDisposition.REPLACE);

        LoadInfo info = pipeline.run(Source.of("shop", orders, customers));
        System.out.println(info);   // packages, rows per table, time per stage
        // end:quickstart
    }
}
