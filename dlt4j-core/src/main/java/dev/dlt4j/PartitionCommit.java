package dev.dlt4j;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one partition of a split run hands to the committer: the normalized load package it wrote on
 * shared storage ({@code packagePath}, its job {@code files}), the rows per table, the schema it
 * normalized against the plan's (whole, as JSON; {@code schemaUpdatesJson} is the delta: tables and
 * columns it added) and the state its resources wrote (dlt's state document). Made by
 * {@link Pipeline#runPartition}; read by {@link Pipeline#commitPartitions}, which merges schemas in
 * {@code partition} order and keeps one commit per partition.
 *
 * @param partition the partition's index in the plan, 0-based
 * @param attempt   which attempt made it (a retried or speculative task makes another), for messages
 * @param cursorFunctions the {@code last_value_func} name of each incremental cursor of the partition's
 *                  resources (resource to cursor path to {@code max}, {@code min} or a custom name): the
 *                  committer merges the partitions' cursors by it
 */
public record PartitionCommit(int partition, String attempt, String loadId, String packagePath, List<String> files,
        Map<String, Long> rowCounts, String schemaJson, String schemaUpdatesJson, String stateJson,
        Map<String, Map<String, String>> cursorFunctions) implements Serializable {

    public PartitionCommit {
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be 0 or more, got " + partition);
        }
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(loadId, "loadId");
        Objects.requireNonNull(packagePath, "packagePath");
        files = List.copyOf(files);
        rowCounts = Map.copyOf(rowCounts);
        Objects.requireNonNull(schemaJson, "schemaJson");
        Objects.requireNonNull(schemaUpdatesJson, "schemaUpdatesJson");
        Objects.requireNonNull(stateJson, "stateJson");
        Map<String, Map<String, String>> copy = new java.util.LinkedHashMap<>();
        cursorFunctions.forEach((r, c) -> copy.put(r, Map.copyOf(c)));
        cursorFunctions = Map.copyOf(copy);
    }
}
