package dev.dlt4j.duckdb;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.AtomicPackageContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Properties;

/** A package loads into a real DuckDB file whole or not at all. */
class DuckDbAtomicPackageTest extends AtomicPackageContractTest {

    /** A timestamp beyond DuckDB's range (year 294247): the normalizer writes it, DuckDB cannot convert it. */
    @Override
    protected Object refusedValue() {
        return Instant.parse("+300000-01-01T00:00:00Z");
    }

    @Override
    protected Pipeline.Builder pipeline(String name) {
        return DuckDbTesting.pipeline(tmp, name);
    }

    /**
     * On a connection of its own, also while the loader holds the file open: DuckDB shares the
     * database within one JVM when it is opened with the same configuration (the default storage
     * version).
     */
    @Override
    protected long count(Pipeline pipeline, String table) {
        Path db = tmp.resolve(pipeline.name() + ".duckdb");
        if (!Files.exists(db)) {
            return 0;
        }
        Properties config = new Properties();
        config.setProperty("storage_compatibility_version", "v1.4.0");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath(), config)) {
            if (DuckDbTesting.query(c, "SELECT 1 FROM information_schema.tables WHERE table_schema = '"
                    + pipeline.datasetName() + "' AND table_name = '" + table + "'").isEmpty()) {
                return 0;
            }
            return ((Number) DuckDbTesting.query(c, "SELECT count(*) AS n FROM \"" + pipeline.datasetName() + "\".\""
                    + table + "\"").get(0).get("n")).longValue();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
