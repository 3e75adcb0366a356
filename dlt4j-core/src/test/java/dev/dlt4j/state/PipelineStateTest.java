package dev.dlt4j.state;

import dev.dlt4j.PipelineState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed pipeline state: dlt's layout, dlt's version hash, and the version counting changes only. */
class PipelineStateTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static PipelineState withRuns(int runs) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("runs", runs);
        r.put("name", "é");
        r.put("tags", Arrays.asList("a", true, null));
        return PipelineState.initial("p", "d").boundTo("d", "s", "duckdb").withResourceState("s", "r", r);
    }

    @Test
    void theJsonHasDltsLayout() throws Exception {
        JsonNode json = MAPPER.readTree(withRuns(2).bumped().toJson());
        assertThat(json.path("_state_version").asLong()).isEqualTo(1);
        assertThat(json.path("_state_engine_version").asInt()).isEqualTo(4);
        assertThat(json.path("_version_hash").isTextual()).isTrue();
        assertThat(json.path("pipeline_name").asText()).isEqualTo("p");
        assertThat(json.path("dataset_name").asText()).isEqualTo("d");
        assertThat(json.path("default_schema_name").asText()).isEqualTo("s");
        assertThat(json.path("schema_names").toString()).isEqualTo("[\"s\"]");
        assertThat(json.path("destination_type").asText()).isEqualTo("duckdb");
        assertThat(json.at("/sources/s/resources/r/runs").asInt()).isEqualTo(2);
    }

    @Test
    void theVersionHashIsTheOneDltComputes() {
        // python: base64(sha3_256(json.dumps(state_without_version_fields, sort_keys=True, separators=(',', ':'),
        // ensure_ascii=False).encode())), which is what dlt's generate_state_version_hash gives for these values
        assertThat(withRuns(2).contentHash()).isEqualTo("R7ctvu2s++LFOpw0F2uZZzdTGuNQmnZJnVpi+RtveU8=");
    }

    @Test
    void theVersionAdvancesOnlyWhenTheContentChanges() {
        PipelineState first = withRuns(1).bumped();
        assertThat(first.stateVersion()).isEqualTo(1);
        assertThat(first.bumped()).isEqualTo(first);
        PipelineState second = first.withResourceState("s", "r", Map.of("runs", 2)).bumped();
        assertThat(second.stateVersion()).isEqualTo(2);
        assertThat(second.versionHash()).isNotEqualTo(first.versionHash());
    }

    @Test
    void jsonAndCompressedFormsReadBackEqual() {
        PipelineState state = withRuns(3).bumped();
        assertThat(PipelineState.fromJson(state.toJson())).isEqualTo(state);
        assertThat(PipelineState.decompress(state.compressed())).isEqualTo(state);
    }

    @Test
    void thePackageStateCarriesTheStateDocumentAsDltWritesIt() throws Exception {
        PipelineState state = withRuns(3).bumped();
        JsonNode pkg = MAPPER.readTree(state.toPackageState("1714512345.123456", Instant.parse("2024-05-01T00:00:00Z")));
        JsonNode doc = pkg.path("pipeline_state");
        assertThat(doc.path("version").asLong()).isEqualTo(1);
        assertThat(doc.path("engine_version").asInt()).isEqualTo(4);
        assertThat(doc.path("pipeline_name").asText()).isEqualTo("p");
        assertThat(doc.path("version_hash").asText()).isEqualTo(state.versionHash().orElseThrow());
        assertThat(doc.path("_dlt_load_id").asText()).isEqualTo("1714512345.123456");
        assertThat(PipelineState.fromPackageState(pkg.toString())).contains(state);
    }

    @Test
    void aPackageOfADlt4jBeforeTypedStateIsRead() throws Exception {
        JsonNode old = MAPPER.readTree("{\"_state_version\":1,\"pipeline_state\":{\"_state_version\":5,"
                + "\"_state_engine_version\":4,\"pipeline_name\":\"p\",\"dataset_name\":\"d\",\"sources\":{}}}");
        PipelineState state = PipelineState.fromPackageState(old.toString()).orElseThrow();
        assertThat(state.stateVersion()).isEqualTo(5);
        // never hashed: its next extract counts as a change
        assertThat(state.bumped().stateVersion()).isEqualTo(6);
    }

    @Test
    void stateHoldsOnlyJsonValuesAndSaysWhereAnotherOneIs() {
        Map<String, Object> bad = Map.of("cursor", Map.of("at", Instant.EPOCH));
        assertThatThrownBy(() -> PipelineState.initial("p", "d").withResourceState("s", "users", bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state of resource users")
                .hasMessageContaining("'cursor.at'")
                .hasMessageContaining("java.time.Instant")
                .hasMessageContaining("String, Number, Boolean, null, List and Map");
    }

    @Test
    void aStateHandedOutCannotBeChanged() {
        List<Object> tags = new ArrayList<>(List.of("a"));
        PipelineState state = PipelineState.initial("p", "d").withResourceState("s", "r", Map.of("tags", tags));
        tags.add("b");
        assertThat(state.resourceState("s", "r").get("tags")).isEqualTo(List.of("a"));
        assertThatThrownBy(() -> state.resourceState("s", "r").put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aStateOfANewerEngineIsRefusedNamingBothVersions() throws Exception {
        JsonNode newer = MAPPER.readTree("{\"pipeline_name\":\"p\",\"_state_engine_version\":5}");
        assertThatThrownBy(() -> PipelineState.fromJson(newer.toString())).hasMessageContaining("state engine version 5")
                .hasMessageContaining("reads up to 4");
    }
}
