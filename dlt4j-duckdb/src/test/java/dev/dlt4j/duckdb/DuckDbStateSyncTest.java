package dev.dlt4j.duckdb;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.StateSyncContractTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** State rows, restore, refresh and drop against a DuckDB file. */
class DuckDbStateSyncTest extends StateSyncContractTest {

    @Override
    protected Pipeline.Builder pipeline(String name) {
        return DuckDbTesting.pipeline(tmp, name);
    }

    private Path db(Pipeline p) {
        return tmp.resolve(p.name() + ".duckdb");
    }

    @Override
    protected List<Map<String, Object>> rows(Pipeline p, String table) {
        if (DuckDbTesting.countOrZero(db(p), p.datasetName(), table) == 0) {
            return new ArrayList<>();
        }
        return DuckDbTesting.query(db(p), "SELECT * FROM " + p.datasetName() + ".\"" + table + "\"");
    }

    @Override
    protected void writeStateRow(Pipeline p, String loadId, long version, String state, boolean completed) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db(p).toAbsolutePath())) {
            insertStateRow(c, p.datasetName(), p.name(), loadId, version, state, completed);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void insertStateRow(Connection c, String dataset, String pipeline, String loadId, long version,
            String state, boolean completed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + dataset + "._dlt_pipeline_state (version,"
                + " engine_version, pipeline_name, state, created_at, version_hash, _dlt_load_id, _dlt_id)"
                + " VALUES (?, 4, ?, ?, ?, 'planted', ?, ?)")) {
            ps.setLong(1, version);
            ps.setString(2, pipeline);
            ps.setString(3, state);
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.setString(5, loadId);
            ps.setString(6, "planted" + loadId);
            ps.executeUpdate();
        }
        if (completed) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + dataset + "._dlt_loads (load_id,"
                    + " schema_name, status, inserted_at, schema_version_hash) VALUES (?, 'counting', 0, ?, 'x')")) {
                ps.setString(1, loadId);
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
        }
    }
}
