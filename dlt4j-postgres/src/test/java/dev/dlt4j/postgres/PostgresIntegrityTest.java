package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.PackageIntegrityContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Truncated job and extracted files against the real PostgreSQL. */
class PostgresIntegrityTest extends PackageIntegrityContractTest {
    @RegisterExtension
    final PostgresDatasets datasets = new PostgresDatasets();

    @Override
    protected Pipeline.Builder pipeline(String name) {
        return datasets.pipeline(tmp, name);
    }

    @Override
    protected long count(Pipeline pipeline, String table) {
        return PostgresDatasets.count(pipeline, table);
    }
}
