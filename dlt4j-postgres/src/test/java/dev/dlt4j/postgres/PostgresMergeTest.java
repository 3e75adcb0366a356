package dev.dlt4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.MergeStrategy;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.testing.MergeContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Merge and staged replace into the real PostgreSQL, read back through JDBC. */
class PostgresMergeTest extends MergeContractTest {
    /** The contract's {@code m_data}, made unique per test: other runs may share this server. */
    private final String dataset = PostgresTesting.uniqueDataset("m_data");

    @BeforeEach
    @AfterEach
    void clean() {
        PostgresTesting.requireServer();
        PostgresTesting.dropSchema(dataset);
        PostgresTesting.dropSchema(dataset + "_staging");
    }

    @Override
    protected Pipeline.Builder builder() {
        return Pipeline.builder("m").destination(PostgresTesting.URI).dataset(dataset)
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    @Override
    protected List<Map<String, Object>> query(String sql) {
        return PostgresTesting.query(sql.replace("m_data", dataset));
    }

    @Test
    void anScd2TableWithAnEarlierUniqueConstraintLoadsReturningVersionsOnceItIsDropped() {
        // an scd2 table created before dlt4j stopped making its row-version _dlt_id unique: the docs' remedy
        Pipeline p = builder().build();
        p.run(Resource.of("dim", List.of(Map.of("id", 1, "v", "a"))).merge(MergeStrategy.SCD2));
        PostgresTesting.execute("ALTER TABLE \"" + dataset + "\".dim ADD CONSTRAINT dim__dlt_id_key UNIQUE (_dlt_id)");
        p.run(Resource.of("dim", List.of(Map.of("id", 1, "v", "b"))).merge(MergeStrategy.SCD2));
        assertThatThrownBy(() -> p.run(Resource.of("dim", List.of(Map.of("id", 1, "v", "a"))).merge(MergeStrategy.SCD2)))
                .hasMessageContaining("dim__dlt_id_key");

        PostgresTesting.execute("ALTER TABLE \"" + dataset + "\".dim DROP CONSTRAINT dim__dlt_id_key");
        p.run(Resource.of("dim", List.of(Map.of("id", 1, "v", "a"))).merge(MergeStrategy.SCD2));
        assertThat(query("SELECT v FROM m_data.dim WHERE _dlt_valid_to IS NULL")).containsExactly(Map.of("v", "a"));
    }

    @Test
    void anUpsertLoadsAKeyTwiceIntoAStagingTableThatAnEarlierVersionGaveAUniqueConstraint() {
        // staging tables made before upsert hashed keys into _dlt_id had it UNIQUE; migrate drops it
        Pipeline p = builder().build();
        Resource first = Resource.of("t", List.of(Map.of("id", 1, "v", "a"))).merge(MergeStrategy.UPSERT).primaryKey("id");
        p.run(first);
        PostgresTesting.execute("ALTER TABLE \"" + dataset + "_staging\".t ADD CONSTRAINT t__dlt_id_key UNIQUE (_dlt_id)");
        p.run(Resource.of("t", List.of(Map.of("id", 2, "v", "first"), Map.of("id", 2, "v", "last")))
                .merge(MergeStrategy.UPSERT).primaryKey("id"));
        assertThat(query("SELECT id, v FROM m_data.t ORDER BY id"))
                .containsExactly(Map.of("id", 1L, "v", "a"), Map.of("id", 2L, "v", "last"));
        assertThat(query("SELECT count(*) AS n FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace"
                + " WHERE n.nspname = 'm_data_staging' AND k.contype = 'u'")).containsExactly(Map.of("n", 0L));
        // the dataset's own table keeps dlt's UNIQUE on _dlt_id
        assertThat(query("SELECT count(*) AS n FROM pg_constraint WHERE conrelid = 'm_data.t'::regclass"
                + " AND contype = 'u'")).containsExactly(Map.of("n", 1L));
    }
}
