package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.MergeContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

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
}
