package dev.dlt4j.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** csv and insert_values job files carry whole microseconds, as dlt's Python datetimes do. */
class FractionalSecondsTest {
    private static final Column TS = Column.of("at", DataType.TIMESTAMP);
    private static final Column CLOCK = Column.of("clock", DataType.TIME);

    @Test
    void digitsBeyondTheMicrosecondAreCutNotRounded() {
        assertThat(FractionalSeconds.cut(TS, Instant.parse("2024-12-31T23:59:59.999999999Z")))
                .isEqualTo(Instant.parse("2024-12-31T23:59:59.999999Z"));
        assertThat(FractionalSeconds.cut(CLOCK, LocalTime.parse("23:59:59.999999999")))
                .isEqualTo(LocalTime.parse("23:59:59.999999"));
    }

    @Test
    void aTimestampBeforeTheEpochLosesTheSameDigitsOfItsText() {
        assertThat(FractionalSeconds.cut(TS, Instant.parse("1969-12-31T23:59:59.9999999Z")))
                .isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
    }

    @Test
    void aColumnOfSevenToNineDigitsKeepsThem() {
        Instant nanos = Instant.parse("2024-01-01T00:00:00.123456789Z");
        assertThat(FractionalSeconds.cut(TS.withPrecision(9, 0), nanos)).isEqualTo(nanos);
        assertThat(FractionalSeconds.cut(TS.withPrecision(7, 0), nanos))
                .isEqualTo(Instant.parse("2024-01-01T00:00:00.1234567Z"));
        assertThat(FractionalSeconds.cut(TS.withPrecision(8, 0), nanos))
                .isEqualTo(Instant.parse("2024-01-01T00:00:00.12345678Z"));
        assertThat(FractionalSeconds.cut(CLOCK.withPrecision(9, 0), LocalTime.parse("23:59:59.999999999")))
                .isEqualTo(LocalTime.parse("23:59:59.999999999"));
    }

    @Test
    void fewerDeclaredDigitsAreLeftToTheDatabaseAsForDltsMicroseconds() {
        for (int digits : new int[] {1, 3, 6}) {
            Instant value = Instant.parse("2024-01-01T00:00:00.1234567Z");
            assertThat(FractionalSeconds.cut(TS.withPrecision(digits, 0), value)).as("%d digits", digits)
                    .isEqualTo(Instant.parse("2024-01-01T00:00:00.123456Z"));
        }
    }

    @Test
    void wholeMicrosecondsAndOtherValuesAreTheSameObjects() {
        Instant micros = Instant.parse("2024-01-01T00:00:00.123456Z");
        assertThat(FractionalSeconds.cut(TS, micros)).isSameAs(micros);
        LocalDate day = LocalDate.of(2024, 1, 1);
        assertThat(FractionalSeconds.cut(Column.of("day", DataType.DATE), day)).isSameAs(day);
        BigDecimal amount = new BigDecimal("1.123456789");
        assertThat(FractionalSeconds.cut(Column.of("amount", DataType.DECIMAL), amount)).isSameAs(amount);
    }
}
