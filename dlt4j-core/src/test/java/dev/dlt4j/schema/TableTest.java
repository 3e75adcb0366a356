package dev.dlt4j.schema;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.SchemaContract;
import dev.dlt4j.TableHints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.WriteDisposition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A table is an immutable value built by its builder; unset hints are empty, never "" or -1. */
class TableTest {

    @Test
    void aNewTableIsARootAppendTableWithoutResourceColumnsOrHints() {
        Table t = Table.builder("t").build();

        assertThat(t.isRoot()).isTrue();
        assertThat(t.parent()).isEmpty();
        assertThat(t.resource()).isEmpty();
        assertThat(t.hints()).isEqualTo(TableHints.DEFAULT);
        assertThat(t.writeDisposition()).isEqualTo(WriteDisposition.APPEND);
        assertThat(t.mergeStrategy()).isEqualTo(MergeStrategy.DELETE_INSERT);
        assertThat(t.primaryKey()).isEmpty();
        assertThat(t.mergeKey()).isEmpty();
        assertThat(t.maxTableNesting()).isEmpty();
        assertThat(t.fileFormat()).isEmpty();
        assertThat(t.contract()).isEqualTo(SchemaContract.EVOLVE);
        assertThat(t.columns()).isEmpty();
        assertThat(t.columnHints()).isEmpty();
        assertThat(t.seenData()).isFalse();
    }

    @Test
    void defaultHintsAppendAndMergeByDeleteInsertWithNothingElseSet() {
        TableHints h = TableHints.builder().build();

        assertThat(h).isEqualTo(TableHints.DEFAULT);
        assertThat(h.writeDisposition()).isEqualTo(WriteDisposition.APPEND);
        assertThat(h.mergeStrategy()).isEqualTo(MergeStrategy.DELETE_INSERT);
        assertThat(h.primaryKey()).isEmpty();
        assertThat(h.mergeKey()).isEmpty();
        assertThat(h.contract()).isEmpty();
        assertThat(h.maxTableNesting()).isEmpty();
        assertThat(h.fileFormat()).isEmpty();
    }

    @Test
    void rootAndChildFactoriesSetResourceOrParent() {
        Table root = Table.root("issues", "issues_resource", WriteDisposition.MERGE);
        Table child = Table.child("issues__labels", "issues");

        assertThat(root.resource()).contains("issues_resource");
        assertThat(root.writeDisposition()).isEqualTo(WriteDisposition.MERGE);
        assertThat(root.isRoot()).isTrue();
        assertThat(child.parent()).contains("issues");
        assertThat(child.resource()).isEmpty();
        assertThat(child.isRoot()).isFalse();
    }

    @Test
    void tablesBuiltAlikeAreEqualAndAWitherChangesOnlyItsField() {
        Table a = Table.root("t", "t", WriteDisposition.MERGE).withColumn(Column.of("id", DataType.BIGINT));
        Table b = Table.builder("t").resource("t").writeDisposition(WriteDisposition.MERGE)
                .column(Column.of("id", DataType.BIGINT)).build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        Table keyed = a.withKeys(List.of("id"), List.of());
        assertThat(keyed.primaryKey()).containsExactly("id");
        assertThat(keyed.toBuilder().primaryKey(List.of()).build()).isEqualTo(a);
        assertThat(a.primaryKey()).as("the original is unchanged").isEmpty();
    }

    @Test
    void aNegativeNestingIsRefusedWithTheValue() {
        assertThatThrownBy(() -> TableHints.builder().maxTableNesting(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max_table_nesting").hasMessageContaining("-1");
    }

    @Test
    void aBlankParentOrResourceIsRefusedInsteadOfMeaningNone() {
        assertThatThrownBy(() -> Table.builder("t").parent(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parent");
        assertThatThrownBy(() -> Table.builder("t").resource(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resource");
    }

    @Test
    void unsetHintsAreLeftOutOfTheSchemaFileAsDltLeavesThemOut() {
        Table t = Table.builder("t").build();
        JsonNode tn = SchemaJson.toJson(schemaWith(t)).path("tables").path("t");

        assertThat(tn.has("parent")).isFalse();
        assertThat(tn.has("resource")).isFalse();
        assertThat(tn.has("max_table_nesting")).isFalse();
        assertThat(tn.has("file_format")).isFalse();
        assertThat(tn.has("schema_contract")).isFalse();
        assertThat(SchemaJson.fromJson(SchemaJson.toJson(schemaWith(t))).table("t")).contains(t);
    }

    @Test
    void everyHintSurvivesTheSchemaFile() {
        Table t = Table.builder("t").resource("r").writeDisposition(WriteDisposition.MERGE)
                .mergeStrategy(MergeStrategy.UPSERT).primaryKey(List.of("id")).mergeKey(List.of("day"))
                .maxTableNesting(0).fileFormat(LoaderFileFormat.PARQUET).contract(SchemaContract.parse("freeze"))
                .column(Column.of("id", DataType.BIGINT)).seenData(true).build();
        JsonNode tn = SchemaJson.toJson(schemaWith(t)).path("tables").path("t");

        assertThat(tn.path("max_table_nesting").asInt(-1)).isZero();
        assertThat(tn.path("file_format").asText()).isEqualTo("parquet");
        assertThat(SchemaJson.fromJson(SchemaJson.toJson(schemaWith(t))).table("t")).contains(t);
        assertThat(t.maxTableNesting()).isEqualTo(OptionalInt.of(0));
        assertThat(t.fileFormat()).isEqualTo(Optional.of(LoaderFileFormat.PARQUET));
    }

    private static Schema schemaWith(Table t) {
        return new Schema("s", 1, Map.of(t.name(), t));
    }
}
