package dev.dlt4j.postgres;

import dev.dlt4j.testing.CrashHarnessContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** The crash harness against the real PostgreSQL, a dataset of its own per trial. */
class PostgresCrashHarnessTest extends CrashHarnessContract {

    @BeforeEach
    void server() {
        PostgresTesting.requireServer();
    }

    @Override
    protected String destination(Path trialDir) {
        return PostgresTesting.URI;
    }

    @Override
    protected String dataset(String trial) {
        return PostgresTesting.uniqueDataset("crash");
    }

    @Override
    protected void dropDataset(String dataset) {
        PostgresTesting.dropSchema(dataset);
        PostgresTesting.dropSchema(PostgresClient.stagingName(dataset));
    }

    @Override
    protected List<Map<String, Object>> rows(Path trialDir, String dataset, String table) {
        if (PostgresTesting.query("SELECT 1 FROM information_schema.tables WHERE table_schema = '" + dataset
                + "' AND table_name = '" + table + "'").isEmpty()) {
            return List.of();
        }
        return PostgresTesting.query("SELECT * FROM \"" + dataset + "\".\"" + table + "\"");
    }
}
