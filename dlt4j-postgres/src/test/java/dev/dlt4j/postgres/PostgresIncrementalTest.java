package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.IncrementalContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Incremental loading into the real PostgreSQL, read back through JDBC. */
class PostgresIncrementalTest extends IncrementalContractTest {
    /** The contract's {@code i_data}, made unique per test: other runs may share this server. */
    private final String dataset = PostgresTesting.uniqueDataset("inc_i_data");

    @BeforeEach
    @AfterEach
    void clean() {
        PostgresTesting.requireServer();
        PostgresTesting.dropSchema(dataset);
        PostgresTesting.dropSchema(dataset + "_staging");
    }

    @Override
    protected Pipeline.Builder builder() {
        return Pipeline.builder("i").destination(PostgresTesting.URI).dataset(dataset)
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    @Override
    protected List<Map<String, Object>> query(String sql) {
        return PostgresTesting.query(sql.replace("i_data", dataset));
    }
}
