package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.PackageIntegrityContractTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Truncated job and extracted files against the real PostgreSQL. */
class PostgresIntegrityTest extends PackageIntegrityContractTest {
    private final List<String> datasets = new ArrayList<>();

    @BeforeEach
    void server() {
        PostgresTesting.requireServer();
    }

    @AfterEach
    void dropDatasets() {
        for (String d : datasets) {
            PostgresTesting.dropSchema(d);
            PostgresTesting.dropSchema(d + "_staging");
        }
    }

    @Override
    protected Pipeline.Builder pipeline(String name) {
        String dataset = PostgresTesting.uniqueDataset(name);
        datasets.add(dataset);
        return Pipeline.builder(name).destination(PostgresTesting.URI).dataset(dataset)
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    @Override
    protected long count(Pipeline pipeline, String table) {
        if (PostgresTesting.query("SELECT 1 FROM information_schema.tables WHERE table_schema = '"
                + pipeline.datasetName() + "' AND table_name = '" + table + "'").isEmpty()) {
            return 0;
        }
        return ((Number) PostgresTesting.query("SELECT count(*) AS n FROM \"" + pipeline.datasetName() + "\".\""
                + table + "\"").get(0).get("n")).longValue();
    }
}
