package dev.dlt4j.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written JSONL encoder writes the bytes Jackson's UTF-8 generator wrote for the same rows
 * (the reference below is the encoder as it was with Jackson): so the job files, and the tables
 * DuckDB and PostgreSQL read from them, are the same.
 */
class JsonlEncoderTest {
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    @Test
    void writesJacksonsBytesForEveryKindOfValue() throws IOException {
        List<List<Map.Entry<Column, Object>>> rows = new ArrayList<>();
        rows.add(List.of());
        rows.add(List.of(cell("a", "plain"), cell("b", 42L), cell("c", -7L), cell("d", Long.MIN_VALUE),
                cell("e", Long.MAX_VALUE), cell("f", 0L), cell("g", true), cell("h", false)));
        rows.add(List.of(cell("d", 0.1), cell("d2", -0.0), cell("d3", 1e300), cell("d4", 4.9e-324),
                cell("d5", 123456789.125), cell("n", Double.NaN), cell("i", Double.POSITIVE_INFINITY),
                cell("j", Double.NEGATIVE_INFINITY), cell("k", 100.0), cell("l", 1e21), cell("m", 1e-7)));
        rows.add(List.of(cell("esc", "q\"b\\s/\b\t\n\f\r\u0000\u0001\u001f\u007f end"),
                cell("uni", "é ü ß € 中文 \u0800 \uFFFF"), cell("emoji", "a\uD83D\uDE00b"),
                cell("lone", "x\uD800y\uDC00z"), cell("na\"me\n", "k"), cell("név", "v")));
        rows.add(List.of(cell("dec", new BigDecimal("1E+3")), cell("dec2", new BigDecimal("-0.000123")),
                cell("bin", new byte[] {0, 1, (byte) 255}), cell("ts", Instant.parse("2024-01-31T12:00:00.123456Z")),
                cell("date", LocalDate.of(2024, 2, 29)), cell("time", LocalTime.of(23, 59, 58, 1000)),
                cell("big", new BigInteger("123456789012345678901234567890")), cell("int", 5)));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("s", "t\u00e9\"");
        nested.put("n", null);
        nested.put("dec", new BigDecimal("1E+3"));
        nested.put("big", new BigInteger("-98765432109876543210"));
        nested.put("nan", Double.NaN);
        nested.put("inf", Double.NEGATIVE_INFINITY);
        nested.put("list", List.of(1L, 2.5, "x", false, List.of(), Map.of()));
        nested.put("bytes", new byte[] {9});
        rows.add(List.of(cell("obj", nested), cell("arr", List.of(nested, List.of(Map.of("k", 1L)))),
                cell("empty", Map.of())));
        SplittableRandom random = new SplittableRandom(17);
        for (int r = 0; r < 2000; r++) {
            List<Map.Entry<Column, Object>> row = new ArrayList<>();
            int n = random.nextInt(8);
            for (int i = 0; i < n; i++) {
                row.add(cell(anyText(random, 6), anyValue(random, 0)));
            }
            rows.add(row);
        }

        ByteArrayOutputStream written = encode(rows);

        assertThat(new String(written.toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo(new String(jackson(rows), StandardCharsets.UTF_8));
        assertThat(written.toByteArray()).isEqualTo(jackson(rows));
    }

    /**
     * Instants and dates are written without {@code DateTimeFormatter}: the text is still exactly
     * {@code toString()}'s, whatever the fraction's precision, at the edges of years 0000 and 9999 and
     * beyond them (signed years), before 1970 and in leap years.
     */
    @Test
    void instantsAndDatesAreWrittenAsTheirIsoText() throws IOException {
        List<Object> values = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(-1),
                Instant.ofEpochSecond(-1, 999_999_999), Instant.parse("2024-02-29T23:59:59Z"),
                Instant.parse("2024-01-15T10:30:00.100Z"), Instant.parse("2024-01-15T10:30:00.000100Z"),
                Instant.parse("2024-01-15T10:30:00.000000100Z"), Instant.parse("2024-01-15T10:30:00.123456789Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("0000-01-01T00:00:00Z").minusNanos(1),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("9999-12-31T23:59:59Z").plusSeconds(1),
                Instant.parse("1969-12-31T00:00:00.5Z"), Instant.MIN, Instant.MAX,
                LocalDate.of(0, 1, 1), LocalDate.of(-1, 12, 31), LocalDate.of(9999, 12, 31), LocalDate.of(10000, 1, 1),
                LocalDate.of(1900, 2, 28), LocalDate.of(2000, 2, 29), LocalDate.MIN, LocalDate.MAX));
        SplittableRandom random = new SplittableRandom(23);
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nano = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            values.add(Instant.ofEpochSecond(second, nano));
            values.add(LocalDate.ofEpochDay(random.nextLong(-800_000, 3_000_000)));
        }
        List<List<Map.Entry<Column, Object>>> rows = new ArrayList<>();
        for (Object v : values) {
            rows.add(List.of(cell("v", v)));
        }

        String written = new String(encode(rows).toByteArray(), StandardCharsets.UTF_8);

        StringBuilder expected = new StringBuilder();
        for (Object v : values) {
            expected.append("{\"v\":\"").append(v).append("\"}\n");
        }
        assertThat(written).isEqualTo(expected.toString());
    }

    @Test
    void aValueLargerThanTheBufferIsWrittenWhole() throws IOException {
        String huge = "ab\u00e9\n".repeat(100_000);
        JsonlEncoder encoder = new JsonlEncoder();
        encoder.beginRow();
        encoder.value(Column.of("t", DataType.TEXT), huge);
        encoder.endRow();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        encoder.writeBuffered(written);
        assertThat(written.toByteArray()).isEqualTo(jackson(List.of(List.of(cell("t", huge)))));
    }

    /**
     * A seeded fuzz over what the first test samples lightly: code points of every plane (as surrogate
     * pairs), lone and reversed surrogate halves, U+2028/U+2029, every control character, strings and
     * column names long enough to cross Jackson's output segments, the edges of longs and doubles
     * (subnormals, NaN payloads, -0.0), decimals with large exponents, big integers, other number
     * classes and deep json values: the bytes are Jackson's, row by row and for the whole stream.
     */
    @Test
    void fuzzedTextNumbersAndJsonValuesWriteJacksonsBytes() throws IOException {
        SplittableRandom random = new SplittableRandom(20_261_202);
        List<List<Map.Entry<Column, Object>>> rows = new ArrayList<>();
        for (int r = 0; r < 3000; r++) {
            List<Map.Entry<Column, Object>> row = new ArrayList<>();
            int n = random.nextInt(10);
            for (int i = 0; i < n; i++) {
                String name = random.nextInt(50) == 0 ? anyText(random, 3000) : anyText(random, 8);
                row.add(cell(name, anyValue(random, 0)));
            }
            rows.add(row);
        }
        for (int depth : new int[] {50, 200, 998}) {
            Object deep = 1L;
            for (int i = 0; i < depth; i++) {
                deep = i % 2 == 0 ? List.of(deep) : Map.of("k", deep);
            }
            rows.add(List.of(cell("deep", deep)));
        }
        Map<String, Object> nullKey = new LinkedHashMap<>();
        nullKey.put(null, "v");
        rows.add(List.of(cell("nk", nullKey), cell("\u2028\u2029", "\u2028x\u2029"), cell("/", "a/b</c>")));

        ByteArrayOutputStream written = encode(rows);
        byte[] expected = jackson(rows);
        if (!java.util.Arrays.equals(written.toByteArray(), expected)) {
            // name the first row that differs, not a megabyte of text
            String[] got = new String(written.toByteArray(), StandardCharsets.UTF_8).split("\n", -1);
            String[] want = new String(expected, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < Math.min(got.length, want.length); i++) {
                assertThat(got[i]).as("row %d", i).isEqualTo(want[i]);
            }
        }
        assertThat(written.toByteArray()).isEqualTo(expected);
    }

    /** Text of any code points: every plane, lone halves, separators, controls, escapes, at any length. */
    private static String anyText(SplittableRandom random, int max) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(8) == 0 ? random.nextInt(max + 1) : random.nextInt(Math.min(max, 12) + 1);
        if (random.nextInt(200) == 0) {
            n = 20_000 + random.nextInt(50_000); // past Jackson's output buffer, in segments
        }
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(12)) {
                case 0 -> b.append((char) random.nextInt(0x20));
                case 1 -> b.append("\"\\/\u007f".charAt(random.nextInt(4)));
                case 2 -> b.append((char) (0x80 + random.nextInt(0x780)));
                case 3 -> b.appendCodePoint(0x800 + random.nextInt(0xD800 - 0x800));
                case 4 -> b.appendCodePoint(0xE000 + random.nextInt(0x2000));
                case 5 -> b.appendCodePoint(0x10000 + random.nextInt(0x110000 - 0x10000));
                case 6 -> b.append((char) (0xD800 + random.nextInt(0x800))); // a lone (or reversed) half
                case 7 -> b.append(random.nextBoolean() ? '\u2028' : '\u2029');
                case 8 -> b.append((char) (0xFFF0 + random.nextInt(16)));
                default -> b.append((char) (' ' + random.nextInt(0x5F)));
            }
        }
        return b.toString();
    }

    private static Object anyValue(SplittableRandom random, int depth) {
        switch (random.nextInt(depth < 4 ? 16 : 14)) {
            case 0, 1:
                return anyText(random, 200);
            case 2:
                return switch (random.nextInt(4)) {
                    case 0 -> Long.MIN_VALUE;
                    case 1 -> Long.MAX_VALUE;
                    case 2 -> (long) random.nextInt(-1000, 1000);
                    default -> random.nextLong() >> random.nextInt(64);
                };
            case 3:
                return switch (random.nextInt(3)) {
                    case 0 -> Double.longBitsToDouble(random.nextLong()); // any double, NaN payloads included
                    // short decimals (cents, thousandths) and sevenths, as data holds them
                    case 1 -> random.nextLong(-10_000_000, 10_000_000) / (random.nextBoolean() ? 100.0 : 1000.0);
                    default -> random.nextInt(1000) / 7.0 * Math.pow(10, random.nextInt(-12, 12));
                };
            case 4:
                return Double.longBitsToDouble(random.nextLong() >>> random.nextInt(12, 64)); // subnormals
            case 5:
                return new double[] {-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_NORMAL, Double.MAX_VALUE, 1e-5, 1e-3,
                    1e7, 9007199254740993.0, 0.1 + 0.2, -1e-300}[random.nextInt(11)];
            case 6:
                return random.nextBoolean();
            case 7:
                return new BigDecimal(new BigInteger(random.nextInt(1, 200), new java.util.Random(random.nextLong()))
                        .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)), random.nextInt(-400, 400));
            case 8:
                return new BigInteger(random.nextInt(1, 300), new java.util.Random(random.nextLong()))
                        .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1));
            case 9:
                return switch (random.nextInt(5)) {
                    case 0 -> random.nextInt();
                    case 1 -> Float.intBitsToFloat(random.nextInt());
                    case 2 -> (short) random.nextInt();
                    case 3 -> (char) random.nextInt(0x10000);
                    default -> new java.util.UUID(random.nextLong(), random.nextLong());
                };
            case 10:
                return Instant.ofEpochSecond(random.nextLong(-62135596800L, 253402300799L), random.nextInt(1_000_000_000));
            case 11:
                return LocalDate.ofEpochDay(random.nextLong(-700_000, 2_900_000));
            case 12: {
                byte[] bytes = new byte[random.nextInt(40)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 13:
                return LocalTime.ofNanoOfDay(random.nextLong(86_400_000_000_000L));
            case 14: {
                Map<String, Object> m = new LinkedHashMap<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    m.put(anyText(random, 10), random.nextInt(6) == 0 ? null : anyValue(random, depth + 1));
                }
                return m;
            }
            default: {
                List<Object> l = new ArrayList<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    l.add(random.nextInt(6) == 0 ? null : anyValue(random, depth + 1));
                }
                return l;
            }
        }
    }

    /**
     * A large value costs about its own bytes, as with Jackson's generator, not six bytes per char
     * reserved up front: a 20 M-char text value (a document, a base64 file) is written in a 100 MB
     * heap. Reserving the worst case (an escape per char) asked for 120 MB in one array and ran out of
     * memory where the Jackson encoder did not. Run in a JVM of its own to bound the heap.
     */
    @Test
    void aLargeValueIsWrittenInAHeapOfFewTimesItsSize() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx100m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                LargeValue.class.getName(), "20000000").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.trim()).isEqualTo("bytes 20000009");
    }

    /** Writes one row of one large text value and counts the bytes: {@code {"t":"..."}} and a newline. */
    static final class LargeValue {
        public static void main(String[] args) throws IOException {
            String value = "x".repeat(Integer.parseInt(args[0]));
            JsonlEncoder encoder = new JsonlEncoder();
            encoder.beginRow();
            encoder.value(Column.of("t", DataType.TEXT), value);
            encoder.endRow();
            long[] bytes = {0};
            encoder.writeBuffered(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    bytes[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes[0] += len;
                }
            });
            System.out.println("bytes " + bytes[0]);
        }
    }

    /** The rows through the encoder, spilling when it asks to, as the job-file writer does. */
    private static ByteArrayOutputStream encode(List<List<Map.Entry<Column, Object>>> rows) throws IOException {
        JsonlEncoder encoder = new JsonlEncoder();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        for (List<Map.Entry<Column, Object>> row : rows) {
            encoder.beginRow();
            for (Map.Entry<Column, Object> c : row) {
                encoder.value(c.getKey(), c.getValue());
            }
            encoder.endRow();
            if (encoder.spillNow()) {
                encoder.writeBuffered(written);
            }
        }
        encoder.writeBuffered(written);
        return written;
    }

    private static Map.Entry<Column, Object> cell(String name, Object value) {
        return Map.entry(Column.of(name, DataType.TEXT), value);
    }

    /** The rows as the Jackson-based encoder wrote them. */
    private static byte[] jackson(List<List<Map.Entry<Column, Object>>> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            gen.setRootValueSeparator(null);
            for (List<Map.Entry<Column, Object>> row : rows) {
                gen.writeStartObject();
                for (Map.Entry<Column, Object> c : row) {
                    gen.writeFieldName(c.getKey().name());
                    Object v = c.getValue();
                    if (v instanceof Double d && !Double.isFinite(d)) {
                        gen.writeRawValue(d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                    } else {
                        writeValue(gen, v);
                    }
                }
                gen.writeEndObject();
                gen.writeRaw('\n');
            }
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator gen, Object v) throws IOException {
        if (v instanceof String s) {
            gen.writeString(s);
        } else if (v instanceof Long l) {
            gen.writeNumber(l);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                gen.writeString(d.toString());
            } else {
                gen.writeNumber(d);
            }
        } else if (v instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (v instanceof BigDecimal d) {
            gen.writeString(d.toPlainString());
        } else if (v instanceof byte[] b) {
            gen.writeString(Base64.getEncoder().encodeToString(b));
        } else if (v instanceof Map<?, ?> m) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                gen.writeFieldName(String.valueOf(e.getKey()));
                writeNested(gen, e.getValue());
            }
            gen.writeEndObject();
        } else if (v instanceof List<?> l) {
            gen.writeStartArray();
            for (Object o : l) {
                writeNested(gen, o);
            }
            gen.writeEndArray();
        } else {
            gen.writeString(v.toString());
        }
    }

    private static void writeNested(JsonGenerator gen, Object v) throws IOException {
        if (v == null) {
            gen.writeNull();
        } else if (v instanceof BigDecimal d) {
            gen.writeNumber(d);
        } else if (v instanceof BigInteger bi) {
            gen.writeNumber(bi);
        } else {
            writeValue(gen, v);
        }
    }
}
