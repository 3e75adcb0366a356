package dev.dlt4j.source.rest;

import dev.dlt4j.WriteDisposition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One resource of a {@link RestApiSource} for the Java builder: dlt's {@code EndpointResource} keys,
 * plus {@code filter} and {@code map} processing steps as Java functions over rows
 * ({@code Map<String, Object>}). Immutable: every method returns a new resource.
 *
 * <pre>{@code
 * RestResource comments = RestResource.of("comments")
 *         .path("issues/{resources.issues.number}/comments")
 *         .includeFromParent("id")
 *         .filter(row -> !"bot".equals(row.get("author")));
 * }</pre>
 */
public final class RestResource {
    private final String name;
    private final Map<String, Object> settings;
    private final Map<String, Object> endpoint;
    private final List<ResourceSpec.Step> steps;

    private RestResource(String name, Map<String, Object> settings, Map<String, Object> endpoint,
            List<ResourceSpec.Step> steps) {
        this.name = name;
        this.settings = Collections.unmodifiableMap(settings);
        this.endpoint = Collections.unmodifiableMap(endpoint);
        this.steps = List.copyOf(steps);
    }

    /** A resource named {@code name} whose endpoint path is its name until {@link #path} says otherwise. */
    public static RestResource of(String name) {
        return new RestResource(name, Map.of("name", name), Map.of(), List.of());
    }

    public String name() {
        return name;
    }

    private RestResource withSetting(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(settings);
        m.put(key, value);
        return new RestResource(name, m, endpoint, steps);
    }

    /** This resource with one of dlt's endpoint keys set ({@code path}, {@code method}, {@code data_selector}, ...). */
    public RestResource endpoint(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(endpoint);
        m.put(key, value);
        return new RestResource(name, settings, m, steps);
    }

    @SuppressWarnings("unchecked")
    private RestResource endpointEntry(String table, String key, Object value) {
        Map<String, Object> t = new LinkedHashMap<>(endpoint.get(table) instanceof Map<?, ?> m
                ? (Map<String, Object>) m : Map.of());
        t.put(key, value);
        return endpoint(table, t);
    }

    public RestResource path(String path) {
        return endpoint("path", path);
    }

    /** {@code GET} (default) or {@code POST}. */
    public RestResource method(String method) {
        return endpoint("method", method);
    }

    /** A query parameter; may hold {@code {resources.<parent>.<field>}} or {@code {incremental.start_value}}. */
    public RestResource param(String key, Object value) {
        return endpointEntry("params", key, value);
    }

    public RestResource header(String key, String value) {
        return endpointEntry("headers", key, value);
    }

    /** The JSON body of a {@code POST}. */
    public RestResource json(Map<String, ?> body) {
        return endpoint("json", new LinkedHashMap<>(body));
    }

    /** Where the page's items are in the body (a JSONPath); detected when not set. */
    public RestResource dataSelector(String jsonPath) {
        return endpoint("data_selector", jsonPath);
    }

    public RestResource paginator(Paginator paginator) {
        return endpoint("paginator", new LinkedHashMap<>(paginator.settings()));
    }

    /** This endpoint's own auth, instead of the client's. */
    public RestResource auth(RestAuth auth) {
        return endpoint("auth", new LinkedHashMap<>(auth.settings()));
    }

    /** {@code endpoint.incremental} with dlt's keys ({@code cursor_path}, {@code initial_value}, ...) and dlt4j's window keys. */
    public RestResource incremental(Map<String, ?> incremental) {
        return endpoint("incremental", new LinkedHashMap<>(incremental));
    }

    public RestResource primaryKey(String... columns) {
        return withSetting("primary_key", List.of(columns));
    }

    public RestResource mergeKey(String... columns) {
        return withSetting("merge_key", List.of(columns));
    }

    public RestResource writeDisposition(WriteDisposition disposition) {
        return withSetting("write_disposition", disposition.dltName());
    }

    public RestResource tableName(String table) {
        return withSetting("table_name", table);
    }

    public RestResource maxTableNesting(int levels) {
        return withSetting("max_table_nesting", levels);
    }

    /** Copies these fields of the parent item into each child row as {@code _<parent>_<field>}. */
    public RestResource includeFromParent(String... fields) {
        return withSetting("include_from_parent", Arrays.asList(fields));
    }

    /** Fetches the children of each parent item in the extract worker pool. */
    public RestResource parallelized() {
        return withSetting("parallelized", true);
    }

    /** False: the resource only feeds its children and is not loaded. */
    public RestResource selected(boolean selected) {
        return withSetting("selected", selected);
    }

    /** Keeps the rows for which {@code predicate} is true (a {@code filter} processing step). */
    @SuppressWarnings("unchecked")
    public RestResource filter(Predicate<Map<String, Object>> predicate) {
        List<ResourceSpec.Step> s = new ArrayList<>(steps);
        s.add(new ResourceSpec.Filter(row -> predicate.test((Map<String, Object>) row)));
        return new RestResource(name, settings, endpoint, s);
    }

    /** Replaces each row with what {@code mapper} returns (a {@code map} processing step). */
    @SuppressWarnings("unchecked")
    public RestResource map(UnaryOperator<Map<String, Object>> mapper) {
        List<ResourceSpec.Step> s = new ArrayList<>(steps);
        s.add(new ResourceSpec.MapStep(row -> mapper.apply((Map<String, Object>) row)));
        return new RestResource(name, settings, endpoint, s);
    }

    Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>(settings);
        if (!endpoint.isEmpty()) {
            m.put("endpoint", new LinkedHashMap<>(endpoint));
        }
        return m;
    }

    List<ResourceSpec.Step> steps() {
        return steps;
    }
}
