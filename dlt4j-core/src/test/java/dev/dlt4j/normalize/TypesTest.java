package dev.dlt4j.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.schema.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TypesTest {
    @Test
    void isoDateTimesAreTimestampsAndDatesAloneStayText() {
        assertThat(Types.infer("2024-01-31T12:00:00Z")).isEqualTo(DataType.TIMESTAMP);
        assertThat(Types.infer("2024-01-31T12:00:00.123+02:00")).isEqualTo(DataType.TIMESTAMP);
        assertThat(Types.infer("2024-01-31 12:00:00")).isEqualTo(DataType.TIMESTAMP);
        assertThat(Types.infer("2024-01-31")).isEqualTo(DataType.TEXT);
        assertThat(Types.infer("2024-02-30T12:00:00Z")).isEqualTo(DataType.TEXT);
        assertThat(Types.infer("not a date at all, really")).isEqualTo(DataType.TEXT);
    }

    @Test
    void canonicalUtcTimestampsPassThroughAndOthersAreConverted() {
        assertThat(Types.parseTimestamp("2024-01-28T12:00:00Z")).isEqualTo("2024-01-28T12:00:00Z");
        assertThat(Types.parseTimestamp("2024-01-31T14:00:00+02:00")).isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
        assertThat(Types.parseTimestamp("2024-01-31T12:00:00")).isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
    }

    @Test
    void integersBeyond64BitsAreDecimalsOrText() {
        assertThat(Types.infer(new BigInteger("18446744073709551615"))).isEqualTo(DataType.DECIMAL);
        assertThat(Types.infer(new BigInteger("1" + "0".repeat(40)))).isEqualTo(DataType.TEXT);
    }

    @Test
    void coercionFollowsDltsTable() {
        assertThat(Types.coerce("42", DataType.BIGINT)).isEqualTo(42L);
        assertThat(Types.coerce(3.0, DataType.BIGINT)).isEqualTo(3L);
        assertThat(Types.coerce(3.5, DataType.BIGINT)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce("yes", DataType.BOOL)).isEqualTo(true);
        assertThat(Types.coerce(5L, DataType.TEXT)).isEqualTo("5");
        assertThat(Types.coerce(5L, DataType.DOUBLE)).isEqualTo(5.0);
        assertThat(Types.coerce("1.5", DataType.DECIMAL)).isEqualTo(new BigDecimal("1.5"));
        assertThat(Types.coerce("ten", DataType.BIGINT)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce(java.util.Map.of(), DataType.TEXT)).isSameAs(Types.NO_FIT);
    }
}
