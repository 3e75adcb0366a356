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
        java.nio.file.Path db = tmp.resolve(pipeline.name() + ".duckdb");
        if (!java.nio.file.Files.exists(db) || DuckDbTesting.query(db, "SELECT 1 FROM information_schema.tables"
                + " WHERE table_schema = '" + pipeline.datasetName() + "' AND table_name = '" + table + "'").isEmpty()) {
            return 0;
        }
        return DuckDbTesting.count(db, "\"" + pipeline.datasetName() + "\".\"" + table + "\"");
    }
}
