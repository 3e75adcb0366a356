package dev.dlt4j.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.Column;
import dev.dlt4j.ColumnHint;
import dev.dlt4j.DataType;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.Scd2;
import dev.dlt4j.WriteDisposition;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scd2 options in the stored schema, as dlt stores them: hints on the validity and row version columns, the boundary on the table. */
class Scd2JsonTest {
    private static final Scd2 OPTIONS = Scd2.builder().validityColumnNames("valid_from", "valid_to")
            .activeRecordTimestamp(Instant.parse("9999-12-31T00:00:00Z"))
            .boundaryTimestamp(Instant.parse("2024-05-01T12:00:00Z")).rowVersionColumnName("row_hash").build();

    private static Table dim(Scd2 options) {
        return Table.root("dim", "dim", WriteDisposition.MERGE).toBuilder().mergeStrategy(MergeStrategy.SCD2)
                .scd2(options).build()
                .withColumn(Column.of("valid_from", DataType.TIMESTAMP)).withColumn(Column.of("valid_to", DataType.TIMESTAMP))
                .withColumnHints(Map.of("row_hash", ColumnHint.of("row_hash").withNullable(false)));
    }

    private static ObjectNode json(Table t) {
        return SchemaJson.toJson(new Schema("s", 1, Map.of(t.name(), t)));
    }

    @Test
    void theOptionsAreStoredAsDltsColumnAndTableHints() {
        JsonNode table = json(dim(OPTIONS)).path("tables").path("dim");
        JsonNode cols = table.path("columns");

        assertThat(cols.path("valid_from").path("x-valid-from").asBoolean()).isTrue();
        assertThat(cols.path("valid_to").path("x-valid-to").asBoolean()).isTrue();
        assertThat(cols.path("valid_to").path("x-active-record-timestamp").asText()).isEqualTo("9999-12-31T00:00:00Z");
        assertThat(cols.path("row_hash").path("x-row-version").asBoolean()).isTrue();
        assertThat(cols.path("row_hash").has("data_type")).isFalse();
        assertThat(table.path("x-boundary-timestamp").asText()).isEqualTo("2024-05-01T12:00:00Z");
    }

    @Test
    void theOptionsAreReadBackFromTheStoredSchema() {
        Table back = SchemaJson.fromJson(json(dim(OPTIONS))).table("dim").orElseThrow();
        assertThat(back.scd2()).isEqualTo(OPTIONS);
        assertThat(SchemaJson.fromJson(json(dim(Scd2.builder().validityColumnNames("valid_from", "valid_to").build())))
                .table("dim").orElseThrow().scd2()).isEqualTo(Scd2.builder().validityColumnNames("valid_from", "valid_to")
                        .build());
    }

    @Test
    void anActiveRecordTimestampDltStoredAsADateIsMidnightUtc() {
        ObjectNode root = json(dim(OPTIONS));
        ((ObjectNode) root.path("tables").path("dim").path("columns").path("valid_to"))
                .put("x-active-record-timestamp", "9999-12-31");
        assertThat(SchemaJson.fromJson(root).table("dim").orElseThrow().scd2().activeRecordTimestamp())
                .contains(Instant.parse("9999-12-31T00:00:00Z"));

        ((ObjectNode) root.path("tables").path("dim")).put("x-boundary-timestamp", "yesterday");
        assertThatThrownBy(() -> SchemaJson.fromJson(root)).hasMessage("table dim: x-boundary-timestamp 'yesterday' is"
                + " not a timestamp; expected ISO 8601, e.g. 9999-12-31T00:00:00Z or 9999-12-31");
    }

    @Test
    void optionsThatCannotWorkAreRefusedNamingDltsOption() {
        assertThatThrownBy(() -> Scd2.builder().validityColumnNames("valid", "valid").build())
                .hasMessage("scd2 validity_column_names must name two columns, got 'valid' twice");
        assertThatThrownBy(() -> Scd2.builder().validityColumnNames("from", " ").build())
                .hasMessage("scd2 validity_column_names[1] must be a column name, got ' '");
        assertThatThrownBy(() -> Scd2.builder().rowVersionColumnName("_dlt_valid_to").build())
                .hasMessage("scd2 row_version_column_name '_dlt_valid_to' is one of the validity columns; name another"
                        + " column");
    }
}
