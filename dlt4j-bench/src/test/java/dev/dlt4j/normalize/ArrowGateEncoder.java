package dev.dlt4j.normalize;

import dev.dlt4j.Column;
import dev.dlt4j.spi.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The gate's prototype of {@code arrow} job files (issue 17 lever 3, measured NO-GO: see
 * docs/performance.md): an Arrow IPC file per job, one record batch per buffer of rows
 * ({@code buffer_max_items}) or per {@value #BATCH_BYTES} bytes of text, each row put straight into
 * the vectors: bigint Int64, double Float64, bool Bool, text Utf8, timestamp Timestamp(µs, "UTC")
 * (from the canonical ISO text by hand), date Date32, time Time64(µs), binary Binary; json, decimal
 * and wei as text (DuckDB casts them as it casts jsonl's). A row that brings a new column closes
 * the file and starts a wider one, as csv and parquet do. The vectors live in a child allocator
 * per file, closed when the file ends. Needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED}
 * on Java 17. Used by {@code ArrowJobGate} only.
 */
final class ArrowGateEncoder extends RowEncoder {
    /** Bytes of text and binary values after which the rows so far go to the file as a batch. */
    static final int BATCH_BYTES = 8 << 20;
    private static final int K_BIGINT = 0;
    private static final int K_DOUBLE = 1;
    private static final int K_BOOL = 2;
    private static final int K_TIMESTAMP = 3;
    private static final int K_TIMESTAMP_TZ = 4;
    private static final int K_DATE = 5;
    private static final int K_TIME = 6;
    private static final int K_BINARY = 7;
    private static final int K_TEXT = 8;
    private static final int K_JSON = 9;
    private static final int K_DECIMAL = 10;

    private final List<Column> header = new ArrayList<>();
    private final java.util.Map<String, Integer> position = new java.util.HashMap<>();
    /** The column name met at each position of the previous rows, and its header position: one compare per value. */
    private String[] slotNames = new String[16];
    private int[] slotPositions = new int[16];
    private int slot;
    /** The current row's values by header position. */
    private Object[] row = new Object[16];

    private BufferAllocator allocator;
    private VectorSchemaRoot root;
    /** The open file's columns: the header when its vectors were made. */
    private int width;
    private int[] kinds;
    private FieldVector[] vectors;
    /** Rows in the vectors, not yet in the file. */
    private int rows;
    private long batchBytes;
    private ArrowFileWriter writer;

    @Override
    public String format() {
        return "arrow";
    }

    /** Arrow's IPC file is binary; it is never gzip'd. */
    @Override
    public Optional<Compression.Codec> codec() {
        return Optional.empty();
    }

    /** The Arrow schema of a job file with these columns (in this order). */
    static Schema schema(List<Column> columns) {
        List<Field> fields = new ArrayList<>(columns.size());
        for (Column c : columns) {
            fields.add(new Field(c.name(), FieldType.nullable(arrowType(c)), null));
        }
        return new Schema(fields);
    }

    /** The Arrow type a column's values are written as (see the class comment). */
    static ArrowType arrowType(Column c) {
        return switch (c.dataType()) {
            case BIGINT -> new ArrowType.Int(64, true);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case BOOL -> ArrowType.Bool.INSTANCE;
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, c.timezone() ? "UTC" : null);
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIME -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
            case BINARY -> ArrowType.Binary.INSTANCE;
            case TEXT, JSON, DECIMAL, WEI -> ArrowType.Utf8.INSTANCE;
        };
    }

    private static int kind(Column c) {
        return switch (c.dataType()) {
            case BIGINT -> K_BIGINT;
            case DOUBLE -> K_DOUBLE;
            case BOOL -> K_BOOL;
            case TIMESTAMP -> c.timezone() ? K_TIMESTAMP_TZ : K_TIMESTAMP;
            case DATE -> K_DATE;
            case TIME -> K_TIME;
            case BINARY -> K_BINARY;
            case TEXT -> K_TEXT;
            case JSON -> K_JSON;
            case DECIMAL, WEI -> K_DECIMAL;
        };
    }

    @Override
    void beginRow() {
        Arrays.fill(row, 0, header.size(), null);
        slot = 0;
    }

    @Override
    void value(Column column, Object value) {
        String name = column.name();
        int at;
        if (slot < slotNames.length && slotNames[slot] == name) {
            at = slotPositions[slot];
        } else {
            Integer known = position.get(name);
            if (known == null) {
                known = header.size();
                header.add(column);
                position.put(name, known);
                if (known >= row.length) {
                    row = Arrays.copyOf(row, Math.max(row.length * 2, known + 1));
                }
            }
            at = known;
            if (slot >= slotNames.length) {
                slotNames = Arrays.copyOf(slotNames, slot * 2);
                slotPositions = Arrays.copyOf(slotPositions, slot * 2);
            }
            slotNames[slot] = name;
            slotPositions[slot] = at;
        }
        slot++;
        row[at] = value;
    }

    /**
     * Puts the row into the vectors. A row that brings columns the open file lacks is held (true):
     * the caller closes the file, and {@link #admitRow()} starts a wider one with it.
     */
    @Override
    boolean endRow() {
        if (root != null && header.size() > width) {
            if (rows > 0 || writer != null) {
                return true;
            }
            release(); // nothing in these vectors yet: make them again with the new columns
        }
        put();
        return false;
    }

    @Override
    void admitRow() {
        put();
    }

    private void put() {
        if (root == null) {
            open();
        }
        int n = rows;
        if (n == 0) {
            for (FieldVector v : vectors) {
                v.reset();
            }
        }
        for (int p = 0; p < width; p++) {
            Object x = row[p];
            if (x == null) {
                continue;
            }
            FieldVector vector = vectors[p];
            switch (kinds[p]) {
                case K_BIGINT -> ((BigIntVector) vector).setSafe(n, (Long) x);
                case K_DOUBLE -> ((Float8Vector) vector).setSafe(n, (Double) x);
                case K_BOOL -> ((BitVector) vector).setSafe(n, (Boolean) x ? 1 : 0);
                case K_TIMESTAMP_TZ -> ((TimeStampMicroTZVector) vector).setSafe(n,
                        x instanceof String iso ? micros(iso) : micros((Instant) x));
                case K_TIMESTAMP -> ((TimeStampMicroVector) vector).setSafe(n,
                        x instanceof String iso ? micros(iso) : micros((Instant) x));
                case K_DATE -> ((DateDayVector) vector).setSafe(n, Math.toIntExact(((LocalDate) x).toEpochDay()));
                case K_TIME -> ((TimeMicroVector) vector).setSafe(n, ((LocalTime) x).toNanoOfDay() / 1000);
                case K_BINARY -> {
                    byte[] b = (byte[]) x;
                    ((VarBinaryVector) vector).setSafe(n, b);
                    batchBytes += b.length;
                }
                default -> {
                    byte[] b = text(kinds[p], x);
                    ((VarCharVector) vector).setSafe(n, b);
                    batchBytes += b.length;
                }
            }
        }
        rows = n + 1;
    }

    /** New vectors for the header as it is now: the next file's columns. */
    private void open() {
        width = header.size();
        allocator = Allocators.ROOT.newChildAllocator("arrow job file", 0, Long.MAX_VALUE);
        root = VectorSchemaRoot.create(schema(List.copyOf(header)), allocator);
        kinds = new int[width];
        vectors = new FieldVector[width];
        for (int p = 0; p < width; p++) {
            kinds[p] = kind(header.get(p));
            vectors[p] = root.getVector(p);
        }
        rows = 0;
        batchBytes = 0;
    }

    /** A batch's text and binary values reached {@link #BATCH_BYTES}: it goes to the file before {@code buffer_max_items}. */
    @Override
    public boolean spillNow() {
        return batchBytes >= BATCH_BYTES;
    }

    /** Appends the rows in the vectors to the file as one record batch (the file's header first). */
    @Override
    public void writeBuffered(OutputStream out) throws IOException {
        if (rows == 0) {
            return;
        }
        if (writer == null) {
            writer = new ArrowFileWriter(root, null, new KeptOpen(out));
            writer.start();
        }
        for (FieldVector v : vectors) {
            v.setValueCount(rows);
        }
        root.setRowCount(rows);
        writer.writeBatch();
        rows = 0;
        batchBytes = 0;
    }

    /** Writes the footer and releases the file's vectors. A file that got no rows stays empty (zero bytes). */
    @Override
    public void endFile(OutputStream out) throws IOException {
        try {
            if (writer != null) {
                writer.end();
            }
        } finally {
            release();
        }
    }

    /** Forgets the rows not yet written and releases the vectors: the stage failed. */
    @Override
    public void discard() {
        release();
    }

    private void release() {
        writer = null;
        rows = 0;
        batchBytes = 0;
        vectors = null;
        kinds = null;
        if (root != null) {
            root.close();
            root = null;
        }
        if (allocator != null) {
            BufferAllocator a = allocator;
            allocator = null;
            a.close(); // throws if a vector was left allocated: a leak shows here, not in the heap
        }
    }

    private static byte[] text(int kind, Object x) {
        return switch (kind) {
            case K_JSON -> json(x);
            case K_DECIMAL -> ((java.math.BigDecimal) x).toPlainString().getBytes(StandardCharsets.US_ASCII);
            default -> ((String) x).getBytes(StandardCharsets.UTF_8);
        };
    }

    /**
     * Microseconds since the epoch of a canonical UTC timestamp text {@code uuuu-MM-ddTHH:mm:ss[.f{1,6}]Z}
     * (what {@link Types#parseTimestamp} keeps as text: fields checked, at most six fraction digits).
     */
    static long micros(String iso) {
        int n = iso.length();
        long days = epochDay(num(iso, 0, 4), num(iso, 5, 2), num(iso, 8, 2));
        long seconds = days * 86_400 + num(iso, 11, 2) * 3600L + num(iso, 14, 2) * 60L + num(iso, 17, 2);
        long fraction = 0;
        int digits = 0;
        for (int i = 20; i < n - 1; i++, digits++) {
            fraction = fraction * 10 + (iso.charAt(i) - '0');
        }
        for (; digits < 6; digits++) {
            fraction *= 10;
        }
        return seconds * 1_000_000L + fraction;
    }

    private static int num(String s, int at, int len) {
        int v = 0;
        for (int i = at; i < at + len; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long epochDay(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A json column's value as JSON text (Jackson's; jsonl's own writer may differ in corner cases). */
    private static byte[] json(Object x) {
        try {
            return JSON.writeValueAsBytes(x);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Microseconds since the epoch, as the timestamp columns hold them (sub-microseconds dropped). */
    static long micros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }

    /** The JVM's root allocator, made when the first arrow file is written; each file takes a child of it. */
    private static final class Allocators {
        static final BufferAllocator ROOT = new RootAllocator();
    }

    /** The job file as a channel Arrow writes to; closing it leaves the file to the writer that opened it. */
    private static final class KeptOpen implements WritableByteChannel {
        private final OutputStream out;
        /** Vectors' buffers are off-heap: copied to the stream through this. */
        private final byte[] scratch = new byte[1 << 16];

        KeptOpen(OutputStream out) {
            this.out = out;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            if (src.hasArray()) {
                out.write(src.array(), src.arrayOffset() + src.position(), n);
                src.position(src.limit());
            } else {
                while (src.hasRemaining()) {
                    int k = Math.min(scratch.length, src.remaining());
                    src.get(scratch, 0, k);
                    out.write(scratch, 0, k);
                }
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
