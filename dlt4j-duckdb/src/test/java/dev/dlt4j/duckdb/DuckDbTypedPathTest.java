package dev.dlt4j.duckdb;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.TypedPathContract;
import java.util.List;
import java.util.Map;

/** Maps, typed pages and records give the same tables in a real DuckDB file, in every format it loads. */
class DuckDbTypedPathTest extends TypedPathContract {
    @Override
    protected Pipeline.Builder builder(String name) {
        return DuckDbTesting.pipeline(tmp, name);
    }

    @Override
    protected List<Map<String, Object>> query(Pipeline pipeline, String sql) {
        return DuckDbTesting.query(tmp.resolve(pipeline.name() + ".duckdb"), sql);
    }
}
