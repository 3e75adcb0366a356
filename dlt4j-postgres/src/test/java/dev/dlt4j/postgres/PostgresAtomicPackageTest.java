package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.AtomicPackageContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A package loads into the real PostgreSQL whole or not at all. */
class PostgresAtomicPackageTest extends AtomicPackageContractTest {
    private final PostgresDatasets datasets = new PostgresDatasets();

    @BeforeEach
    void server() {
        PostgresTesting.requireServer();
    }

    @AfterEach
    void drop() {
        datasets.dropAll();
    }

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
