package dev.dlt4j.schema;

import dev.dlt4j.SortOrder;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A column is built by its builder; the withers change one hint and keep the rest. */
class ColumnBuilderTest {

    @Test
    void aBuiltColumnIsNullableWithTimezoneAndNoOtherHints() {
        Column c = Column.builder("at", DataType.TIMESTAMP).build();

        assertThat(c).isEqualTo(Column.of("at", DataType.TIMESTAMP));
        assertThat(c.nullable()).isTrue();
        assertThat(c.timezone()).isTrue();
        assertThat(c.primaryKey() || c.mergeKey() || c.unique() || c.rowKey() || c.parentKey() || c.rootKey()
                || c.variant() || c.hardDelete()).isFalse();
        assertThat(c.precision()).isEmpty();
        assertThat(c.scale()).isEmpty();
        assertThat(c.dedupSort()).isEmpty();
    }

    @Test
    void aWitherKeepsEveryOtherHint() {
        Column c = Column.builder("at", DataType.TIMESTAMP).timezone(false).precision(3, 0).unique(true)
                .dedupSort(Optional.of(SortOrder.DESC)).build();

        Column keyed = c.withPrimaryKey(true);

        assertThat(keyed.toBuilder().primaryKey(false).nullable(true).build()).isEqualTo(c);
        assertThat(keyed.nullable()).as("a primary key column is not nullable, as in dlt").isFalse();
    }

    @Test
    void aPrecisionBelowOneIsRefusedWithTheColumnAndTheValue() {
        assertThatThrownBy(() -> Column.of("amount", DataType.DECIMAL).withPrecision(0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount").hasMessageContaining("precision").hasMessageContaining("0");
    }

    @Test
    void aTimestampOrTimeMayDeclareZeroDigitsButNotFewer() {
        assertThat(Column.of("at", DataType.TIMESTAMP).withPrecision(0, 0).precision()).hasValue(0);
        assertThat(Column.of("clock", DataType.TIME).withPrecision(0, 0).precision()).hasValue(0);
        assertThatThrownBy(() -> Column.of("at", DataType.TIMESTAMP).withPrecision(-1, 0))
                .hasMessage("column at: precision must be 0 or more (fractional digits of a second), got -1");
    }

    @Test
    void aTimestampOfWholeSecondsKeepsItsPrecisionZeroThroughTheSchemaFile() {
        Column at = Column.builder("at", DataType.TIMESTAMP).timezone(false).precision(0, 0).build();
        Table t = Table.builder("t").column(at).build();
        Schema schema = new Schema("s", 1, java.util.Map.of("t", t));
        assertThat(SchemaJson.toJson(schema).path("tables").path("t").path("columns").path("at").path("precision")
                .asInt(-1)).isZero();
        assertThat(SchemaJson.fromJson(SchemaJson.toJson(schema)).table("t")).contains(t);
    }

    @Test
    void aTextLengthIsWrittenWithoutAScaleAsDltWritesItAndAnOldFilesScaleZeroStillReads() throws Exception {
        Column code = Column.builder("code", DataType.TEXT).precision(java.util.OptionalInt.of(64),
                java.util.OptionalInt.empty()).build();
        Schema schema = new Schema("s", 1, java.util.Map.of("t", Table.builder("t").column(code).build()));
        var column = SchemaJson.toJson(schema).path("tables").path("t").path("columns").path("code");
        assertThat(column.path("precision").asInt()).isEqualTo(64);
        assertThat(column.has("scale")).as("dlt's mapper formats varchar(%i) with every number it finds").isFalse();
        assertThat(SchemaJson.fromJson(SchemaJson.toJson(schema)).table("t").get().columns().get("code")).isEqualTo(code);

        var old = (com.fasterxml.jackson.databind.node.ObjectNode) SchemaJson.toJson(schema);
        ((com.fasterxml.jackson.databind.node.ObjectNode) old.path("tables").path("t").path("columns").path("code"))
                .put("scale", 0);
        assertThat(SchemaJson.fromJson(old).table("t").get().columns().get("code").scale()).hasValue(0);
    }

    @Test
    void dltsSystemTablesDeclareTheirLoadAndRowIdsAsText64() {
        Schema schema = Schema.empty("s");
        assertThat(schema.table("_dlt_loads").get().columns().get("load_id").precision()).hasValue(64);
        assertThat(schema.table("_dlt_pipeline_state").get().columns().get("_dlt_load_id").precision()).hasValue(64);
        assertThat(schema.table("_dlt_pipeline_state").get().columns().get("_dlt_id").precision()).hasValue(64);
    }

    @Test
    void precisionAndScaleSurviveTheSchemaFileAndUnsetOnesStayOut() {
        Column amount = Column.of("amount", DataType.DECIMAL).withPrecision(10, 2);
        Column plain = Column.of("plain", DataType.DECIMAL);
        Table t = Table.builder("t").column(amount).column(plain).build();
        Schema schema = new Schema("s", 1, java.util.Map.of("t", t));
        var columns = SchemaJson.toJson(schema).path("tables").path("t").path("columns");

        assertThat(columns.path("amount").path("precision").asInt()).isEqualTo(10);
        assertThat(columns.path("amount").path("scale").asInt()).isEqualTo(2);
        assertThat(columns.path("plain").has("precision")).isFalse();
        assertThat(columns.path("plain").has("scale")).isFalse();
        assertThat(SchemaJson.fromJson(SchemaJson.toJson(schema)).table("t")).contains(t);
    }
}
