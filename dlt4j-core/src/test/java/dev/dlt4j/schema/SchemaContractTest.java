package dev.dlt4j.schema;

import dev.dlt4j.SchemaContract;
import dev.dlt4j.WriteDisposition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.SchemaContract.Mode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaContractTest {
    @Test
    void oneModeAppliesToTablesColumnsAndDataTypes() {
        assertThat(SchemaContract.parse("freeze")).isEqualTo(new SchemaContract(Mode.FREEZE, Mode.FREEZE, Mode.FREEZE));
        assertThat(SchemaContract.parse(" Discard_Row ")).isEqualTo(SchemaContract.all(Mode.DISCARD_ROW));
    }

    @Test
    void aMapSetsEachEntityAndTheOthersEvolve() {
        assertThat(SchemaContract.parse(Map.of("columns", "discard_value", "data_type", Mode.FREEZE)))
                .isEqualTo(new SchemaContract(Mode.EVOLVE, Mode.DISCARD_VALUE, Mode.FREEZE));
        assertThat(SchemaContract.parse(Map.of())).isEqualTo(SchemaContract.EVOLVE);
        assertThat(SchemaContract.EVOLVE.isEvolve()).isTrue();
        assertThat(SchemaContract.parse(Map.of("tables", "freeze")).isEvolve()).isFalse();
    }

    @Test
    void anUnknownModeIsRejectedNamingTheAllowedOnes() {
        assertThatThrownBy(() -> SchemaContract.parse("frozen"))
                .hasMessage("schema contract mode 'frozen' is not valid; allowed: evolve, freeze, discard_row,"
                        + " discard_value");
        assertThatThrownBy(() -> SchemaContract.parse(Map.of("columns", "drop")))
                .hasMessageContaining("schema contract entity 'columns'").hasMessageContaining("mode 'drop'");
    }

    @Test
    void anUnknownEntityIsRejectedNamingTheAllowedOnes() {
        assertThatThrownBy(() -> SchemaContract.parse(Map.of("colums", "freeze")))
                .hasMessage("schema contract entity 'colums' is not valid; allowed: tables, columns, data_type");
    }

    @Test
    void aTableContractRoundTripsThroughSchemaJsonInDltsForms() {
        Map<String, Table> tables = new LinkedHashMap<>();
        Table a = Table.root("a", "a", WriteDisposition.APPEND).withContract(SchemaContract.parse("freeze"));
        Table b = Table.root("b", "b", WriteDisposition.APPEND)
                .withContract(SchemaContract.parse(Map.of("columns", "discard_row")));
        Table c = Table.root("c", "c", WriteDisposition.APPEND);
        tables.put("a", a);
        tables.put("b", b);
        tables.put("c", c);
        Schema schema = new Schema("s", 1, tables);
        var json = SchemaJson.toJson(schema);
        assertThat(json.path("tables").path("a").path("schema_contract").asText()).isEqualTo("freeze");
        assertThat(json.path("tables").path("b").path("schema_contract").path("columns").asText())
                .isEqualTo("discard_row");
        assertThat(json.path("tables").path("c").has("schema_contract")).isFalse();
        Schema back = SchemaJson.fromJson(json);
        assertThat(back.tables()).isEqualTo(schema.tables());
        assertThat(back.versionHash()).isEqualTo(schema.versionHash());
        assertThat(schema.withTable(c.withContract(SchemaContract.parse("freeze"))).versionHash())
                .isNotEqualTo(schema.versionHash());
    }

    @Test
    void anInvalidStoredContractNamesTheTable() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"name\":\"s\",\"tables\":{\"t\":{\"name\":\"t\",\"schema_contract\":\"sometimes\",\"columns\":{}}}}");
        assertThatThrownBy(() -> SchemaJson.fromJson(json))
                .hasMessageContaining("table t has an invalid schema_contract \"sometimes\"")
                .hasMessageContaining("allowed: evolve, freeze, discard_row, discard_value");
    }
}
