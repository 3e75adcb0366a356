package dev.dlt4j.duckdb;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.AtomicPackageContractTest;
import java.time.Instant;

/** A package loads into a real DuckDB file whole or not at all. */
class DuckDbAtomicPackageTest extends AtomicPackageContractTest {

    /** A timestamp beyond DuckDB's range (year 294247): the normalizer writes it, DuckDB cannot convert it. */
    @Override
    protected Object refusedValue() {
        return Instant.parse("+300000-01-01T00:00:00Z");
    }

    @Override
    protected Pipeline.Builder pipeline(String name) {
        return DuckDbTesting.pipeline(tmp, name);
    }

    @Override
    protected long count(Pipeline pipeline, String table) {
        return DuckDbTesting.countOrZero(tmp.resolve(pipeline.name() + ".duckdb"), pipeline.datasetName(), table);
    }
}
