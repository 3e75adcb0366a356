package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.DestinationContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The shared destination behaviour, against the real PostgreSQL, read back through JDBC. */
class PostgresContractTest extends DestinationContractTest {
    private final List<String> datasets = new ArrayList<>();

    @BeforeEach
    void server() {
        PostgresTesting.requireServer();
    }

    @AfterEach
    void dropDatasets() {
        datasets.forEach(PostgresTesting::dropSchema);
    }

    @Override
    protected Pipeline.Builder pipeline(String name) {
        String dataset = PostgresTesting.uniqueDataset(name);
        datasets.add(dataset);
        return Pipeline.builder(name)
                .destination(PostgresTesting.URI)
                .dataset(dataset)
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    @Override
    protected List<Map<String, Object>> rows(Pipeline pipeline, String table) {
        return PostgresTesting.query("SELECT * FROM \"" + pipeline.datasetName() + "\".\"" + table + "\"");
    }
}
