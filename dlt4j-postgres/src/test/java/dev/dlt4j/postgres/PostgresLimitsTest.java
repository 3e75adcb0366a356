package dev.dlt4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's limits are checked before the load: a decimal precision above 1000 or more than 1,600
 * declared columns are refused before extract; a table wider than 1,600 columns fails normalize.
 */
class PostgresLimitsTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final PostgresDatasets datasets = new PostgresDatasets();

    private static Map<String, Object> wideRow(int columns) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns; i++) {
            row.put("c" + i, i);
        }
        return row;
    }

    @Test
    void aTableWiderThan1600ColumnsIsRefusedAtNormalizeAndTheNextRunProceeds() {
        Pipeline p = datasets.pipeline(tmp, "wide").build();
        // 1,600 data columns plus _dlt_load_id and _dlt_id
        assertThatThrownBy(() -> p.run(Resource.of("wide", List.of(wideRow(1600)))))
                .isInstanceOf(PipelineException.class).hasMessageContaining("Table wide")
                .hasMessageContaining("1602 columns").hasMessageContaining("the 1600 destination postgres allows")
                .hasMessageContaining("set aside");
        assertThat(PostgresDatasets.count(p, "wide")).isZero();

        p.run(Resource.of("narrow", List.of(wideRow(3))));
        assertThat(PostgresDatasets.count(p, "narrow")).isEqualTo(1);
    }

    @Test
    void aDecimalPrecisionAbove38LoadsIntoPostgresNumeric() {
        Pipeline p = datasets.pipeline(tmp, "dec").build();
        p.run(Resource.of("prices", List.of(Map.of("id", 1, "amount", 1)))
                .columns(Column.of("amount", DataType.DECIMAL).withPrecision(40, 2)));
        assertThat(PostgresTesting.columnTypes(p.datasetName(), "prices")).containsEntry("amount", "numeric(40,2)");
    }

    @Test
    void aDecimalPrecisionAbove1000IsRefusedBeforeExtract() {
        Pipeline p = datasets.pipeline(tmp, "dec1001").build();
        Resource r = Resource.of("prices", List.of(Map.of("id", 1, "amount", 1)))
                .columns(Column.of("amount", DataType.DECIMAL).withPrecision(1001, 2));
        assertThatThrownBy(() -> p.run(r)).hasMessageContaining("column amount")
                .hasMessageContaining("decimal precision 1001 is above 1000").hasMessageContaining("postgres");
        assertThat(p.workingDir().resolve("normalize/extracted")).satisfiesAnyOf(
                d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
    }

    @Test
    void aResourceDeclaringMoreThan1600ColumnsIsRefusedBeforeExtract() {
        Pipeline p = datasets.pipeline(tmp, "declwide").build();
        Column[] columns = new Column[1601];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = Column.of("c" + i, DataType.BIGINT);
        }
        Resource r = Resource.of("wide", List.of(Map.of("c0", 1))).columns(columns);
        assertThatThrownBy(() -> p.run(r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resource wide (table wide): declares 1601 columns, more than the 1600"
                        + " destination postgres allows in a table");
        assertThat(p.workingDir().resolve("normalize/extracted")).satisfiesAnyOf(
                d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
    }

    @Test
    void aBigintPrecisionAbove64BitsIsRefusedBeforeExtract() {
        Pipeline p = datasets.pipeline(tmp, "int65").build();
        Resource r = Resource.of("t", List.of(Map.of("id", 1)))
                .columns(Column.of("id", DataType.BIGINT).withPrecision(65, 0));
        assertThatThrownBy(() -> p.run(r)).hasMessageContaining("resource t (table t), column id: bigint precision 65"
                + " is above 64 bits, the most destination postgres allows; declare a precision of at most 64, or the"
                + " type decimal with scale 0");
        assertThat(p.workingDir().resolve("normalize/extracted")).satisfiesAnyOf(
                d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
    }

    @Test
    void aTimestampPrecisionAbove6DigitsIsRefusedBeforeExtract() {
        Pipeline p = datasets.pipeline(tmp, "ts7").build();
        Resource r = Resource.of("t", List.of(Map.of("at", "2024-01-01T00:00:00Z")))
                .columns(Column.of("at", DataType.TIMESTAMP).withPrecision(7, 0));
        assertThatThrownBy(() -> p.run(r)).hasMessageContaining("resource t (table t), column at: timestamp precision"
                + " 7 is above 6 fractional digits, the most destination postgres allows; declare a precision of at"
                + " most 6, or no precision (the destination's default)");
        assertThat(p.workingDir().resolve("normalize/extracted")).satisfiesAnyOf(
                d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
    }

    @Test
    void aPrecisionThatArrivesWithTheDataFailsTheMigrationNamingTableAndColumn() {
        // a typed page's column declares its precision with the rows, after the resource checks
        Pipeline p = datasets.pipeline(tmp, "pageprec").build();
        dev.dlt4j.ColumnPage page = dev.dlt4j.ColumnPage.builder()
                .column(Column.of("id", DataType.BIGINT).withPrecision(100, 0), new long[] {1L}).build();
        assertThatThrownBy(() -> p.run(Resource.of("t", List.of(page))))
                .hasMessageContaining("table t, column id: bigint precision 100 is above 64 bits, the most a PostgreSQL"
                        + " integer (bigint) holds; declare at most 64, or the type decimal with scale 0");
        assertThat(PostgresDatasets.count(p, "t")).isZero();
    }
}
