package dev.dlt4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Column;
import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataType;
import dev.dlt4j.spi.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extracted formats' bytes are those of their version 1 (a file left by a crashed run is read by
 * the next run, of this build or another), and values read back as written wherever they fall in the
 * reader's buffer: the encoders and decoders write and read primitives through fast paths (a varint
 * or a double whole in the buffer) and slow ones (across a refill).
 */
class ExtractedBytesTest {
    @TempDir
    Path tmp;

    private static final long[] LONGS = {0, 1, -1, 63, -64, 64, -65, 127, 128, 8191, 8192, 16383, 16384,
        1L << 20, 1L << 27, 1L << 34, 1L << 41, 1L << 48, 1L << 55, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE,
        Integer.MAX_VALUE, Integer.MIN_VALUE, -1234567890123L};
    private static final double[] DOUBLES = {0.0, -0.0, 1.5, -2.25, Double.NaN, Double.POSITIVE_INFINITY,
        Double.MIN_VALUE, Double.MAX_VALUE, 0.1, 1e300, 370.37, 1 / 7.0};

    /** Rows of every value type, every varint length and every double shape, with keys that change. */
    private static byte[] rowsFile() throws IOException {
        RowFileWriter w = new RowFileWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.startFile(out);
        for (int i = 0; i < LONGS.length; i++) {
            w.beginRow();
            w.key("n");
            w.longValue(LONGS[i]);
            w.key(i % 2 == 0 ? "d" : "d" + i);
            w.doubleValue(DOUBLES[i % DOUBLES.length]);
            w.key("s");
            w.string(i % 3 == 0 ? "x".repeat(i * 11) : i % 3 == 1 ? "héllo €" + i : "");
            w.key("dec");
            w.decimal(new BigDecimal(BigInteger.valueOf(LONGS[i]), i - 5));
            w.key("big");
            w.bigInteger(BigInteger.valueOf(LONGS[i]).shiftLeft(70));
            w.key("ts");
            w.timestamp(Instant.ofEpochSecond(LONGS[i] >> 30, i * 37_000_001L % 1_000_000_000));
            w.key("day");
            w.date(LocalDate.ofEpochDay((LONGS[i] >> 44) % 3_000_000));
            w.key("t");
            w.time(LocalTime.ofNanoOfDay(Math.floorMod(LONGS[i], 86_400_000_000_000L)));
            w.key("b");
            w.binary(new byte[i * 10]);
            w.key("flag");
            w.bool(i % 2 == 0);
            w.key("none");
            w.nullValue();
            w.key("obj");
            w.beginMap();
            w.key("inner");
            w.longValue(LONGS[i]);
            w.endMap();
            w.key("list");
            w.beginList(i);
            for (int j = 0; j < i; j++) {
                w.longValue(LONGS[j]);
            }
            w.endMap();
        }
        w.writeBuffered(out);
        return out.toByteArray();
    }

    private static final List<Column> COLUMNS = List.of(Column.of("id", DataType.BIGINT),
            Column.of("x", DataType.DOUBLE), Column.of("ok", DataType.BOOL), Column.of("s", DataType.TEXT),
            Column.of("dec", DataType.DECIMAL), Column.of("ts", DataType.TIMESTAMP), Column.of("day", DataType.DATE),
            Column.of("t", DataType.TIME), Column.of("b", DataType.BINARY));

    /** A typed-columns file: a page, then the same values as rows of objects. */
    private static byte[] columnsFile() throws IOException {
        ColumnFileWriter w = new ColumnFileWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.columns(COLUMNS);
        w.startFile(out);
        ColumnPage.Builder page = ColumnPage.builder();
        COLUMNS.forEach(page::column);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < LONGS.length; i++) {
            Object[] row = {LONGS[i], DOUBLES[i % DOUBLES.length], i % 2 == 0, i % 4 == 3 ? null : "s€" + i,
                new BigDecimal(BigInteger.valueOf(LONGS[i]), 3), Instant.ofEpochSecond(LONGS[i] >> 30, i),
                LocalDate.ofEpochDay(i * 1000L - 5000), LocalTime.ofNanoOfDay(i * 1_000_000_007L), new byte[i]};
            if (i % 5 == 4) {
                row[0] = null;
                row[1] = null;
            }
            rows.add(row);
            page.row(row);
        }
        w.page(page.build());
        for (Object[] row : rows) {
            w.row(row);
        }
        w.writeBuffered(out);
        return out.toByteArray();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** The digests are those of the files the encoders wrote before their fast paths (commit 1abda98). */
    @Test
    void theEncodersWriteTheBytesOfFormatVersionOne() throws Exception {
        assertThat(sha256(rowsFile())).isEqualTo("afa027536d3fdb1540646c7243175be958568a6697d961827acbbef556cf6493");
        assertThat(sha256(columnsFile())).isEqualTo("a790ee3e880c41ee526b0d91db78f52e58c00c5ab50cfb438425797113f9a127");
    }

    @Test
    void valuesReadBackWhereverTheyFallInTheReadersBuffer() throws Exception {
        SplittableRandom random = new SplittableRandom(17);
        for (boolean gzip : new boolean[] {false, true}) {
            Path file = tmp.resolve("f" + gzip + (gzip ? ".typed-rows.gz" : ".typed-rows"));
            List<Object[]> written = new ArrayList<>();
            RowFileWriter w = new RowFileWriter();
            try (OutputStream out = FileCodecs.open(Files.newOutputStream(file),
                    gzip ? java.util.Optional.of(Compression.Codec.GZIP) : java.util.Optional.empty())) {
                w.startFile(out);
                for (int i = 0; i < 60_000; i++) {
                    long n = random.nextLong() >> random.nextInt(64);
                    double d = Double.longBitsToDouble(random.nextLong());
                    String s = "v".repeat(random.nextInt(4)) + i;
                    w.beginRow();
                    w.key("n");
                    w.longValue(n);
                    w.key("d");
                    w.doubleValue(d);
                    w.key("s");
                    w.string(s);
                    w.endMap();
                    written.add(new Object[] {n, d, s});
                    if (random.nextInt(1000) == 0) {
                        w.writeBuffered(out);
                    }
                }
                w.writeBuffered(out);
            }
            try (RowFileReader r = new RowFileReader(file)) {
                for (Object[] want : written) {
                    Map<String, Object> row = r.nextShared();
                    assertThat(row).containsEntry("n", want[0]).containsEntry("s", want[2]);
                    assertThat(Double.doubleToRawLongBits((Double) row.get("d")))
                            .isEqualTo(Double.doubleToRawLongBits((Double) want[1]));
                }
                assertThat(r.nextShared()).isNull();
            }
        }
    }

    @Test
    void aTypedColumnsFileReadsBackItsValues() throws Exception {
        Path file = tmp.resolve("c.typed-columns");
        Files.write(file, columnsFile());
        try (ColumnFileReader r = new ColumnFileReader(file)) {
            assertThat(r.columns()).isEqualTo(COLUMNS);
            Object[] values = new Object[COLUMNS.size()];
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < LONGS.length; i++) {
                    assertThat(r.next(values)).isTrue();
                    assertThat(values[0]).isEqualTo(i % 5 == 4 ? null : LONGS[i]);
                    assertThat(values[3]).isEqualTo(i % 4 == 3 ? null : "s€" + i);
                    assertThat(values[7]).isEqualTo(LocalTime.ofNanoOfDay(i * 1_000_000_007L));
                }
            }
            assertThat(r.next(values)).isFalse();
        }
    }
}
