package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Incremental;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Refresh;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.storage.PipelineStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Review of issue 14 as a user who needs exactly-once loads: cursors, restore and refresh on DuckDB. */
class IncrementalReviewDuckDbTest {
    @TempDir
    Path tmp;

    private List<Integer> ids(Pipeline p, String table) {
        List<Integer> out = new ArrayList<>();
        DuckDbTesting.query(tmp.resolve(p.name() + ".duckdb"), "SELECT id FROM " + p.datasetName() + "." + table)
                .forEach(r -> out.add(((Number) r.get("id")).intValue()));
        out.sort(null);
        return out;
    }

    private static Resource orders(int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int id = 1; id <= n; id++) {
            rows.add(Map.of("id", id, "items", List.of(Map.of("sku", "s" + id))));
        }
        return Resource.of("orders", rows).incremental(Incremental.on("id").initial(0));
    }

    @Test
    void aRunThatFailsMidExtractDoesNotMoveTheCursor() {
        Pipeline p = DuckDbTesting.pipeline(tmp, "rev14_fail").build();
        p.run(Source.of("shop", orders(2)));
        Resource failing = Resource.fromIterator("orders", () -> new Iterator<Object>() {
            int page;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                if (++page > 1) {
                    throw new IllegalStateException("api down");
                }
                return List.of(Map.of("id", 3, "items", List.of()), Map.of("id", 4, "items", List.of()));
            }
        }).incremental(Incremental.on("id").initial(0));
        assertThatThrownBy(() -> p.run(Source.of("shop", failing))).hasMessageContaining("api down");
        p.run(Source.of("shop", orders(5)));
        assertThat(ids(p, "orders")).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void restoreThenRefreshDropResourcesReloadsEachRowOnceAndDropsTheChildTable() {
        Pipeline.Builder b = DuckDbTesting.pipeline(tmp, "rev14_rr");
        Pipeline first = b.build();
        first.run(Source.of("shop", orders(3)));
        PipelineStorage.deleteTree(first.workingDir());
        Pipeline second = b.build();
        second.run(Source.of("shop", orders(4)), Refresh.DROP_RESOURCES);
        assertThat(ids(second, "orders")).containsExactly(1, 2, 3, 4);
        assertThat(DuckDbTesting.query(tmp.resolve("rev14_rr.duckdb"), "SELECT count(*) AS n FROM rev14_rr_data"
                + ".orders__items").get(0).get("n")).isEqualTo(4L);
        second.run(Source.of("shop", orders(5)));
        assertThat(ids(second, "orders")).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void dropOfAResourceWithAChildTableDropsBothAndTheNextRunReloadsOnce() {
        Pipeline p = DuckDbTesting.pipeline(tmp, "rev14_drop").build();
        p.run(Source.of("shop", orders(3)));
        p.dropResources("shop", List.of("orders"));
        assertThat(DuckDbTesting.countOrZero(tmp.resolve("rev14_drop.duckdb"), "rev14_drop_data", "orders__items"))
                .isZero();
        p.run(Source.of("shop", orders(3)));
        assertThat(ids(p, "orders")).containsExactly(1, 2, 3);
        PipelineStorage.deleteTree(p.workingDir());
        Pipeline again = DuckDbTesting.pipeline(tmp, "rev14_drop").build();
        again.run(Source.of("shop", orders(4)));
        assertThat(ids(again, "orders")).containsExactly(1, 2, 3, 4);
    }

    @Test
    void twoResourcesWithTheSameCursorPathKeepTheirOwnCursors() {
        Pipeline p = DuckDbTesting.pipeline(tmp, "rev14_two").build();
        Resource a = Resource.of("a", List.of(Map.of("id", 1), Map.of("id", 2)))
                .incremental(Incremental.on("id").initial(0));
        Resource c = Resource.of("c", List.of(Map.of("id", 10)))
                .incremental(Incremental.on("id").initial(0));
        p.run(Source.of("shop", a, c));
        Resource a2 = Resource.of("a", List.of(Map.of("id", 1), Map.of("id", 2), Map.of("id", 3)))
                .incremental(Incremental.on("id").initial(0));
        Resource c2 = Resource.of("c", List.of(Map.of("id", 10), Map.of("id", 11)))
                .incremental(Incremental.on("id").initial(0));
        p.run(Source.of("shop", a2, c2));
        assertThat(ids(p, "a")).containsExactly(1, 2, 3);
        assertThat(ids(p, "c")).containsExactly(10, 11);
    }

    @Test
    void replaceWithAnIncrementalStartsFromTheInitialValueEveryRun() {
        Pipeline p = DuckDbTesting.pipeline(tmp, "rev14_repl").build();
        Resource r = Resource.of("orders", List.of(Map.of("id", 1), Map.of("id", 2)))
                .writeDisposition(dev.dlt4j.WriteDisposition.REPLACE).incremental(Incremental.on("id").initial(0));
        p.run(Source.of("shop", r));
        p.run(Source.of("shop", r));
        assertThat(ids(p, "orders")).containsExactly(1, 2);
    }

    private static String compressed(String json) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(bytes)) {
            out.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** A stored state this dlt4j cannot take (newer engine, another pipeline's) stops the run before extract. */
    @Test
    void aStoredStateOfANewerEngineOrOfAnotherPipelineIsRefusedNamingIt() throws Exception {
        Pipeline.Builder b = DuckDbTesting.pipeline(tmp, "rev14_newer");
        Pipeline first = b.build();
        first.run(Source.of("shop", orders(2)));
        String json = first.state().toJson();
        PipelineStorage.deleteTree(first.workingDir());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"
                + tmp.resolve("rev14_newer.duckdb").toAbsolutePath())) {
            DuckDbStateSyncTest.insertStateRow(c, "rev14_newer_data", "rev14_newer", "9999999999.1", 9,
                    compressed(json.replace("\"_state_engine_version\":4", "\"_state_engine_version\":5")), true);
        }
        assertThat(json).contains("\"_state_engine_version\":4");
        assertThatThrownBy(() -> b.build().run(Source.of("shop", orders(3))))
                .hasMessageContaining("load 9999999999.1").hasMessageContaining("state engine version 5");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"
                + tmp.resolve("rev14_newer.duckdb").toAbsolutePath())) {
            DuckDbStateSyncTest.insertStateRow(c, "rev14_newer_data", "rev14_newer", "9999999999.2", 9,
                    compressed(json.replace("\"pipeline_name\":\"rev14_newer\"", "\"pipeline_name\":\"other\"")), true);
        }
        assertThatThrownBy(() -> b.build().run(Source.of("shop", orders(3))))
                .hasMessageContaining("belongs to pipeline other");
        assertThat(ids(first, "orders")).as("nothing loaded by the refused runs").containsExactly(1, 2);
    }

    /** A resource over plain JDBC: its cursor values and initial value are java.sql.Timestamp. */
    @Test
    void aJdbcTimestampCursorWithAnInitialValueLoadsEachRowOnceOverRuns() {
        Pipeline p = DuckDbTesting.pipeline(tmp, "rev14_jdbc").build();
        java.sql.Timestamp start = java.sql.Timestamp.valueOf("2024-01-01 00:00:00");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            rows.add(Map.of("id", id, "ts", java.sql.Timestamp.valueOf("2024-05-0" + id + " 10:00:00")));
        }
        p.run(Source.of("shop", Resource.of("orders", List.copyOf(rows)).primaryKey("id")
                .incremental(Incremental.on("ts").initial(start))));
        rows.add(Map.of("id", 4, "ts", java.sql.Timestamp.valueOf("2024-05-04 10:00:00")));
        p.run(Source.of("shop", Resource.of("orders", List.copyOf(rows)).primaryKey("id")
                .incremental(Incremental.on("ts").initial(start))));
        assertThat(ids(p, "orders")).containsExactly(1, 2, 3, 4);
    }
}
