package dev.dlt4j.postgres;

import static dev.dlt4j.postgres.PostgresTesting.query;
import static dev.dlt4j.postgres.PostgresTesting.requireServer;
import static dev.dlt4j.postgres.PostgresTesting.uniqueDataset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.spi.CrashPointHook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dlt's {@code create_indexes}: every table a load creates ends with a {@code UNIQUE} constraint on
 * {@code _dlt_id}, as dlt's column constraint; dlt4j adds it when the load completes, after the rows are
 * in (one index build instead of a B-tree insert per row), so a load stopped before that adds it on its
 * next attempt.
 */
class PostgresUniqueConstraintsTest {
    @TempDir
    Path tmp;

    private final List<String> datasets = new ArrayList<>();

    @BeforeEach
    void server() {
        requireServer();
    }

    @AfterEach
    void drop() {
        CrashPointHook.clear();
        datasets.forEach(PostgresTesting::dropSchema);
    }

    private Pipeline.Builder pipeline(String name) {
        String dataset = uniqueDataset(name);
        datasets.add(dataset);
        return Pipeline.builder(name).destination(PostgresTesting.URI).dataset(dataset)
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    private static Resource orders(int from, int to) {
        return Resource.of("orders", IntStream.range(from, to).mapToObj(i -> Map.<String, Object>of("id", i,
                "items", List.of(Map.of("sku", "a" + i), Map.of("sku", "b" + i)))).toList());
    }

    /** Runs {@code resource} and stops the load just before it completes: tables migrated, nothing else committed. */
    private static void stopBeforeCompletion(Pipeline p, Resource resource) {
        CrashPointHook.throwAt("load.before_complete_load", 1);
        try {
            assertThatThrownBy(() -> p.run(resource)).isInstanceOf(CrashPointHook.Crash.class);
        } finally {
            CrashPointHook.clear();
        }
    }

    /** Table → its single-column UNIQUE constraints as {@code name(column)}. */
    private static Map<String, List<String>> uniqueConstraints(String dataset) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (Map<String, Object> r : query("SELECT c.relname AS t, k.conname AS k, a.attname AS col FROM pg_constraint k"
                + " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1]"
                + " WHERE n.nspname = '" + dataset + "' AND k.contype = 'u' ORDER BY 1, 2")) {
            out.computeIfAbsent((String) r.get("t"), t -> new ArrayList<>()).add(r.get("k") + "(" + r.get("col") + ")");
        }
        return out;
    }

    /** Table → its comment, for the tables that have one. */
    private static Map<Object, Object> comments(String dataset) {
        Map<Object, Object> out = new java.util.TreeMap<>();
        query("SELECT c.relname AS t, obj_description(c.oid, 'pg_class') AS d FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = '" + dataset + "' AND c.relkind = 'r'"
                + " AND obj_description(c.oid, 'pg_class') IS NOT NULL").forEach(r -> out.put(r.get("t"), r.get("d")));
        return out;
    }

    @Test
    void everyTableALoadCreatesHasItsUniqueConstraintOnDltIdAndNoCommentLeft() {
        Pipeline p = pipeline("uq").build();
        p.run(orders(0, 100));

        assertThat(uniqueConstraints(p.datasetName())).containsEntry("orders", List.of("orders__dlt_id_key(_dlt_id)"))
                .containsEntry("orders__items", List.of("orders__items__dlt_id_key(_dlt_id)"));
        assertThat(comments(p.datasetName())).isEmpty();
        assertThat(query("SELECT count(*) AS n FROM \"" + p.datasetName() + "\".orders__items").get(0).get("n"))
                .isEqualTo(200L);
    }

    @Test
    void aLoadStoppedBeforeItCompletedAddsTheConstraintsOnItsNextAttempt() {
        Pipeline p = pipeline("uqstop").build();
        stopBeforeCompletion(p, orders(0, 100));
        // the migration committed the tables; the package's rows and constraints did not
        assertThat(uniqueConstraints(p.datasetName())).doesNotContainKeys("orders", "orders__items");
        String pending = PostgresClient.PENDING_UNIQUE;
        assertThat(comments(p.datasetName())).isEqualTo(Map.of("orders", pending, "orders__items", pending,
                "_dlt_pipeline_state", pending));

        p.run(orders(100, 150));

        assertThat(uniqueConstraints(p.datasetName())).containsEntry("orders", List.of("orders__dlt_id_key(_dlt_id)"))
                .containsEntry("orders__items", List.of("orders__items__dlt_id_key(_dlt_id)"));
        assertThat(comments(p.datasetName())).isEmpty();
        assertThat(query("SELECT count(*) AS n FROM \"" + p.datasetName() + "\".orders").get(0).get("n"))
                .isEqualTo(150L);
    }

    @Test
    void anotherPipelinesLoadIntoTheSameDatasetLeavesTheTablesItDidNotCreatePending() {
        Pipeline first = pipeline("uqfirst").build();
        stopBeforeCompletion(first, orders(0, 10));
        Pipeline second = Pipeline.builder("uqsecond").destination(PostgresTesting.URI).dataset(first.datasetName())
                .pipelinesDir(tmp.resolve("pipelines")).build();

        second.run(Resource.of("customers", List.of(Map.of("id", 1))));

        assertThat(uniqueConstraints(first.datasetName())).containsKey("customers")
                .doesNotContainKeys("orders", "orders__items");
        first.run(orders(10, 20));
        assertThat(uniqueConstraints(first.datasetName())).containsKeys("customers", "orders", "orders__items");
        assertThat(comments(first.datasetName())).isEmpty();
    }

    @Test
    void aUsersUniqueColumnHasItsConstraintFromTheStartAndADuplicateFailsItsJob() {
        Pipeline p = pipeline("uquser").build();
        Resource users = Resource.of("users", List.of(Map.of("email", "a@x"), Map.of("email", "b@x")))
                .columns(dev.dlt4j.Column.builder("email", dev.dlt4j.DataType.TEXT).unique(true).build());
        stopBeforeCompletion(p, users);
        assertThat(uniqueConstraints(p.datasetName())).containsEntry("users", List.of("users_email_key(email)"));

        p.run(Resource.of("users", List.of(Map.of("email", "c@x"))));
        assertThat(uniqueConstraints(p.datasetName())).containsEntry("users", List.of("users__dlt_id_key(_dlt_id)",
                "users_email_key(email)"));
        assertThatThrownBy(() -> p.run(Resource.of("users", List.of(Map.of("email", "a@x")))))
                .hasMessageContaining("users_email_key");
    }

    @Test
    void loadingJobByJobAddsThemToo() {
        Pipeline p = pipeline("uqjobs").environment(Map.of("LOAD__ATOMIC_PACKAGES", "false")).build();
        p.run(orders(0, 100));

        assertThat(uniqueConstraints(p.datasetName())).containsEntry("orders", List.of("orders__dlt_id_key(_dlt_id)"))
                .containsEntry("orders__items", List.of("orders__items__dlt_id_key(_dlt_id)"));
        assertThat(comments(p.datasetName())).isEmpty();
    }

    @Test
    void withoutCreateIndexesNeitherConstraintsNorComments() {
        Pipeline p = pipeline("uqoff").environment(Map.of("DESTINATION__POSTGRES__CREATE_INDEXES", "false")).build();
        p.run(orders(0, 100));

        assertThat(uniqueConstraints(p.datasetName())).isEmpty();
        assertThat(comments(p.datasetName())).isEmpty();
    }
}
