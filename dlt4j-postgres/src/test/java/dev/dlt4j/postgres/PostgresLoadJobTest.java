package dev.dlt4j.postgres;

import dev.dlt4j.spi.Destination;
import dev.dlt4j.testing.LoadJobContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A COPY job's rows and its marker commit in one PostgreSQL transaction, or roll back together. */
class PostgresLoadJobTest extends LoadJobContractTest {
    @RegisterExtension
    final PostgresDatasets datasets = new PostgresDatasets();

    @Override
    protected Destination destination() {
        return PostgresDestination.fromUri(PostgresTesting.URI);
    }

    @Override
    protected String dataset(String name) {
        return datasets.dataset(name);
    }

    @Override
    protected long count(String dataset, String table) {
        return ((Number) PostgresTesting.query("SELECT count(*) AS n FROM \"" + dataset + "\".\"" + table + "\"")
                .get(0).get("n")).longValue();
    }
}
