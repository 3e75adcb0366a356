package dev.dlt4j.duckdb;

import dev.dlt4j.spi.Destination;
import dev.dlt4j.testing.LoadJobContractTest;

/** A job's rows and its marker commit in one DuckDB transaction, or roll back together. */
class DuckDbLoadJobTest extends LoadJobContractTest {

    @Override
    protected Destination destination() {
        return DuckDbDestination.at(tmp.resolve("jobs.duckdb"));
    }

    @Override
    protected String dataset(String name) {
        return name + "_data";
    }

    /** On a connection of its own to the file the client holds open (DuckDB shares the database in one JVM). */
    @Override
    protected long count(String dataset, String table) {
        return DuckDbTesting.count(tmp.resolve("jobs.duckdb"), "\"" + dataset + "\".\"" + table + "\"");
    }
}
