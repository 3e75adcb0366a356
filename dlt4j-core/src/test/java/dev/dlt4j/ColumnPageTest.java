package dev.dlt4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Building a {@link ColumnPage}: by rows or by columns, the values it converts and what it refuses. */
class ColumnPageTest {
    enum Color { RED }

    @Test
    void aPageBuiltByRowsHoldsItsValuesColumnWise() {
        ColumnPage page = ColumnPage.builder().column("id", DataType.BIGINT).column("x", DataType.DOUBLE)
                .column("ok", DataType.BOOL).column("name", DataType.TEXT).column("at", DataType.TIMESTAMP)
                .row(1, 1.5f, true, UUID.fromString("00000000-0000-0001-0000-000000000002"),
                        OffsetDateTime.of(2024, 1, 1, 1, 0, 0, 0, ZoneOffset.ofHours(1)))
                .row(2L, null, null, Color.RED, LocalDateTime.of(2024, 1, 1, 0, 0))
                .setLong(0, 3).setNull(3).endRow() // columns not set are null
                .build();
        assertThat(page.rowCount()).isEqualTo(3);
        assertThat(page.getLong(0, 0)).isEqualTo(1);
        assertThat(page.getDouble(1, 0)).isEqualTo(1.5);
        assertThat(page.isNull(1, 1)).isTrue();
        assertThat(page.get(3, 0)).isEqualTo("00000000-0000-0001-0000-000000000002");
        assertThat(page.get(3, 1)).isEqualTo("RED");
        assertThat(page.get(4, 0)).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(page.get(4, 1)).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(page.isNull(2, 2)).isTrue();
        assertThat(page.isNull(4, 2)).isTrue();
        assertThat(page.getLong(0, 2)).isEqualTo(3);
        assertThatThrownBy(() -> page.getLong(1, 0)).hasMessageContaining("column x is double");
    }

    @Test
    void aPageBuiltByColumnsCopiesTheArrays() {
        long[] ids = {1, 2, 3};
        ColumnPage page = ColumnPage.builder().column(Column.of("id", DataType.BIGINT), ids)
                .column(Column.of("score", DataType.DOUBLE), new double[] {1, 0, 2}, new boolean[] {false, true, false})
                .column(Column.of("name", DataType.TEXT), new Object[] {"a", null, "c"}).build();
        ids[0] = 99;
        assertThat(page.get(0, 0)).isEqualTo(1L);
        assertThat(page.get(1, 1)).isNull();
        assertThat(page.get(2, 2)).isEqualTo("c");
    }

    @Test
    void badInputIsRefusedNamingTheColumnTheRowTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> ColumnPage.builder().column(Column.of("id", DataType.BIGINT), new long[] {1, 2})
                .column(Column.of("name", DataType.TEXT), new Object[] {"a"}).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the columns of a page must hold as many values each: column id has 2, column name has 1");
        assertThatThrownBy(() -> ColumnPage.builder().column("amount", DataType.DECIMAL).row(new BigDecimal("1"))
                .row(1.5))
                .hasMessage("page column amount (row 1) is declared decimal and got the value '1.5' of type"
                        + " java.lang.Double; allowed: BigDecimal");
        assertThatThrownBy(() -> ColumnPage.builder().column("id", DataType.BIGINT).row("seven"))
                .hasMessageContaining("page column id (row 0) is declared bigint and got the value 'seven'")
                .hasMessageContaining("allowed: long (Long, Integer, Short, Byte)");
        assertThatThrownBy(() -> ColumnPage.builder().column("id", DataType.BIGINT).setDouble(0, 1.5))
                .hasMessageContaining("setDouble(1.5) on page column id (row 0), which is declared bigint");
        assertThatThrownBy(() -> ColumnPage.builder().column(Column.of("id", DataType.BIGINT).withNullable(false))
                .row((Object) null)).hasMessage("page column id (row 0) is declared not nullable and got a null value");
        assertThatThrownBy(() -> ColumnPage.builder().column("doc", DataType.JSON))
                .hasMessageContaining("page column doc is declared json, which a page cannot hold");
        assertThatThrownBy(() -> ColumnPage.builder().column(Column.of("id", DataType.BIGINT).withPrimaryKey(true)))
                .hasMessageContaining("declare keys and merge hints on the resource");
        assertThatThrownBy(() -> ColumnPage.builder().column("a", DataType.TEXT).column("a", DataType.BIGINT))
                .hasMessage("page column a is declared twice");
        assertThatThrownBy(() -> ColumnPage.builder().column("a", DataType.TEXT).row("x", "y"))
                .hasMessageContaining("a page row has 2 value(s) but the page has 1 column(s) [a]");
        assertThatThrownBy(() -> ColumnPage.builder().column("a", DataType.TEXT).set(0, "x").build())
                .hasMessageContaining("call endRow()");
        ColumnPage.Builder once = ColumnPage.builder().column("a", DataType.TEXT);
        once.build();
        assertThatThrownBy(once::build).hasMessageContaining("built already");
    }
}
