package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.StateSyncContractTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** State rows, restore, refresh and drop against the real PostgreSQL. */
class PostgresStateSyncTest extends StateSyncContractTest {
    private final List<String> datasets = new ArrayList<>();

    @BeforeEach
    void server() {
        PostgresTesting.requireServer();
    }

    @AfterEach
    void dropDatasets() {
        datasets.forEach(PostgresTesting::dropSchema);
    }

    @Override
    protected Pipeline.Builder pipeline(String name) {
        String dataset = PostgresTesting.uniqueDataset("restore_" + name);
        datasets.add(dataset);
        return Pipeline.builder(name).destination(PostgresTesting.URI).dataset(dataset)
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    @Override
    protected List<Map<String, Object>> rows(Pipeline p, String table) {
        if (PostgresTesting.query("SELECT 1 FROM information_schema.tables WHERE table_schema = '" + p.datasetName()
                + "' AND table_name = '" + table + "'").isEmpty()) {
            return new ArrayList<>();
        }
        return PostgresTesting.query("SELECT * FROM \"" + p.datasetName() + "\".\"" + table + "\"");
    }

    @Override
    protected void writeStateRow(Pipeline p, String loadId, long version, String state, boolean completed) {
        try (Connection c = PostgresTesting.connection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO \"" + p.datasetName() + "\"._dlt_pipeline_state"
                    + " (version, engine_version, pipeline_name, state, created_at, version_hash, _dlt_load_id, _dlt_id)"
                    + " VALUES (?, 4, ?, ?, ?, 'planted', ?, ?)")) {
                ps.setLong(1, version);
                ps.setString(2, p.name());
                ps.setString(3, state);
                ps.setTimestamp(4, Timestamp.from(Instant.now()));
                ps.setString(5, loadId);
                ps.setString(6, "planted" + loadId);
                ps.executeUpdate();
            }
            if (completed) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO \"" + p.datasetName() + "\"._dlt_loads"
                        + " (load_id, schema_name, status, inserted_at, schema_version_hash)"
                        + " VALUES (?, 'counting', 0, ?, 'x')")) {
                    ps.setString(1, loadId);
                    ps.setTimestamp(2, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
