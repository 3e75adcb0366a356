package dev.dlt4j.sql;

import dev.dlt4j.spi.CompletedLoad;
import dev.dlt4j.spi.StoredSchema;
import dev.dlt4j.spi.StoredState;
import dev.dlt4j.schema.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rows that mark a load complete in a SQL dataset ({@code _dlt_version} when the schema version
 * is new there, {@code _dlt_pipeline_state}, {@code _dlt_loads}), shared by SQL destinations. Runs in
 * the caller's transaction; the caller commits.
 */
final class SqlLoadRecords {
    private SqlLoadRecords() {
    }

    /**
     * Writes the rows; returns false and writes nothing when {@code _dlt_loads} already has the load
     * (a run killed after the commit but before it moved the package).
     *
     * @param qualified maps a table name to its quoted, dataset-qualified name
     * @param insertedAt the timestamp parameter in the driver's preferred type
     */
    public static boolean write(Connection c, Function<String, String> qualified, CompletedLoad load,
            Object insertedAt) throws SQLException {
        if (count(c, "SELECT count(*) FROM " + qualified.apply(Schema.LOADS_TABLE) + " WHERE load_id = ?",
                load.loadId()) > 0) {
            return false;
        }
        if (count(c, "SELECT count(*) FROM " + qualified.apply(Schema.VERSION_TABLE)
                + " WHERE version_hash = ? AND schema_name = ?", load.schema().versionHash(),
                load.schema().name()) == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualified.apply(Schema.VERSION_TABLE)
                    + " (version, engine_version, inserted_at, schema_name, version_hash, schema)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, load.schema().version());
                ps.setLong(2, Schema.ENGINE_VERSION);
                ps.setObject(3, insertedAt);
                ps.setString(4, load.schema().name());
                ps.setString(5, load.schema().versionHash());
                ps.setString(6, load.schemaJson());
                ps.executeUpdate();
            }
        }
        // as dlt, a state row only when the state changed (or the package drops tables): the newest row stays the state
        if (load.writesStateRow()) {
            writeStateRow(c, qualified, load, insertedAt);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualified.apply(Schema.LOADS_TABLE)
                + " (load_id, schema_name, status, inserted_at, schema_version_hash) VALUES (?, ?, 0, ?, ?)")) {
            ps.setString(1, load.loadId());
            ps.setString(2, load.schema().name());
            ps.setObject(3, insertedAt);
            ps.setString(4, load.schema().versionHash());
            ps.executeUpdate();
        }
        return true;
    }

    private static void writeStateRow(Connection c, Function<String, String> qualified, CompletedLoad load,
            Object insertedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualified.apply(Schema.STATE_TABLE)
                + " (version, engine_version, pipeline_name, state, created_at, version_hash, _dlt_load_id,"
                + " _dlt_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, load.stateVersion());
            ps.setLong(2, 4);
            ps.setString(3, load.pipelineName());
            ps.setString(4, load.stateBlob());
            ps.setObject(5, insertedAt);
            ps.setString(6, load.stateHash());
            ps.setString(7, load.loadId());
            ps.setString(8, load.stateRowId());
            ps.executeUpdate();
        }
    }

    /** dlt's {@code get_stored_state} query: the newest state row of a load that completed (status 0). */
    static Optional<StoredState> storedState(Connection c, Function<String, String> qualified, String pipelineName)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.version, s.engine_version, s.pipeline_name, s.state,"
                + " s.version_hash, s._dlt_load_id FROM " + qualified.apply(Schema.STATE_TABLE) + " AS s JOIN "
                + qualified.apply(Schema.LOADS_TABLE) + " AS l ON l.load_id = s._dlt_load_id WHERE s.pipeline_name = ?"
                + " AND l.status = 0 ORDER BY l.load_id DESC LIMIT 1")) {
            ps.setString(1, pipelineName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String hash = rs.getString(5);
                return Optional.of(new StoredState(rs.getString(3), rs.getLong(1), rs.getLong(2),
                        Objects.requireNonNullElse(rs.getString(4), ""), hash == null ? "" : hash, rs.getString(6)));
            }
        }
    }

    /** dlt's {@code get_stored_schema} query: the newest {@code _dlt_version} row of the schema. */
    static Optional<StoredSchema> storedSchema(Connection c, Function<String, String> qualified, String schemaName)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, version_hash, schema FROM "
                + qualified.apply(Schema.VERSION_TABLE) + " WHERE schema_name = ? ORDER BY inserted_at DESC,"
                + " version DESC LIMIT 1")) {
            ps.setString(1, schemaName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredSchema(schemaName, rs.getLong(1),
                        Objects.requireNonNullElse(rs.getString(2), ""), Objects.requireNonNullElse(rs.getString(3), "")));
            }
        }
    }

    private static long count(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
