package dev.dlt4j.duckdb;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.MergeContractTest;
import java.util.List;
import java.util.Map;

/** Merge and staged replace into a real DuckDB file, read back through JDBC. */
class DuckDbMergeTest extends MergeContractTest {
    @Override
    protected Pipeline.Builder builder() {
        return DuckDbTesting.pipeline(tmp, "m");
    }

    @Override
    protected List<Map<String, Object>> query(String sql) {
        return DuckDbTesting.query(tmp.resolve("m.duckdb"), sql);
    }
}
