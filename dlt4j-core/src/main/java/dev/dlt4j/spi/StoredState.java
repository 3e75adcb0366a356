package dev.dlt4j.spi;

import java.util.Objects;

/**
 * The newest pipeline state a destination holds for one pipeline: a {@code _dlt_pipeline_state}
 * row whose load completed ({@code _dlt_loads} status 0), as dlt's {@code StateInfo}. The state is
 * kept as stored, compressed (zlib + base64 of its JSON); the pipeline decodes it and names the
 * destination when it cannot.
 *
 * @param pipelineName {@code pipeline_name}
 * @param version {@code version}: the state's {@code _state_version}
 * @param engineVersion {@code engine_version}: the state engine that wrote it (dlt's is 4)
 * @param state {@code state}: zlib + base64 of the state's JSON
 * @param versionHash {@code version_hash}: the state's content hash
 * @param loadId {@code _dlt_load_id}: the load that wrote the row
 */
public record StoredState(String pipelineName, long version, long engineVersion, String state, String versionHash,
        String loadId) {
    public StoredState {
        Objects.requireNonNull(pipelineName, "pipelineName");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(versionHash, "versionHash");
        Objects.requireNonNull(loadId, "loadId");
    }
}
