package dev.dlt4j;

import dev.dlt4j.state.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The state of one source, as dlt lays it out under {@code sources.<source>}: the source-scoped
 * values (shared by the source's resources) and, under {@code resources}, one JSON map per
 * resource. Resource state is a map of JSON values so that later features (incremental cursors
 * under {@code incremental.<cursor_path>}) fit without a new type. Immutable.
 *
 * @param values the source-scoped keys, {@code resources} excluded
 * @param resources resource name to that resource's state
 */
public record SourceState(Map<String, Object> values, Map<String, Map<String, Object>> resources) {
    static final String RESOURCES = "resources";
    public static final SourceState EMPTY = new SourceState(Map.of(), Map.of());

    public SourceState {
        values = JsonValues.copyMap(Objects.requireNonNull(values, "values"), "source state");
        if (values.containsKey(RESOURCES)) {
            throw new IllegalArgumentException("source state: the key '" + RESOURCES + "' holds the resources' state"
                    + " and cannot be a source value");
        }
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(resources, "resources").forEach((name, state) -> copy.put(
                Objects.requireNonNull(name, "resource name"),
                JsonValues.copyMap(Objects.requireNonNull(state, "state"), "state of resource " + name)));
        resources = Collections.unmodifiableMap(copy);
    }

    /** The state of one resource; empty when it never wrote one. */
    public Map<String, Object> resource(String name) {
        return resources.getOrDefault(name, Map.of());
    }

    /** This source state with one resource's state replaced ({@code state} empty removes it). */
    public SourceState withResource(String name, Map<String, ?> state) {
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>(resources);
        if (state.isEmpty()) {
            copy.remove(name);
        } else {
            copy.put(name, JsonValues.copyMap(state, "state of resource " + name));
        }
        return new SourceState(values, copy);
    }

    /** This source state with the given source-scoped keys set (the others kept). */
    public SourceState withValues(Map<String, ?> set) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.putAll(JsonValues.copyMap(set, "source state"));
        return new SourceState(copy, resources);
    }

    ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        values.forEach((k, v) -> out.set(k, JsonValues.toNode(v)));
        ObjectNode res = out.putObject(RESOURCES);
        resources.forEach((k, v) -> res.set(k, JsonValues.toNode(v)));
        return out;
    }

    static SourceState fromJson(String name, JsonNode node) {
        Map<String, Object> values = new LinkedHashMap<>(JsonValues.fromNode(node, "state of source " + name));
        Object res = values.remove(RESOURCES);
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
        if (res instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (!(v instanceof Map<?, ?> state)) {
                    throw new IllegalArgumentException("state of resource " + k + " of source " + name
                            + " must be a JSON object, got " + v);
                }
                resources.put(String.valueOf(k), JsonValues.copyMap(state, "state of resource " + k));
            });
        } else if (res != null) {
            throw new IllegalArgumentException("sources." + name + ".resources must be a JSON object, got " + res);
        }
        return new SourceState(values, resources);
    }
}
