package dev.dlt4j;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * What the driver of a split run fixes before any partition runs, so that every partition extracts
 * against the same start: the one load id all partitions write (their rows carry it as
 * {@code _dlt_load_id} and the committer loads them as one package), the source's stored schema and
 * the pipeline state the run continues from. Made by {@link Pipeline#planPartitions(String)};
 * plain strings, so it travels to executors by Java serialization.
 */
public final class PartitionPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String loadId;
    private final String sourceName;
    private final String schemaJson; // null: the source was never normalized here
    private final String stateJson;

    PartitionPlan(String loadId, String sourceName, Optional<String> schemaJson, String stateJson) {
        this.loadId = Objects.requireNonNull(loadId, "loadId");
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
        this.schemaJson = schemaJson.orElse(null);
        this.stateJson = Objects.requireNonNull(stateJson, "stateJson");
    }

    public String loadId() {
        return loadId;
    }

    public String sourceName() {
        return sourceName;
    }

    /** The source's schema as the driver stores it; empty before its first run. */
    public Optional<String> schemaJson() {
        return Optional.ofNullable(schemaJson);
    }

    /** The pipeline state the partitions continue from (dlt's state document). */
    public String stateJson() {
        return stateJson;
    }

    @Override
    public String toString() {
        return "PartitionPlan[load " + loadId + ", source " + sourceName + "]";
    }
}
