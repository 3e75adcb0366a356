package dev.dlt4j;

import dev.dlt4j.state.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The pipeline's state, typed and versioned, in dlt's layout ({@code TPipelineState}, state
 * engine 4): what the pipeline is bound to, and under {@code sources} the state its sources and
 * resources keep between runs. A state is written into each load package at extract and becomes
 * the pipeline's state ({@code state.json} in the working folder) only when that package is
 * loaded, together with the package's {@code _dlt_pipeline_state} row at the destination.
 *
 * <p>The version counts changes: {@link #bumped()} computes the content hash as dlt does (SHA3-256,
 * base64, over the JSON with sorted keys and without {@code _state_version},
 * {@code _state_engine_version}, {@code _version_hash}) and adds one to the version when the hash
 * differs from the one the state was read with. Immutable; any thread.
 *
 * @param stateVersion {@code _state_version}: 0 for a pipeline that never extracted, then 1, 2, ...
 * @param versionHash {@code _version_hash}: the content hash at the last {@link #bumped()}, empty before
 */
public record PipelineState(String pipelineName, String datasetName, Optional<String> defaultSchemaName,
        List<String> schemaNames, Optional<String> destinationType, Optional<String> destinationName,
        Map<String, SourceState> sources, long stateVersion, Optional<String> versionHash) {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** {@code _state_engine_version}: the layout dlt's pipeline state has had since dlt 0.4. */
    public static final int ENGINE_VERSION = 4;
    /** The key of the state in {@code load_package_state.json}, as dlt names it. */
    public static final String PACKAGE_STATE_KEY = "pipeline_state";

    public PipelineState {
        Objects.requireNonNull(pipelineName, "pipelineName");
        Objects.requireNonNull(datasetName, "datasetName");
        Objects.requireNonNull(defaultSchemaName, "defaultSchemaName");
        schemaNames = List.copyOf(schemaNames);
        Objects.requireNonNull(destinationType, "destinationType");
        Objects.requireNonNull(destinationName, "destinationName");
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        if (stateVersion < 0) {
            throw new IllegalArgumentException("_state_version must be 0 or more, got " + stateVersion);
        }
        Objects.requireNonNull(versionHash, "versionHash");
    }

    /** The state of a pipeline that never extracted: version 0, no sources. */
    public static PipelineState initial(String pipelineName, String datasetName) {
        return new PipelineState(pipelineName, datasetName, Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Map.of(), 0, Optional.empty());
    }

    /** A source's state; {@link SourceState#EMPTY} when it has none. */
    public SourceState source(String name) {
        return sources.getOrDefault(name, SourceState.EMPTY);
    }

    /** A resource's state; empty when it has none. */
    public Map<String, Object> resourceState(String source, String resource) {
        return source(source).resource(resource);
    }

    /** This state with one resource's state replaced; an empty map removes it. */
    public PipelineState withResourceState(String source, String resource, Map<String, ?> state) {
        Map<String, SourceState> copy = new LinkedHashMap<>(sources);
        copy.put(source, source(source).withResource(resource, state));
        return new PipelineState(pipelineName, datasetName, defaultSchemaName, schemaNames, destinationType,
                destinationName, copy, stateVersion, versionHash);
    }

    /** This state with keys of one source's scoped values set (the others kept). */
    public PipelineState withSourceValues(String source, Map<String, ?> values) {
        Map<String, SourceState> copy = new LinkedHashMap<>(sources);
        copy.put(source, source(source).withValues(values));
        return new PipelineState(pipelineName, datasetName, defaultSchemaName, schemaNames, destinationType,
                destinationName, copy, stateVersion, versionHash);
    }

    /**
     * This state as a pipeline that extracts {@code schemaName} into {@code datasetName} at
     * {@code destinationType} records it: the schema joins {@code schema_names} (and becomes the
     * default schema when there is none), as in dlt.
     */
    public PipelineState boundTo(String dataset, String schemaName, String destination) {
        List<String> names = new ArrayList<>(schemaNames);
        if (!names.contains(schemaName)) {
            names.add(schemaName);
        }
        return new PipelineState(pipelineName, dataset, Optional.of(defaultSchemaName.orElse(schemaName)), names,
                Optional.of(destination), Optional.of(destination), sources, stateVersion, versionHash);
    }

    /** This state as dlt's state document (JSON), as the working folder's {@code state.json} holds it. */
    public String toJson() {
        return json().toString();
    }

    /**
     * Reads a state document written by {@link #toJson()} (or by dlt).
     *
     * @throws IllegalArgumentException when it is not JSON or not a state, saying what is wrong
     */
    public static PipelineState fromJson(String json) {
        try {
            return fromJsonNode(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("the pipeline state is not JSON: " + e.getMessage(), e);
        }
    }

    /** The package's {@code load_package_state.json} document carrying this state (dlt's layout). */
    public String toPackageState(String loadId, Instant createdAt) {
        return packageStateNode(loadId, createdAt).toString();
    }

    /** The state a package's {@code load_package_state.json} carries; empty for a package that carries none. */
    public static Optional<PipelineState> fromPackageState(String packageState) {
        try {
            return fromPackageStateNode(MAPPER.readTree(packageState));
        } catch (IOException e) {
            throw new IllegalArgumentException("the package state is not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The content hash, as dlt's {@code generate_state_version_hash} computes it: strings,
     * integers and booleans hash byte for byte as in dlt; a fractional number may print
     * differently from Python's and then hashes differently.
     */
    public String contentHash() {
        ObjectNode content = json();
        content.remove(List.of("_state_version", "_state_engine_version", "_version_hash"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA3-256")
                    .digest(JsonValues.canonical(content).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA3-256 is missing from this JVM", e);
        }
    }

    /**
     * dlt's {@code bump_state_version_if_modified}: the state with its hash set to the content
     * hash, and its version one higher when the content changed since the hash was last set. A
     * state never hashed (a new pipeline's, or one a dlt4j before typed state wrote) counts as changed,
     * so a new pipeline's first package carries version 1, as before.
     */
    public PipelineState bumped() {
        String hash = contentHash();
        long version = versionHash.map(h -> h.equals(hash) ? stateVersion : stateVersion + 1).orElse(stateVersion + 1);
        return new PipelineState(pipelineName, datasetName, defaultSchemaName, schemaNames, destinationType,
                destinationName, sources, version, Optional.of(hash));
    }

    /** The state as dlt writes it to {@code state.json}. */
    ObjectNode json() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("_state_version", stateVersion);
        out.put("_state_engine_version", ENGINE_VERSION);
        versionHash.ifPresent(h -> out.put("_version_hash", h));
        out.put("pipeline_name", pipelineName);
        out.put("dataset_name", datasetName);
        defaultSchemaName.ifPresent(s -> out.put("default_schema_name", s));
        out.putArray("schema_names").addAll(schemaNames.stream().map(out::textNode).toList());
        destinationType.ifPresent(s -> out.put("destination_type", s));
        destinationName.ifPresent(s -> out.put("destination_name", s));
        ObjectNode src = out.putObject("sources");
        sources.forEach((name, s) -> src.set(name, s.toJson()));
        return out;
    }

    /**
     * Reads a state written by {@link #toJson()} (or by dlt, whose {@code _local} section and
     * staging keys are not kept).
     *
     * @throws IllegalArgumentException when it is not a pipeline state, or is of a newer engine
     */
    static PipelineState fromJsonNode(JsonNode json) {
        if (!json.isObject() || !json.path("pipeline_name").isTextual()) {
            throw new IllegalArgumentException("not a pipeline state (a JSON object with pipeline_name): " + json);
        }
        int engine = json.path("_state_engine_version").asInt(ENGINE_VERSION);
        if (engine > ENGINE_VERSION) {
            throw new IllegalArgumentException("the pipeline state of " + json.path("pipeline_name").asText()
                    + " has state engine version " + engine + "; this dlt4j reads up to " + ENGINE_VERSION);
        }
        List<String> schemas = new ArrayList<>();
        json.path("schema_names").forEach(n -> schemas.add(n.asText()));
        Map<String, SourceState> sources = new LinkedHashMap<>();
        json.path("sources").fields().forEachRemaining(e -> sources.put(e.getKey(),
                SourceState.fromJson(e.getKey(), e.getValue())));
        return new PipelineState(json.path("pipeline_name").asText(), json.path("dataset_name").asText(""),
                text(json, "default_schema_name"), schemas, text(json, "destination_type"),
                text(json, "destination_name"), sources, json.path("_state_version").asLong(0),
                text(json, "_version_hash"));
    }

    private static Optional<String> text(JsonNode json, String key) {
        JsonNode n = json.path(key);
        return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** dlt's {@code compress_state}: zlib (level 9) and base64 of the JSON, the {@code state} column's value. */
    public String compressed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, new Deflater(9))) {
            out.write(json().toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot compress the pipeline state", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** Reads the value of a {@code state} column ({@link #compressed()}). */
    public static PipelineState decompress(String blob) {
        try (InflaterInputStream in = new InflaterInputStream(new java.io.ByteArrayInputStream(
                Base64.getDecoder().decode(blob)))) {
            return fromJsonNode(MAPPER.readTree(in));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the compressed pipeline state cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The content of {@code load_package_state.json} of a package extracted with this state, in
     * dlt's layout: the package's own version fields, {@code created_at}, and under
     * {@value #PACKAGE_STATE_KEY} the state document ({@code version}, {@code engine_version},
     * {@code pipeline_name}, {@code state} compressed, {@code created_at}, {@code version_hash},
     * {@code _dlt_load_id}).
     */
    ObjectNode packageStateNode(String loadId, Instant createdAt) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("version", stateVersion);
        doc.put("engine_version", ENGINE_VERSION);
        doc.put("pipeline_name", pipelineName);
        doc.put("state", compressed());
        doc.put("created_at", createdAt.toString());
        doc.put("version_hash", versionHash.orElseGet(this::contentHash));
        doc.put("_dlt_load_id", loadId);
        ObjectNode pkg = JsonNodeFactory.instance.objectNode();
        pkg.put("created_at", createdAt.toString());
        pkg.set(PACKAGE_STATE_KEY, doc);
        String hash;
        try {
            hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA3-256")
                    .digest(JsonValues.canonical(pkg).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA3-256 is missing from this JVM", e);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("_state_version", 1);
        out.put("_state_engine_version", 1);
        out.put("_version_hash", hash);
        out.setAll(pkg);
        return out;
    }

    /**
     * The pipeline state a package carries, from its {@code load_package_state.json}: the state
     * document dlt writes, or the plain state a dlt4j before typed state wrote there; empty when
     * the package carries none.
     */
    static Optional<PipelineState> fromPackageStateNode(JsonNode packageState) {
        JsonNode doc = packageState.path(PACKAGE_STATE_KEY);
        if (doc.path("state").isTextual()) {
            return Optional.of(decompress(doc.path("state").asText()));
        }
        if (doc.path("pipeline_name").isTextual()) {
            return Optional.of(fromJsonNode(doc));
        }
        return Optional.empty();
    }
}
