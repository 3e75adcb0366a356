package dev.dlt4j.source.rest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A whole {@code rest_api} source as resolved from its settings, resources in declaration order. Immutable. */
record SourceSpec(String name, Optional<String> baseUrl, Map<String, String> headers, List<ResourceSpec> resources) {
}
