package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Pipelines into datasets no other test uses. As a test's {@code @RegisterExtension} field it
 * requires the server before each test and drops every dataset it made (with its staging
 * dataset) after it.
 */
final class PostgresDatasets implements BeforeEachCallback, AfterEachCallback {
    private final List<String> datasets = new ArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        PostgresTesting.requireServer();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        dropAll();
    }

    /** A dataset name no other test uses, dropped (with its staging dataset) after the test. */
    String dataset(String name) {
        String dataset = PostgresTesting.uniqueDataset(name);
        datasets.add(dataset);
        return dataset;
    }

    Pipeline.Builder pipeline(Path tmp, String name) {
        String dataset = dataset(name);
        return Pipeline.builder(name).destination(PostgresTesting.URI).dataset(dataset)
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    void dropAll() {
        for (String d : datasets) {
            PostgresTesting.dropSchema(d);
            PostgresTesting.dropSchema(d + "_staging");
        }
    }

    /** Rows of {@code table} in the pipeline's dataset; 0 when the table does not exist. */
    static long count(Pipeline pipeline, String table) {
        if (PostgresTesting.query("SELECT 1 FROM information_schema.tables WHERE table_schema = '"
                + pipeline.datasetName() + "' AND table_name = '" + table + "'").isEmpty()) {
            return 0;
        }
        return ((Number) PostgresTesting.query("SELECT count(*) AS n FROM \"" + pipeline.datasetName() + "\".\""
                + table + "\"").get(0).get("n")).longValue();
    }
}
