package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Incremental;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.WriteDisposition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset with the name of the database file ({@code shop.duckdb}, dataset {@code shop}, as issue
 * 15's own example): DuckDB's catalog and the schema share the name, so every table is named with
 * its catalog, or DuckDB refuses with "Ambiguous reference to catalog or schema".
 */
class DatasetNamedLikeTheFileTest {
    @TempDir
    Path tmp;

    private Pipeline pipeline() {
        return Pipeline.builder("orders_pipe").destination(DuckDbDestination.at(tmp.resolve("shop.duckdb")))
                .dataset("shop").pipelinesDir(tmp.resolve("pipelines")).build();
    }

    private static Resource orders(List<Map<String, Object>> rows) {
        return Resource.of("orders", List.of(rows)).writeDisposition(WriteDisposition.MERGE).primaryKey("id")
                .incremental(Incremental.on("updated").initial(0));
    }

    @Test
    void loadMergeRestoreAndReadBackWhenTheDatasetIsNamedLikeTheFile() throws Exception {
        Pipeline p = pipeline();
        p.run(Resource.of("events", List.of(List.of(Map.of("id", 1, "tags", List.of("a", "b"))))));
        p.run(orders(List.of(Map.of("id", 1, "v", "a", "updated", 1), Map.of("id", 2, "v", "b", "updated", 2))));
        p.run(orders(List.of(Map.of("id", 2, "v", "B", "updated", 3), Map.of("id", 3, "v", "c", "updated", 4))));

        assertThat(p.dataset().query("SELECT id, v FROM orders ORDER BY id").fetchAll()).containsExactly(
                Map.of("id", 1L, "v", "a"), Map.of("id", 2L, "v", "B"), Map.of("id", 3L, "v", "c"));
        assertThat(p.dataset().table("events__tags").fetchAll()).hasSize(2);
        assertThat(p.dataset().rowCounts()).containsEntry("orders", 3L).containsEntry("events", 1L);

        // a new machine: the working folder is gone, the state comes back from the destination
        try (var files = java.nio.file.Files.walk(tmp.resolve("pipelines"))) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(f);
            }
        }
        Pipeline restored = pipeline();
        restored.run(orders(List.of(Map.of("id", 3, "v", "c", "updated", 4), Map.of("id", 4, "v", "d",
                "updated", 5))));
        assertThat(restored.dataset().query("SELECT id FROM orders ORDER BY id").fetchAll()).as("cursor restored:"
                + " row 3 is at the last value and deduplicated, row 4 is new").hasSize(4);
        assertThat(DuckDbTesting.query(tmp.resolve("shop.duckdb"), "SELECT count(*) AS n FROM shop.shop.orders"))
                .containsExactly(Map.of("n", 4L));
    }
}
