package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.TypedPathContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Maps, typed pages and records give the same tables in the real PostgreSQL, in every format it loads. */
class PostgresTypedPathTest extends TypedPathContract {
    @RegisterExtension
    final PostgresDatasets datasets = new PostgresDatasets();

    @Override
    protected Pipeline.Builder builder(String name) {
        return datasets.pipeline(tmp, name);
    }

    @Override
    protected List<Map<String, Object>> query(Pipeline pipeline, String sql) {
        return PostgresTesting.query(sql);
    }
}
