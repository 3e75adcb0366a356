package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import dev.dlt4j.DataType;
import dev.dlt4j.testing.RelationalParityContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** Issue 11's differential cases in the real PostgreSQL, with every format it loads. */
class PostgresRelationalParityTest extends RelationalParityContract {
    @BeforeEach
    void server() {
        PostgresTesting.requireServer();
    }

    @Override
    protected Pipeline.Builder builder(String name) {
        return Pipeline.builder(name).destination(PostgresTesting.URI).dataset(PostgresTesting.uniqueDataset(name))
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    @Override
    protected String destinationType(DataType type) {
        return switch (type) {
            case TEXT -> "character varying";
            case DOUBLE -> "double precision";
            case BOOL -> "boolean";
            case BIGINT -> "bigint";
            case TIMESTAMP -> "timestamp with time zone";
            case DATE -> "date";
            case TIME -> "time without time zone";
            case DECIMAL, WEI -> "numeric";
            case BINARY -> "bytea";
            case JSON -> "jsonb";
        };
    }

    @Override
    protected List<Map<String, Object>> query(Pipeline pipeline, String sql) {
        return PostgresTesting.query(sql);
    }

    @Override
    protected void cleanUp(Pipeline pipeline) {
        PostgresTesting.dropSchema(pipeline.datasetName());
        PostgresTesting.dropSchema(pipeline.datasetName() + "_staging");
    }
}
