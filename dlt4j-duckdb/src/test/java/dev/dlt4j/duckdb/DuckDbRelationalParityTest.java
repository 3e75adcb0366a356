package dev.dlt4j.duckdb;

import dev.dlt4j.Pipeline;
import dev.dlt4j.DataType;
import dev.dlt4j.testing.RelationalParityContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
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

    /** One connection per database file: each case runs a few queries, and opening the file is slow. */
    private final Map<String, Connection> connections = new HashMap<>();

    @Override
    protected List<Map<String, Object>> query(Pipeline pipeline, String sql) {
        Connection c = connections.computeIfAbsent(pipeline.name(), name -> {
            try {
                return DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve(name + ".duckdb").toAbsolutePath());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot open " + name + ".duckdb: " + e.getMessage(), e);
            }
        });
        return DuckDbTesting.query(c, sql);
    }

    @Override
    protected void cleanUp(Pipeline pipeline) {
        Connection c = connections.remove(pipeline.name());
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot close " + pipeline.name() + ".duckdb: " + e.getMessage(), e);
            }
        }
    }
}
