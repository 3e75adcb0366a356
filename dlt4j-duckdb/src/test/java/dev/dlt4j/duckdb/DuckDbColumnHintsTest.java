package dev.dlt4j.duckdb;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.ColumnHintsContractTest;
import java.util.List;
import java.util.Map;

/** Column hints into a real DuckDB file, read back through JDBC. */
class DuckDbColumnHintsTest extends ColumnHintsContractTest {
    @Override
    protected Pipeline.Builder builder() {
        return DuckDbTesting.pipeline(tmp, "h");
    }

    @Override
    protected String dataset() {
        return "h_data";
    }

    @Override
    protected List<Map<String, Object>> query(String sql) {
        return DuckDbTesting.query(tmp.resolve("h.duckdb"), sql);
    }
}
