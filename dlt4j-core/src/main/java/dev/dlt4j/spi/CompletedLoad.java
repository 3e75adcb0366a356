package dev.dlt4j.spi;

import dev.dlt4j.schema.Schema;
import java.time.Instant;

/**
 * The rows that mark a load package as done at the destination: a {@code _dlt_loads} row, a
 * {@code _dlt_version} row when the schema version is new there, and a {@code _dlt_pipeline_state}
 * row when {@code writesStateRow}. {@code stateBlob} is the state as dlt stores it (zlib + base64 of
 * its JSON).
 *
 * @param writesStateRow true when the package's state differs from the one stored before (its
 *        version hash changed) or the package drops tables; false: the destination writes no
 *        {@code _dlt_pipeline_state} row for this load, as dlt extracts the state only when it changed
 */
public record CompletedLoad(String loadId, Schema schema, String schemaJson, String pipelineName, long stateVersion,
        String stateBlob, String stateHash, String stateRowId, Instant insertedAt, boolean writesStateRow) {

    /** A load that writes its state row. */
    public CompletedLoad(String loadId, Schema schema, String schemaJson, String pipelineName, long stateVersion,
            String stateBlob, String stateHash, String stateRowId, Instant insertedAt) {
        this(loadId, schema, schemaJson, pipelineName, stateVersion, stateBlob, stateHash, stateRowId, insertedAt, true);
    }
}
