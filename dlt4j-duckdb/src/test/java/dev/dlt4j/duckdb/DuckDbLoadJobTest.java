package dev.dlt4j.duckdb;

import dev.dlt4j.spi.Destination;
import dev.dlt4j.testing.LoadJobContractTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** A job's rows and its marker commit in one DuckDB transaction, or roll back together. */
class DuckDbLoadJobTest extends LoadJobContractTest {
    private static final String STORAGE_VERSION = "v1.4.0";

    @Override
    protected Destination destination() {
        return Destination.named("duckdb://" + tmp.resolve("jobs.duckdb").toAbsolutePath()
                + "?storage_version=" + STORAGE_VERSION);
    }

    @Override
    protected String dataset(String name) {
        return name + "_data";
    }

    /**
     * On a connection of its own to the file the client holds open: DuckDB shares the database
     * within one JVM when it is opened with the same configuration.
     */
    @Override
    protected long count(String dataset, String table) {
        Properties config = new Properties();
        config.setProperty("storage_compatibility_version", STORAGE_VERSION);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("jobs.duckdb").toAbsolutePath(),
                config)) {
            return ((Number) DuckDbTesting.query(c, "SELECT count(*) AS n FROM \"" + dataset + "\".\"" + table + "\"")
                    .get(0).get("n")).longValue();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
