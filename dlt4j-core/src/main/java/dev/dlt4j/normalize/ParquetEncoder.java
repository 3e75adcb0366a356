package dev.dlt4j.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dlt4j.Column;
import dev.dlt4j.LoaderFileFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * {@code parquet} job files with the schema's types (destinations.md §2, the arrow column):
 * text and json as UTF-8 strings, bigint int64 (int8/16/32 by precision), double, bool, timestamp
 * int64 in milli-, micro- or nanoseconds by precision (microseconds by default; UTC adjusted unless
 * {@code timezone} is false), date, time (by precision too), decimal as fixed-length decimal
 * (default 38,9), binary. Snappy-compressed pages, as dlt (pyarrow) writes them; the file itself
 * is never gzip'd. Written by Apache Parquet's own writer with a plain configuration and a codec
 * factory of ours, so no Hadoop class is loaded.
 *
 * <p>A parquet file's schema is fixed when it opens, so rows are held until a flush and, as in
 * {@link CsvEncoder}, a row that brings a new column closes the file and starts a wider one.
 * Row groups are cut at {@value #ROW_GROUP_BYTES} bytes to bound the memory each open table holds.
 */
final class ParquetEncoder extends ColumnarEncoder {
    static final int ROW_GROUP_BYTES = 16 << 20;
    private static final JsonFactory JSON = new JsonFactory();

    /** The table whose job files this encoder writes, named when a value cannot be written. */
    private final String table;
    private ParquetWriter<Object[]> writer;

    ParquetEncoder(String table) {
        this.table = table;
    }

    @Override
    public String format() {
        return LoaderFileFormat.PARQUET.extension();
    }

    /** Parquet compresses its pages itself; the file is never gzip'd. */
    @Override
    public java.util.Optional<dev.dlt4j.spi.Compression.Codec> codec() {
        return java.util.Optional.empty();
    }

    @Override
    void beginFile(OutputStream out, List<Column> columns) throws IOException {
        writer = new Builder(new StreamOutputFile(out), columns, table)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(CODECS)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize((long) ROW_GROUP_BYTES)
                .build();
    }

    @Override
    void writeRows(OutputStream out, List<Object[]> rows, int width) throws IOException {
        for (Object[] r : rows) {
            writer.write(r);
        }
    }

    /** What parquet has written plus the row group it holds: the file's size for {@code file_max_bytes}. */
    @Override
    public long fileBytes(long written) {
        return writer == null ? written : writer.getDataSize();
    }

    /** Writes the footer. A file that got no rows stays empty (zero bytes): the loader reads it as "no rows". */
    @Override
    void finishFile(OutputStream out) throws IOException {
        try {
            writer.close();
        } finally {
            writer = null;
        }
    }

    /**
     * The writer's open job file as parquet's output file: parquet writes through it and closes
     * it, which leaves the file to the buffered writer that opened it.
     */
    private record StreamOutputFile(OutputStream out) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long pos;

                @Override
                public long getPos() {
                    return pos;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    pos++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    pos += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.flush(); // the buffered writer closes the file
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        /** As parquet's own local file: no HDFS block alignment. */
        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return -1;
        }
    }

    /** The parquet schema of a file's columns; every column optional, since rows may lack any of them. */
    static MessageType messageType(String table, List<Column> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : columns) {
            switch (c.dataType()) {
                case TEXT, JSON -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(c.name());
                case DOUBLE -> b.optional(PrimitiveTypeName.DOUBLE).named(c.name());
                case BOOL -> b.optional(PrimitiveTypeName.BOOLEAN).named(c.name());
                case BIGINT -> {
                    int bits = intBits(c);
                    if (bits == 64) {
                        b.optional(PrimitiveTypeName.INT64).named(c.name());
                    } else {
                        b.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(bits, true)).named(c.name());
                    }
                }
                case TIMESTAMP -> b.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(c.timezone(), unit(c))).named(c.name());
                case DATE -> b.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(c.name());
                case TIME -> b.optional(unit(c) == TimeUnit.MILLIS ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timeType(false, unit(c))).named(c.name());
                case DECIMAL, WEI -> {
                    int[] ps = decimal(c);
                    b.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(decimalBytes(ps[0]))
                            .as(LogicalTypeAnnotation.decimalType(ps[1], ps[0])).named(c.name());
                }
                case BINARY -> b.optional(PrimitiveTypeName.BINARY).named(c.name());
            }
        }
        return b.named(table);
    }

    /**
     * The unit of a timestamp or time column, by its precision as dlt (pyarrow) writes it: 0-3 digits
     * milliseconds (parquet has no seconds; pyarrow writes {@code s} as {@code ms}), 4-6 (and no
     * precision, dlt's default 6) microseconds; more: nanoseconds for a time, microseconds for a
     * timestamp (dlt writes parquet format version 2.4, for which pyarrow casts {@code ns} timestamps
     * to {@code us}).
     */
    static TimeUnit unit(Column c) {
        int digits = c.precision().orElse(6);
        return digits <= 3 ? TimeUnit.MILLIS
                : digits <= 6 || c.dataType() == dev.dlt4j.DataType.TIMESTAMP ? TimeUnit.MICROS : TimeUnit.NANOS;
    }

    /** The bits of a bigint column's parquet integer, by its precision as dlt (pyarrow): 8, 16, 32, else 64. */
    static int intBits(Column c) {
        if (c.precision().isEmpty()) {
            return 64;
        }
        int bits = c.precision().getAsInt();
        return bits <= 8 ? 8 : bits <= 16 ? 16 : bits <= 32 ? 32 : 64;
    }

    /** Precision and scale: the column's, else dlt's default for the file destination. */
    static int[] decimal(Column c) {
        if (c.precision().isPresent()) {
            return new int[] {c.precision().getAsInt(), c.scale().orElse(0)};
        }
        return c.dataType() == dev.dlt4j.DataType.WEI ? new int[] {78, 0} : new int[] {38, 9};
    }

    /** The fewest bytes whose two's complement holds every unscaled value of {@code precision} digits. */
    static int decimalBytes(int precision) {
        return (BigInteger.TEN.pow(precision).bitLength() + 1 + 7) / 8;
    }

    /** Writes rows (value arrays in file column order) through parquet's record consumer. */
    private static final class RowWriteSupport extends WriteSupport<Object[]> {
        private final String table;
        private final List<Column> columns;
        private final MessageType schema;
        private final int[][] decimals;
        /** Per column: its unit if a timestamp or time, its width if a bigint (read only for those types). */
        private final TimeUnit[] units;
        private final int[] bits;
        private RecordConsumer out;

        RowWriteSupport(List<Column> columns, MessageType schema, String table) {
            this.table = table;
            this.columns = columns;
            this.schema = schema;
            this.decimals = new int[columns.size()][];
            this.units = new TimeUnit[columns.size()];
            this.bits = new int[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                units[i] = unit(c);
                bits[i] = intBits(c);
                if (c.dataType() == dev.dlt4j.DataType.DECIMAL || c.dataType() == dev.dlt4j.DataType.WEI) {
                    int[] ps = decimal(c);
                    decimals[i] = new int[] {ps[0], ps[1], ParquetEncoder.decimalBytes(ps[0])};
                }
            }
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(Object[] values) {
            out.startMessage();
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                if (v == null) {
                    continue;
                }
                Column c = columns.get(i);
                out.startField(c.name(), i);
                try {
                    writeValue(c, i, v);
                } catch (RuntimeException e) {
                    // the same value fails the same way on every run: a NormalizeException sets the package aside
                    NormalizeException failure = new NormalizeException(table, c.name(), "the value " + abbreviate(v)
                            + " cannot be written to a parquet " + c.dataType().dltName() + " column: "
                            + e.getMessage());
                    failure.initCause(e);
                    throw failure;
                }
                out.endField(c.name(), i);
            }
            out.endMessage();
        }

        /**
         * The instant in the column's unit since the epoch, the digits below it cut as csv cuts them
         * ({@link FractionalSeconds}): {@code ChronoUnit.MICROS.between} rounds toward zero, which moved
         * 1969-12-31T23:59:59.9999995Z into 1970. A column of precision 0 keeps whole seconds (as
         * milliseconds). Timestamps are never written in nanoseconds ({@link ParquetEncoder#unit}).
         */
        private static long epoch(Instant t, Column c, TimeUnit unit) {
            long sec = t.getEpochSecond();
            int nano = t.getNano();
            try {
                return unit == TimeUnit.MILLIS
                        ? Math.addExact(Math.multiplyExact(sec, 1_000L), c.precision().orElse(6) == 0 ? 0 : nano / 1_000_000)
                        : Math.addExact(Math.multiplyExact(sec, 1_000_000L), nano / 1_000);
            } catch (ArithmeticException e) {
                // only an Instant hundreds of thousands of years away overflows milli- or microseconds
                throw new ArithmeticException("outside the range of a parquet timestamp in " + unit.name()
                        .toLowerCase(java.util.Locale.ROOT));
            }
        }

        /** The time of day in the column's unit, cut as {@link #epoch} cuts. */
        private static void time(RecordConsumer out, LocalTime t, Column c, TimeUnit unit) {
            long nanos = t.toNanoOfDay();
            switch (unit) {
                case MILLIS -> out.addInteger((int) (c.precision().orElse(6) == 0 ? nanos / 1_000_000_000L * 1_000
                        : nanos / 1_000_000L));
                case MICROS -> out.addLong(nanos / 1_000L);
                case NANOS -> out.addLong(nanos);
            }
        }

        /** A bigint in a column of {@code bits} bits: a value outside its range fails, as pyarrow's cast does. */
        private static void integer(RecordConsumer out, long v, int bits) {
            if (bits == 64) {
                out.addLong(v);
                return;
            }
            long max = (1L << (bits - 1)) - 1;
            if (v > max || v < -max - 1) {
                throw new ArithmeticException("outside " + (-max - 1) + " to " + max + ", the range of the column's "
                        + bits + "-bit integers (its precision); declare a larger precision or none");
            }
            out.addInteger((int) v);
        }

        private void writeValue(Column c, int i, Object v) {
            switch (c.dataType()) {
                case TEXT -> out.addBinary(Binary.fromString(v.toString()));
                case JSON -> out.addBinary(Binary.fromString(v instanceof String s ? s : json(v)));
                case DOUBLE -> out.addDouble(((Number) v).doubleValue());
                case BOOL -> out.addBoolean((Boolean) v);
                case BIGINT -> integer(out, ((Number) v).longValue(), bits[i]);
                case TIMESTAMP -> out.addLong(epoch(instant(v), c, units[i]));
                case DATE -> out.addInteger((int) (v instanceof LocalDate d ? d : LocalDate.parse(v.toString()))
                        .toEpochDay());
                case TIME -> time(out, v instanceof LocalTime t ? t : LocalTime.parse(v.toString()), c, units[i]);
                case DECIMAL, WEI -> out.addBinary(Binary.fromConstantByteArray(unscaledBytes(decimals[i],
                        v instanceof BigDecimal d ? d : new BigDecimal(v.toString()))));
                case BINARY -> out.addBinary(Binary.fromConstantByteArray((byte[]) v));
            }
        }

        private static Instant instant(Object v) {
            if (v instanceof Instant i) {
                return i;
            }
            String s = v.toString();
            try {
                return Instant.parse(s);
            } catch (java.time.format.DateTimeParseException e) {
                return OffsetDateTime.parse(s).toInstant();
            }
        }

        private static byte[] unscaledBytes(int[] pps, BigDecimal d) {
            BigInteger unscaled = d.setScale(pps[1], RoundingMode.HALF_UP).unscaledValue();
            if (unscaled.abs().compareTo(BigInteger.TEN.pow(pps[0])) >= 0) {
                throw new ArithmeticException("more than " + pps[0] + " digits");
            }
            byte[] raw = unscaled.toByteArray();
            byte[] out = new byte[pps[2]];
            byte pad = (byte) (unscaled.signum() < 0 ? 0xff : 0);
            int offset = out.length - raw.length;
            Arrays.fill(out, 0, offset, pad);
            System.arraycopy(raw, 0, out, offset, raw.length);
            return out;
        }

        private static String json(Object v) {
            StringWriter text = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(text)) {
                CsvEncoder.writeJson(g, v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return text.toString();
        }

        private static String abbreviate(Object v) {
            String s = String.valueOf(v);
            return s.length() > 60 ? s.substring(0, 57) + "..." : s;
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final List<Column> columns;
        private final String table;

        Builder(OutputFile file, List<Column> columns, String table) {
            super(file);
            this.columns = columns;
            this.table = table;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(columns, messageType("dlt4j", columns), table);
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return getWriteSupport((ParquetConfiguration) null);
        }
    }

    /** Page compression without Hadoop's codecs: snappy through snappy-java, gzip through java.util.zip. */
    private static final CompressionCodecFactory CODECS = new CompressionCodecFactory() {
        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codec) {
            return new BytesInputCompressor() {
                @Override
                public BytesInput compress(BytesInput bytes) throws IOException {
                    return switch (codec) {
                        case UNCOMPRESSED -> bytes;
                        case SNAPPY -> BytesInput.from(org.xerial.snappy.Snappy.compress(bytes.toByteArray()));
                        case GZIP -> {
                            ByteArrayOutputStream buf = new ByteArrayOutputStream();
                            try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                                bytes.writeAllTo(gz);
                            }
                            yield BytesInput.from(buf.toByteArray());
                        }
                        default -> throw new IOException("parquet codec " + codec + " is not available in dlt4j;"
                                + " use snappy, gzip or uncompressed");
                    };
                }

                @Override
                public CompressionCodecName getCodecName() {
                    return codec;
                }

                @Override
                public void release() {
                    // nothing pooled
                }
            };
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
            throw new UnsupportedOperationException("dlt4j only writes parquet");
        }

        @Override
        public void release() {
            // nothing pooled
        }
    };
}
