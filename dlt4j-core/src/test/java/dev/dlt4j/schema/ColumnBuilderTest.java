package dev.dlt4j.schema;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(c.precision()).isZero();
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
}
