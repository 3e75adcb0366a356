package dev.dlt4j.duckdb;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.PackageIntegrityContractTest;

/** Truncated job and extracted files against a real DuckDB file. */
class DuckDbIntegrityTest extends PackageIntegrityContractTest {
    @Override
    protected Pipeline.Builder pipeline(String name) {
        return DuckDbTesting.pipeline(tmp, name);
    }

    @Override
    protected long count(Pipeline pipeline, String table) {
        return DuckDbTesting.countOrZero(tmp.resolve(pipeline.name() + ".duckdb"), pipeline.datasetName(), table);
    }
}
