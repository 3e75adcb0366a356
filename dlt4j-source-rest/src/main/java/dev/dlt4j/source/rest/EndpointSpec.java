package dev.dlt4j.source.rest;

import java.util.Map;
import java.util.Optional;

/**
 * One endpoint as resolved from the settings: defaults merged, paginator and auth chosen by
 * precedence (endpoint, then {@code resource_defaults}, then {@code client}), path parameters bound.
 * Texts may still hold {@code {resources...}} and {@code {incremental...}} placeholders. Immutable.
 */
record EndpointSpec(String path, String method, Map<String, Object> params, Map<String, String> headers,
        Optional<Map<String, Object>> json, PaginatorSpec paginator, Optional<JsonPath> dataSelector,
        Optional<AuthSpec> auth, Optional<IncrementalSpec> incremental) {
}
