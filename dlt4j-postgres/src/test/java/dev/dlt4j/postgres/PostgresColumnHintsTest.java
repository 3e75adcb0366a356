package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.ColumnHintsContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Column hints into the real PostgreSQL (a dataset of its own per test), read back through JDBC. */
class PostgresColumnHintsTest extends ColumnHintsContractTest {
    private final String dataset = PostgresTesting.uniqueDataset("h");

    @BeforeEach
    void server() {
        PostgresTesting.requireServer();
    }

    @AfterEach
    void drop() {
        PostgresTesting.dropSchema(dataset);
        PostgresTesting.dropSchema(PostgresClient.stagingName(dataset));
    }

    @Override
    protected Pipeline.Builder builder() {
        return Pipeline.builder("h").destination(PostgresTesting.URI).dataset(dataset)
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    @Override
    protected String dataset() {
        return dataset;
    }

    @Override
    protected List<Map<String, Object>> query(String sql) {
        return PostgresTesting.query(sql);
    }
}
