package dev.dlt4j.storage;

import static dev.dlt4j.storage.ColumnFileWriter.FORMAT;
import static dev.dlt4j.storage.ColumnFileWriter.HEADER;
import static dev.dlt4j.storage.ColumnFileWriter.MAGIC;
import static dev.dlt4j.storage.ColumnFileWriter.ROW;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.spi.Compression;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a {@code typed-columns} file written by {@link ColumnFileWriter}: its columns once, then
 * one row at a time into an array the caller reuses, each value decoded by its column's type
 * ({@code Long}, {@code Double}, {@code Boolean}, {@code String}, {@code BigDecimal},
 * {@code Instant}, {@code LocalDate}, {@code LocalTime}, {@code byte[]}; {@code null} for null).
 * Memory is one row, whatever the file size.
 */
public final class ColumnFileReader implements Closeable {
    private final Path path;
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private List<Column> columns = List.of();
    private DataType[] types = new DataType[0];
    private String[] names = new String[0];

    public ColumnFileReader(Path path) throws IOException {
        this.path = path;
        this.in = Compression.openInput(Files.newInputStream(path), path.getFileName().toString().endsWith(".gz"));
        byte[] magic = new byte[MAGIC.length];
        for (int i = 0; i < magic.length; i++) {
            int b = read();
            if (b < 0) {
                throw new StorageException("file " + path + " is empty or truncated: not a " + FORMAT + " file");
            }
            magic[i] = (byte) b;
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new StorageException("file " + path + " is not a " + FORMAT + " file (bad header)");
        }
        int b = read();
        if (b < 0) {
            return; // an empty file (an empty replace): no columns, no rows
        }
        if (b != HEADER) {
            throw new StorageException("file " + path + " is corrupt: expected its columns, found " + b);
        }
        int n = (int) readVarLong();
        List<Column> cols = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = readString();
            DataType type = DataType.fromDltName(readString());
            int flags = (int) readVarLong();
            int precision = (int) readVarLong();
            int scale = (int) readVarLong();
            Column.Builder c = Column.builder(name, type).nullable((flags & 1) != 0).timezone((flags & 2) != 0);
            c.precision((flags & 4) != 0 ? java.util.OptionalInt.of(precision) : java.util.OptionalInt.empty(),
                    (flags & 8) != 0 ? java.util.OptionalInt.of(scale) : java.util.OptionalInt.empty());
            cols.add(c.build());
        }
        this.columns = List.copyOf(cols);
        this.types = cols.stream().map(Column::dataType).toArray(DataType[]::new);
        this.names = cols.stream().map(Column::name).toArray(String[]::new);
    }

    /** The file's columns, in order; none for an empty file. */
    public List<Column> columns() {
        return columns;
    }

    /** The columns' names, one array instance per file (so a caller may cache by identity). */
    public String[] names() {
        return names;
    }

    /** Reads the next row into {@code values} (as long as the columns); false at the end of the file. */
    public boolean next(Object[] values) throws IOException {
        int b = read();
        if (b < 0) {
            return false;
        }
        if (b != ROW) {
            throw new StorageException("file " + path + " is corrupt: expected a row marker, found " + b);
        }
        int cols = types.length;
        int bitmap = (cols + 7) >>> 3;
        byte[] nulls = bitmap <= 8 ? smallMap : new byte[bitmap];
        for (int i = 0; i < bitmap; i++) {
            nulls[i] = (byte) readByte();
        }
        for (int c = 0; c < cols; c++) {
            if ((nulls[c >>> 3] & (1 << (c & 7))) != 0) {
                values[c] = null;
                continue;
            }
            values[c] = switch (types[c]) {
                case BIGINT -> readZigZag();
                case DOUBLE -> {
                    long bits = 0;
                    for (int i = 0; i < 8; i++) {
                        bits |= ((long) readByte()) << (8 * i);
                    }
                    yield Double.longBitsToDouble(bits);
                }
                case BOOL -> readByte() != 0;
                case TEXT -> readString();
                case DECIMAL -> new BigDecimal(readString());
                case TIMESTAMP -> Instant.ofEpochSecond(readZigZag(), readVarLong());
                case DATE -> LocalDate.ofEpochDay(readZigZag());
                case TIME -> LocalTime.ofNanoOfDay(readVarLong());
                case BINARY -> {
                    byte[] v = new byte[(int) readVarLong()];
                    readFully(v);
                    yield v;
                }
                default -> throw new StorageException("file " + path + " is corrupt: column type " + types[c]);
            };
        }
        return true;
    }

    private final byte[] smallMap = new byte[8];

    private long readZigZag() throws IOException {
        long z = readVarLong();
        return (z >>> 1) ^ -(z & 1);
    }

    private String readString() throws IOException {
        int n = (int) readVarLong();
        if (limit - pos >= n) {
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
        byte[] b = new byte[n];
        readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private void readFully(byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            if (pos == limit && !fill()) {
                throw new EOFException("file " + path + " is truncated");
            }
            int n = Math.min(limit - pos, b.length - off);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            off += n;
        }
    }

    private long readVarLong() throws IOException {
        long v = 0;
        int shift = 0;
        while (true) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }

    private int readByte() throws IOException {
        int b = read();
        if (b < 0) {
            throw new EOFException("file " + path + " is truncated");
        }
        return b;
    }

    private int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
