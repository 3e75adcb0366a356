package dev.dlt4j.duckdb;

import dev.dlt4j.Pipeline;
import dev.dlt4j.schema.DataType;
import dev.dlt4j.testing.RelationalParityContract;
import java.util.List;
import java.util.Map;

/** Issue 11's differential cases in a real DuckDB file, with jsonl, csv, insert_values and parquet. */
class DuckDbRelationalParityTest extends RelationalParityContract {
    @Override
    protected Pipeline.Builder builder(String name) {
        return DuckDbTesting.pipeline(tmp, name);
    }

    @Override
    protected String destinationType(DataType type) {
        return switch (type) {
            case TEXT -> "VARCHAR";
            case DOUBLE -> "DOUBLE";
            case BOOL -> "BOOLEAN";
            case BIGINT -> "BIGINT";
            case TIMESTAMP -> "TIMESTAMP WITH TIME ZONE";
            case DATE -> "DATE";
            case TIME -> "TIME";
            case DECIMAL -> "DECIMAL(38,9)";
            case WEI -> "DECIMAL(38,0)";
            case BINARY -> "BLOB";
            case JSON -> "JSON";
        };
    }

    @Override
    protected List<Map<String, Object>> query(Pipeline pipeline, String sql) {
        return DuckDbTesting.query(tmp.resolve(pipeline.name() + ".duckdb"), sql);
    }
}
