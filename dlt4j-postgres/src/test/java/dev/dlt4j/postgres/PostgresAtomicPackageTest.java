package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.AtomicPackageContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A package loads into the real PostgreSQL whole or not at all. */
class PostgresAtomicPackageTest extends AtomicPackageContractTest {
    @RegisterExtension
    final PostgresDatasets datasets = new PostgresDatasets();

    /** PostgreSQL text cannot hold a NUL character: COPY refuses the row. */
    @Override
    protected Object refusedValue() {
        return "nul\u0000char";
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
