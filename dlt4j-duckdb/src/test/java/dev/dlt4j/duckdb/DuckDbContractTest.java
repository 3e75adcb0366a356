package dev.dlt4j.duckdb;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.DestinationContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The shared destination behaviour, against a DuckDB file read back with JDBC. */
class DuckDbContractTest extends DestinationContractTest {

    @Override
    protected Pipeline.Builder pipeline(String name) {
        return DuckDbTesting.pipeline(tmp, name);
    }

    @Override
    protected List<Map<String, Object>> rows(Pipeline pipeline, String table) {
        Path db = tmp.resolve(pipeline.name() + ".duckdb");
        return DuckDbTesting.query(db, "SELECT * FROM " + pipeline.datasetName() + ".\"" + table + "\"");
    }
}
