package dev.dlt4j.duckdb;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.IncrementalContractTest;
import java.util.List;
import java.util.Map;

/** Incremental loading into a DuckDB file, read back through JDBC. */
class DuckDbIncrementalTest extends IncrementalContractTest {
    @Override
    protected Pipeline.Builder builder() {
        return Pipeline.builder("i").destination(DuckDbDestination.at(tmp.resolve("i.duckdb"))).dataset("i_data")
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    @Override
    protected List<Map<String, Object>> query(String sql) {
        return DuckDbTesting.query(tmp.resolve("i.duckdb"), sql);
    }
}
