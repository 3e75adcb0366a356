package dev.dlt4j.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TypesTest {
    /** Rows of iso-timestamp-detection.csv: input, and the UTC instant or "text" (a note may follow). */
    static Stream<Arguments> isoDetectionTable() throws IOException {
        try (InputStream in = TypesTest.class.getResourceAsStream("iso-timestamp-detection.csv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.startsWith("#") && !l.startsWith("input|"))
                    .map(l -> l.split("\\|", -1))
                    .map(p -> Arguments.of(p[0], p[1].split(" ", 2)[0]))
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @MethodSource("isoDetectionTable")
    void isoTimestampDetectionAcceptsWhatDltsParserAccepts(String input, String expected) {
        if (expected.equals("text")) {
            assertThat(Types.infer(input)).isEqualTo(DataType.TEXT);
        } else {
            assertThat(Types.infer(input)).isEqualTo(DataType.TIMESTAMP);
            assertThat(Types.toInstant(Types.parseTimestamp(input))).isEqualTo(Instant.parse(expected));
        }
    }

    @Test
    void canonicalUtcTimestampsPassThroughAndOthersAreConverted() {
        assertThat(Types.parseTimestamp("2024-01-28T12:00:00Z")).isEqualTo("2024-01-28T12:00:00Z");
        assertThat(Types.parseTimestamp("2024-01-31T14:00:00+02:00")).isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
        assertThat(Types.parseTimestamp("2024-01-31T12:00:00")).isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
        // more than microseconds: dlt drops the extra digits, so the string cannot pass as it is
        assertThat(Types.parseTimestamp("2024-01-28T12:00:00.1234567Z"))
                .isEqualTo(Instant.parse("2024-01-28T12:00:00.123456Z"));
    }

    @Test
    void textIsStrippedOfWhatPythonCallsWhitespaceBeforeItBecomesANumber() {
        // Python's str.strip() and int() take no-break spaces, U+0085 and U+3000; Java's strip() does not
        assertThat(Types.coerce("\u00a07", DataType.BIGINT)).isEqualTo(7L);
        assertThat(Types.coerce("7\u0085", DataType.BIGINT)).isEqualTo(7L);
        assertThat(Types.coerce("\u3000" + "2.5\u202f", DataType.DOUBLE)).isEqualTo(2.5);
        assertThat(Types.coerce("\u00a01.25", DataType.DECIMAL)).isEqualTo(new BigDecimal("1.25"));
        assertThat(Types.coerce("\u200b7", DataType.BIGINT)).as("a zero-width space is not whitespace in Python")
                .isSameAs(Types.NO_FIT);
    }

    @Test
    void digitsBeyondTheBasicPlaneAreDigitsAsInPython() {
        // MATHEMATICAL BOLD DIGIT ONE and TWO (U+1D7CF, U+1D7D0): int("𝟏𝟐") is 12 in Python
        assertThat(Types.coerce(new String(Character.toChars(0x1D7CF)) + new String(Character.toChars(0x1D7D0)),
                DataType.BIGINT)).isEqualTo(12L);
    }

    @Test
    void aTimeWithAnOffsetBeyond18HoursMovesToUtcAsInPython() {
        assertThat(Types.coerce("10:30:00+20:00", DataType.TIME)).isEqualTo(LocalTime.of(14, 30));
        assertThat(Types.coerce("10:30:00+24:00", DataType.TIME)).isSameAs(Types.NO_FIT);
    }

    @Test
    void integersBeyond64BitsAreDecimalsOrText() {
        assertThat(Types.infer(new BigInteger("18446744073709551615"))).isEqualTo(DataType.DECIMAL);
        assertThat(Types.infer(new BigInteger("1" + "0".repeat(40)))).isEqualTo(DataType.TEXT);
    }

    @Test
    void booleansNeverBecomeNumbersButNumbersBecomeBooleans() {
        assertThat(Types.coerce(true, DataType.BIGINT)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce(true, DataType.DOUBLE)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce(true, DataType.DECIMAL)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce(true, DataType.TIMESTAMP)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce(2L, DataType.BOOL)).isEqualTo(true);
        assertThat(Types.coerce(0.0, DataType.BOOL)).isEqualTo(false);
        assertThat(Types.coerce(new BigDecimal("0.5"), DataType.BOOL)).isEqualTo(true);
        assertThat(Types.coerce(true, DataType.TEXT)).isEqualTo("True");
    }

    @Test
    void textBecomesABooleanOnlyFromDltsWordsUntrimmed() {
        assertThat(Types.coerce("YES", DataType.BOOL)).isEqualTo(true);
        assertThat(Types.coerce("f", DataType.BOOL)).isEqualTo(false);
        assertThat(Types.coerce(" true", DataType.BOOL)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce("2", DataType.BOOL)).isSameAs(Types.NO_FIT);
    }

    @Test
    void textBecomesANumberAsPythonsIntFloatAndDecimalReadIt() {
        assertThat(Types.coerce(" 42 ", DataType.BIGINT)).isEqualTo(42L);
        assertThat(Types.coerce("1_000", DataType.BIGINT)).isEqualTo(1000L);
        assertThat(Types.coerce("0xff", DataType.BIGINT)).isEqualTo(255L);
        assertThat(Types.coerce("4.0", DataType.BIGINT)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce("ten", DataType.BIGINT)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce("1e3", DataType.DOUBLE)).isEqualTo(1000.0);
        assertThat(Types.coerce("0x10", DataType.DOUBLE)).isEqualTo(16.0);
        assertThat(Types.coerce("1.5f", DataType.DOUBLE)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce("1.5", DataType.DECIMAL)).isEqualTo(new BigDecimal("1.5"));
        assertThat(Types.coerce("0x10", DataType.DECIMAL)).isEqualTo(new BigDecimal(16));
    }

    @Test
    void numbersBecomeBigintsOnlyWhenIntegral() {
        assertThat(Types.coerce(3.0, DataType.BIGINT)).isEqualTo(3L);
        assertThat(Types.coerce(3.5, DataType.BIGINT)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce(new BigDecimal("7.00"), DataType.BIGINT)).isEqualTo(7L);
        assertThat(Types.coerce(new BigDecimal("7.01"), DataType.BIGINT)).isSameAs(Types.NO_FIT);
    }

    @Test
    void anIntegerBeyond64BitsBecomesADoubleInADoubleColumn() {
        assertThat(Types.coerce(new BigInteger("9223372036854775808"), DataType.DOUBLE))
                .isEqualTo(9.223372036854776e18);
        assertThat(Types.ownType(new BigInteger("9223372036854775808"))).isEqualTo(DataType.BIGINT);
    }

    @Test
    void valuesBecomeTextAsPythonWritesThem() {
        assertThat(Types.coerce(5L, DataType.TEXT)).isEqualTo("5");
        assertThat(Types.coerce(1.0, DataType.TEXT)).isEqualTo("1.0");
        assertThat(Types.coerce(1e16, DataType.TEXT)).isEqualTo("1e+16");
        assertThat(Types.coerce(1.5e-5, DataType.TEXT)).isEqualTo("1.5e-05");
        assertThat(Types.coerce(0.1, DataType.TEXT)).isEqualTo("0.1");
        assertThat(Types.coerce(123456789.125, DataType.TEXT)).isEqualTo("123456789.125");
        assertThat(Types.coerce(new BigDecimal("1.50"), DataType.TEXT)).isEqualTo("1.50");
        assertThat(Types.coerce(Instant.parse("2024-01-15T10:30:00Z"), DataType.TEXT))
                .isEqualTo("2024-01-15T10:30:00+00:00");
        assertThat(Types.coerce(Instant.parse("2024-01-15T10:30:00.5Z"), DataType.TEXT))
                .isEqualTo("2024-01-15T10:30:00.500000+00:00");
        assertThat(Types.coerce(LocalDate.of(2024, 1, 15), DataType.TEXT)).isEqualTo("2024-01-15");
        assertThat(Types.coerce(LocalTime.of(10, 30), DataType.TEXT)).isEqualTo("10:30:00");
        assertThat(Types.coerce(new byte[] {1, 2}, DataType.TEXT)).isEqualTo("AQI=");
        assertThat(Types.coerce(Map.of("a", List.of(1L, 2L)), DataType.TEXT)).isEqualTo("{\"a\":[1,2]}");
    }

    @Test
    void textAndNumbersBecomeTimestampsAndDates() {
        assertThat(Types.coerce("2024-01-31", DataType.TIMESTAMP)).isEqualTo(Instant.parse("2024-01-31T00:00:00Z"));
        assertThat(Types.coerce("1700000000", DataType.TIMESTAMP)).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(Types.coerce(1.5, DataType.TIMESTAMP)).isEqualTo(Instant.ofEpochMilli(1500));
        assertThat(Types.coerce("10:30:00", DataType.TIMESTAMP)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce("2024-01-15T23:00:00-05:00", DataType.DATE)).isEqualTo(LocalDate.of(2024, 1, 16));
        assertThat(Types.coerce(86_400L, DataType.DATE)).isEqualTo(LocalDate.of(1970, 1, 2));
        assertThat(Types.coerce(new BigDecimal("1"), DataType.TIMESTAMP)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce("10:30:00+02:00", DataType.TIME)).isEqualTo(LocalTime.of(8, 30));
        assertThat(Types.coerce("2024-01-15T10:30:00", DataType.TIME)).isSameAs(Types.NO_FIT);
    }

    @Test
    void textBecomesBinaryFromHexOrStrictBase64AndJsonFromObjectsAndArrays() {
        assertThat((byte[]) Types.coerce("0x01ff", DataType.BINARY)).containsExactly(1, -1);
        assertThat((byte[]) Types.coerce("AQI=", DataType.BINARY)).containsExactly(1, 2);
        assertThat(Types.coerce("AQI", DataType.BINARY)).isSameAs(Types.NO_FIT);
        assertThat((byte[]) Types.coerce(258L, DataType.BINARY)).containsExactly(2, 1);
        assertThat(Types.coerce("[1,2]", DataType.JSON)).isEqualTo(List.of(1L, 2L));
        assertThat(Types.coerce("not json", DataType.JSON)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce("null", DataType.JSON)).isNull();
        // a deliberate difference (README): dlt would keep a bare JSON scalar in the json column
        assertThat(Types.coerce("5", DataType.JSON)).isSameAs(Types.NO_FIT);
        assertThat(Types.coerce(5L, DataType.JSON)).isSameAs(Types.NO_FIT);
    }

    @Test
    void pythonFloatReprUsesShortestDigits() {
        assertThat(Types.pythonRepr(1e15)).isEqualTo("1000000000000000.0");
        assertThat(Types.pythonRepr(0.0001)).isEqualTo("0.0001");
        assertThat(Types.pythonRepr(-2.5e-300)).isEqualTo("-2.5e-300");
        assertThat(Types.pythonRepr(9.223372036854776e18)).isEqualTo("9.223372036854776e+18");
        assertThat(Types.pythonRepr(2.0E-3)).isEqualTo("0.002");
    }
}
