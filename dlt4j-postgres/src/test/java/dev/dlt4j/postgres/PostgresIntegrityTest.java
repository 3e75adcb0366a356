package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.PackageIntegrityContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Truncated job and extracted files against the real PostgreSQL. */
class PostgresIntegrityTest extends PackageIntegrityContractTest {
    private final PostgresDatasets datasets = new PostgresDatasets();

    @BeforeEach
    void server() {
        PostgresTesting.requireServer();
    }

    @AfterEach
    void drop() {
        datasets.dropAll();
    }

    @Override
    protected Pipeline.Builder pipeline(String name) {
        return datasets.pipeline(tmp, name);
    }

    @Override
    protected long count(Pipeline pipeline, String table) {
        return PostgresDatasets.count(pipeline, table);
    }
}
