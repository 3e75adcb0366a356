package dev.dlt4j.spi;

import dev.dlt4j.schema.Schema;
import java.time.Instant;

/**
 * The rows that mark a load package as done at the destination: a {@code _dlt_loads} row, a
 * {@code _dlt_version} row when the schema version is new there, and a {@code _dlt_pipeline_state}
 * row. {@code stateBlob} is the state as dlt stores it (zlib + base64 of its JSON).
 */
public record CompletedLoad(String loadId, Schema schema, String schemaJson, String pipelineName, long stateVersion,
        String stateBlob, String stateHash, String stateRowId, Instant insertedAt) {
}
