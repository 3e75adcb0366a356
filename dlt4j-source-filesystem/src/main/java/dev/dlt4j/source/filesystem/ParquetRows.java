package dev.dlt4j.source.filesystem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet file with Apache Parquet's own reader, one row group at a time (only that row
 * group's column chunks are in memory), in pages of {@code chunkSize} rows, as dlt's
 * {@code read_parquet} iterates batches. Values take the file's logical types: strings, integers,
 * floating point, booleans, decimals ({@code BigDecimal}), dates, times, timestamps (UTC-adjusted
 * ones as {@code Instant}, others as {@code LocalDateTime}), binary, UUIDs as text; structs become
 * nested maps, lists and maps nested values, which the normalizer unnests.
 *
 * <p>Pages compressed with snappy, gzip or none are read; no Hadoop class is loaded. A file whose
 * footer is not Parquet's, or a row group that cannot be decoded, fails with the file and row group.
 */
final class ParquetRows implements FileRows {
    private final FileItem file;
    private final ParquetFileReader reader;
    private final MessageType schema;
    private final MessageColumnIO columnIO;
    private final int chunkSize;
    private final int rowGroups;
    private int rowGroup = -1;
    private RecordReader<Map<String, Object>> records;
    private long left;
    private List<Map<String, Object>> page;

    ParquetRows(FileItem file, int chunkSize) {
        this.file = file;
        this.chunkSize = chunkSize;
        ParquetReadOptions options = org.apache.parquet.PlainReadOptions.with(CODECS);
        try {
            this.reader = ParquetFileReader.open(new LocalInputFile(file.path()), options);
        } catch (IOException | RuntimeException e) {
            throw new FileReadException(file.fileUrl() + ": not a readable Parquet file (footer: " + e.getMessage()
                    + "); the file may be truncated or of another format", e);
        }
        this.schema = reader.getFooter().getFileMetaData().getSchema();
        this.columnIO = new ColumnIOFactory().getColumnIO(schema);
        this.rowGroups = reader.getRowGroups().size();
    }

    @Override
    public boolean hasNext() {
        if (page == null) {
            page = readPage();
        }
        return page != null;
    }

    @Override
    public List<Map<String, Object>> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<Map<String, Object>> p = page;
        page = null;
        return p;
    }

    private List<Map<String, Object>> readPage() {
        List<Map<String, Object>> rows = new ArrayList<>(Math.min(chunkSize, 4096));
        while (rows.size() < chunkSize) {
            if (left == 0 && !nextRowGroup()) {
                break;
            }
            try {
                rows.add(records.read());
            } catch (RuntimeException e) {
                throw new FileReadException(file.fileUrl() + ": row group " + rowGroup + " of " + rowGroups
                        + ": cannot decode a row: " + rootMessage(e) + " (the file may be corrupt)", e);
            }
            left--;
        }
        return rows.isEmpty() ? null : rows;
    }

    private boolean nextRowGroup() {
        while (rowGroup + 1 < rowGroups) {
            rowGroup++;
            PageReadStore pages;
            try {
                pages = reader.readNextRowGroup();
            } catch (IOException | RuntimeException e) {
                throw new FileReadException(file.fileUrl() + ": row group " + rowGroup + " of " + rowGroups
                        + ": cannot read: " + rootMessage(e) + " (the file may be truncated or corrupt)", e);
            }
            if (pages == null) {
                throw new FileReadException(file.fileUrl() + ": row group " + rowGroup + " of " + rowGroups
                        + " is missing (the file may be truncated)");
            }
            left = pages.getRowCount();
            if (left > 0) {
                try {
                    records = columnIO.getRecordReader(pages, new Materializer(schema));
                } catch (RuntimeException e) {
                    throw new FileReadException(file.fileUrl() + ": row group " + rowGroup + " of " + rowGroups
                            + ": cannot read: " + rootMessage(e) + " (the file may be truncated or corrupt)", e);
                }
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** Parquet wraps the cause ("could not decompress page"); the innermost message says what is wrong. */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + t.getMessage();
    }

    /** Builds each record as a map of column name to value. */
    private static final class Materializer extends RecordMaterializer<Map<String, Object>> {
        private final StructConverter root;

        Materializer(MessageType schema) {
            root = new StructConverter(schema, null);
        }

        @Override
        public Map<String, Object> getCurrentRecord() {
            return root.current;
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }

    /** Where a converter puts the value it finished. */
    private interface Parent {
        void add(int field, Object value);
    }

    private static Converter converterFor(Type type, int index, Parent parent) {
        if (type.isPrimitive()) {
            return new ValueConverter(type.asPrimitiveType(), index, parent);
        }
        GroupType g = type.asGroupType();
        LogicalTypeAnnotation a = g.getLogicalTypeAnnotation();
        if (a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && g.getFieldCount() == 1
                && g.getType(0).isRepetition(Type.Repetition.REPEATED)) {
            return new ListConverter(g, index, parent, false);
        }
        if ((a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) && g.getFieldCount() == 1
                && !g.getType(0).isPrimitive() && g.getType(0).asGroupType().getFieldCount() == 2) {
            return new ListConverter(g, index, parent, true);
        }
        return new StructConverter(g, (i, v) -> parent.add(index, v));
    }

    /**
     * A struct (or the record): a map of its fields, with repeated fields (the legacy list form) as
     * lists. Missing optional fields are absent from the map, as pyarrow's null is dropped by dlt.
     */
    private static final class StructConverter extends GroupConverter {
        private final GroupType type;
        private final Parent parent;
        private final Converter[] fields;
        Map<String, Object> current;

        StructConverter(GroupType type, Parent parent) {
            this.type = type;
            this.parent = parent;
            this.fields = new Converter[type.getFieldCount()];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = converterFor(type.getType(i), i, this::set);
            }
        }

        @SuppressWarnings("unchecked")
        private void set(int field, Object value) {
            Type t = type.getType(field);
            String name = t.getName();
            if (t.isRepetition(Type.Repetition.REPEATED)) {
                ((List<Object>) current.computeIfAbsent(name, k -> new ArrayList<>())).add(value);
            } else {
                current.put(name, value);
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
        }

        @Override
        public void start() {
            current = new LinkedHashMap<>(fields.length * 2);
        }

        @Override
        public void end() {
            if (parent != null) {
                parent.add(0, current);
            }
        }
    }

    /**
     * A LIST (its repeated child holds one element each) or a MAP (its repeated key_value child holds
     * a key and a value): a list, or a map with text keys.
     */
    private static final class ListConverter extends GroupConverter {
        private final int index;
        private final Parent parent;
        private final boolean isMap;
        private final Converter repeated;
        private List<Object> list;
        private Map<String, Object> map;

        ListConverter(GroupType g, int index, Parent parent, boolean isMap) {
            this.index = index;
            this.parent = parent;
            this.isMap = isMap;
            Type rep = g.getType(0);
            if (isMap) {
                GroupType kv = rep.asGroupType();
                repeated = new GroupConverter() {
                    private final Object[] pair = new Object[2];
                    private final Converter[] c = {converterFor(kv.getType(0), 0, (i, v) -> pair[0] = v),
                        converterFor(kv.getType(1), 1, (i, v) -> pair[1] = v)};

                    @Override
                    public Converter getConverter(int fieldIndex) {
                        return c[fieldIndex];
                    }

                    @Override
                    public void start() {
                        pair[0] = null;
                        pair[1] = null;
                    }

                    @Override
                    public void end() {
                        map.put(String.valueOf(pair[0]), pair[1]);
                    }
                };
            } else if (rep.isPrimitive() || rep.asGroupType().getFieldCount() != 1
                    || rep.getName().equals("array") || rep.getName().endsWith("_tuple")) {
                // the legacy two-level form: the repeated field is the element itself
                repeated = converterFor(rep.isPrimitive() ? rep : withoutRepetition(rep.asGroupType()), 0,
                        (i, v) -> list.add(v));
            } else {
                GroupType element = rep.asGroupType();
                boolean[] added = new boolean[1];
                Converter inner = converterFor(element.getType(0), 0, (i, v) -> {
                    list.add(v);
                    added[0] = true;
                });
                repeated = new GroupConverter() {
                    @Override
                    public Converter getConverter(int fieldIndex) {
                        return inner;
                    }

                    @Override
                    public void start() {
                        added[0] = false;
                    }

                    @Override
                    public void end() {
                        if (!added[0]) {
                            list.add(null); // a null element: its field held no value
                        }
                    }
                };
            }
        }

        private static GroupType withoutRepetition(GroupType g) {
            return new GroupType(Type.Repetition.REQUIRED, g.getName(), g.getFields());
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return repeated;
        }

        @Override
        public void start() {
            if (isMap) {
                map = new LinkedHashMap<>();
            } else {
                list = new ArrayList<>();
            }
        }

        @Override
        public void end() {
            parent.add(index, isMap ? map : list);
        }
    }

    /** A primitive column's values in the Java type its logical type says. */
    private static final class ValueConverter extends PrimitiveConverter {
        private final int index;
        private final Parent parent;
        private final LogicalTypeAnnotation logical;
        private final PrimitiveType type;

        ValueConverter(PrimitiveType type, int index, Parent parent) {
            this.type = type;
            this.index = index;
            this.parent = parent;
            this.logical = type.getLogicalTypeAnnotation();
        }

        @Override
        public void addBoolean(boolean value) {
            parent.add(index, value);
        }

        @Override
        public void addFloat(float value) {
            parent.add(index, Double.parseDouble(Float.toString(value))); // 0.1f as 0.1, not 0.10000000149
        }

        @Override
        public void addDouble(double value) {
            parent.add(index, value);
        }

        @Override
        public void addInt(int value) {
            Object v;
            if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                v = LocalDate.ofEpochDay(value);
            } else if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                v = BigDecimal.valueOf(value, d.getScale());
            } else if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
                v = LocalTime.ofNanoOfDay(value * 1_000_000L);
            } else if (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned()) {
                v = Integer.toUnsignedLong(value);
            } else {
                v = (long) value;
            }
            parent.add(index, v);
        }

        @Override
        public void addLong(long value) {
            Object v;
            if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t) {
                Instant i = switch (t.getUnit()) {
                    case MILLIS -> Instant.ofEpochMilli(value);
                    case MICROS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
                            Math.floorMod(value, 1_000_000L) * 1000L);
                    case NANOS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L),
                            Math.floorMod(value, 1_000_000_000L));
                };
                v = t.isAdjustedToUTC() ? i : LocalDateTime.ofInstant(i, ZoneOffset.UTC);
            } else if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                v = BigDecimal.valueOf(value, d.getScale());
            } else if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation t) {
                v = LocalTime.ofNanoOfDay(t.getUnit() == LogicalTypeAnnotation.TimeUnit.NANOS ? value
                        : t.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS ? value * 1000L : value * 1_000_000L);
            } else if (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned()
                    && value < 0) {
                v = new BigInteger(Long.toUnsignedString(value));
            } else {
                v = value;
            }
            parent.add(index, v);
        }

        @Override
        public void addBinary(Binary value) {
            Object v;
            if (type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96) {
                ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                long nanos = b.getLong();
                int julianDay = b.getInt();
                v = Instant.ofEpochSecond((julianDay - 2_440_588L) * 86_400L, nanos);
            } else if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                v = new BigDecimal(new BigInteger(value.getBytes()), d.getScale());
            } else if (logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
                ByteBuffer b = value.toByteBuffer();
                v = new UUID(b.getLong(), b.getLong()).toString();
            } else if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                    || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                    || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
                v = value.toStringUsingUTF8();
            } else {
                v = value.getBytes();
            }
            parent.add(index, v);
        }
    }

    /** Page decompression without Hadoop's codecs: snappy through snappy-java, gzip through java.util.zip. */
    static final CompressionCodecFactory CODECS = new CompressionCodecFactory() {
        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codec) {
            throw new UnsupportedOperationException("the filesystem source only reads parquet");
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
            return new BytesInputDecompressor() {
                @Override
                public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                    return switch (codec) {
                        case UNCOMPRESSED -> bytes;
                        case SNAPPY -> BytesInput.from(org.xerial.snappy.Snappy.uncompress(bytes.toByteArray()));
                        case GZIP -> {
                            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                                yield BytesInput.from(in.readNBytes(uncompressedSize));
                            }
                        }
                        default -> throw new IOException("parquet pages compressed with " + codec
                                + " cannot be read by dlt4j; allowed: snappy, gzip, uncompressed (rewrite the"
                                + " file with one of those)");
                    };
                }

                @Override
                public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                        throws IOException {
                    byte[] in = new byte[compressedSize];
                    input.get(in);
                    output.put(decompress(BytesInput.from(in), uncompressedSize).toByteArray());
                }

                @Override
                public void release() {
                    // nothing pooled
                }
            };
        }

        @Override
        public void release() {
            // nothing pooled
        }
    };
}
