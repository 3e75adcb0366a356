package dev.dlt4j.schema;

import dev.dlt4j.SortOrder;
import dev.dlt4j.Column;
import dev.dlt4j.ColumnHint;
import dev.dlt4j.DataType;
import dev.dlt4j.WriteDisposition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Column hints in the stored schema, in dlt's layout: merge hints on columns, hints without a type as incomplete columns. */
class ColumnHintJsonTest {
    private static Schema schemaWith(Table t) {
        return new Schema("s", 1, Map.of(t.name(), t));
    }

    @Test
    void mergeHintsAreStoredOnTheColumnAsDltStoresThem() {
        Table t = Table.root("t", "t", WriteDisposition.MERGE)
                .withColumn(Column.of("deleted", DataType.BOOL).withHardDelete(true))
                .withColumn(Column.of("seq", DataType.BIGINT).withDedupSort(SortOrder.DESC));
        JsonNode cols = SchemaJson.toJson(schemaWith(t)).path("tables").path("t").path("columns");

        assertThat(cols.path("deleted").path("hard_delete").asBoolean()).isTrue();
        assertThat(cols.path("seq").path("dedup_sort").asText()).isEqualTo("desc");
        assertThat(SchemaJson.fromJson(SchemaJson.toJson(schemaWith(t))).table("t").orElseThrow().columns())
                .isEqualTo(t.columns());
    }

    @Test
    void aHintWaitingForItsColumnIsStoredAsAnIncompleteColumnWithoutDataType() {
        ColumnHint email = ColumnHint.of("email").withNullable(false);
        ColumnHint id = ColumnHint.of("id").withPrimaryKey(true).withDedupSort(SortOrder.ASC);
        Table t = Table.root("t", "t", WriteDisposition.MERGE).withColumn(Column.of("v", DataType.TEXT))
                .withColumnHints(Map.of("email", email, "id", id));
        JsonNode cols = SchemaJson.toJson(schemaWith(t)).path("tables").path("t").path("columns");

        assertThat(cols.path("email").has("data_type")).isFalse();
        assertThat(cols.path("email").path("nullable").asBoolean(true)).isFalse();
        assertThat(cols.path("id").path("primary_key").asBoolean()).isTrue();
        Table back = SchemaJson.fromJson(SchemaJson.toJson(schemaWith(t))).table("t").orElseThrow();
        assertThat(back.columns().keySet()).containsExactly("v");
        assertThat(back.unboundHints()).containsExactlyInAnyOrder(email, id);
    }

    @Test
    void aHintIsAppliedToTheColumnInferredFromTheData() {
        Column c = ColumnHint.of("id").withPrimaryKey(true).withHardDelete(true).applyTo(Column.of("id", DataType.BIGINT));
        assertThat(c.primaryKey()).isTrue();
        assertThat(c.nullable()).isFalse();
        assertThat(c.hardDelete()).isTrue();
        assertThat(c.dataType()).isEqualTo(DataType.BIGINT);
        assertThat(Column.of("day", DataType.TEXT).withMergeKey(true).nullable()).isFalse();
        assertThat(List.of(SortOrder.fromDltName("DESC"), SortOrder.fromDltName("asc")))
                .containsExactly(SortOrder.DESC, SortOrder.ASC);
    }
}
