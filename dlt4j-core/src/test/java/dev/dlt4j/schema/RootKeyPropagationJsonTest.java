package dev.dlt4j.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlt4j.WriteDisposition;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which root tables propagate their root key, stored as dlt's relational normalizer stores it. */
class RootKeyPropagationJsonTest {
    private static Schema schema(Table... tables) {
        Map<String, Table> m = new LinkedHashMap<>();
        for (Table t : tables) {
            m.put(t.name(), t);
        }
        return new Schema("s", 1, m);
    }

    @Test
    void aPropagatingTableIsInTheNormalizersPropagationConfig() {
        Table merged = Table.root("orders", "orders", WriteDisposition.APPEND).toBuilder().propagatesRootKey(true).build();
        JsonNode json = SchemaJson.toJson(schema(merged, Table.root("users", "users", WriteDisposition.APPEND)));

        JsonNode tables = json.path("normalizers").path("json").path("config").path("propagation").path("tables");
        assertThat(tables.path("orders").path("_dlt_id").asText()).isEqualTo("_dlt_root_id");
        assertThat(tables.has("users")).isFalse();
    }

    @Test
    void aSchemaWithoutPropagatingTablesHasNoPropagationConfig() {
        JsonNode json = SchemaJson.toJson(schema(Table.root("users", "users", WriteDisposition.APPEND)));
        assertThat(json.path("normalizers").path("json").has("config")).isFalse();
    }

    @Test
    void theMarkIsReadBackFromTheStoredSchema() {
        Table merged = Table.root("orders", "orders", WriteDisposition.APPEND).toBuilder().propagatesRootKey(true).build();
        Schema back = SchemaJson.fromJson(SchemaJson.toJson(schema(merged, Table.root("users", "users",
                WriteDisposition.APPEND))));
        assertThat(back.table("orders").orElseThrow().propagatesRootKey()).isTrue();
        assertThat(back.table("users").orElseThrow().propagatesRootKey()).isFalse();
    }
}
