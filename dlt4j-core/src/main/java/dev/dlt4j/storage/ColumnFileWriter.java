package dev.dlt4j.storage;

import dev.dlt4j.Column;
import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataType;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * The encoder of dlt4j's internal extracted-file format {@code typed-columns}: rows whose columns
 * and types were known before the rows ({@link ColumnPage}s, records and beans of one class with
 * scalar properties). After a magic line, a file holds its columns once (name, type, nullability,
 * precision, scale, timezone), then its rows: a row marker, a null bitmap, and each non-null value
 * positionally in its column's binary form. No key and no type tag is written per value, and
 * nothing is inferred: the reader knows each value's type from the header.
 *
 * <p>A file has one set of columns. When an item brings other columns, the table writer rotates to
 * a new file first ({@link #columns()} tells the current ones). Files, buffering, rotation and gzip
 * are the {@link BufferedDataWriter}'s; rows are held here, encoded, until it appends them. A string
 * with a lone UTF-16 surrogate is refused with an {@link InvalidTextException}, as in
 * {@code typed-rows}. Not thread-safe: one encoder per table writer.
 */
public final class ColumnFileWriter implements ItemEncoder {
    /** The format's name and the extracted files' extension: {@value}. */
    public static final String FORMAT = "typed-columns";
    static final byte[] MAGIC = "DLT4J-COLUMNS/1\n".getBytes(StandardCharsets.US_ASCII);
    static final int ROW = 'R';
    static final int HEADER = 'H';

    private byte[] buf = new byte[1 << 16];
    private int pos;
    private List<Column> columns;
    private DataType[] types = new DataType[0];
    private boolean headerWritten;

    @Override
    public String format() {
        return FORMAT;
    }

    /** The columns of the rows encoded now, or {@code null} before the first. */
    public List<Column> columns() {
        return columns;
    }

    /**
     * Sets the columns of the rows encoded from now on. Only with nothing buffered and the file
     * closed (or not yet written to): the caller rotates first when the columns change.
     */
    public void columns(List<Column> value) {
        if (pos != 0 || headerWritten) {
            throw new IllegalStateException("the columns of a typed-columns file change only between files");
        }
        this.columns = List.copyOf(value);
        this.types = new DataType[columns.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = columns.get(i).dataType();
        }
    }

    /** Encodes every row of a page whose columns are {@link #columns()}. */
    public void page(ColumnPage page) {
        int n = page.rowCount();
        int cols = types.length;
        int bitmap = (cols + 7) >>> 3;
        for (int r = 0; r < n; r++) {
            ensure(1 + bitmap);
            buf[pos++] = (byte) ROW;
            int mapAt = pos;
            for (int i = 0; i < bitmap; i++) {
                buf[pos++] = 0;
            }
            for (int c = 0; c < cols; c++) {
                if (page.isNull(c, r)) {
                    buf[mapAt + (c >>> 3)] |= (byte) (1 << (c & 7));
                    continue;
                }
                switch (types[c]) {
                    case BIGINT -> writeZigZag(page.getLong(c, r));
                    case DOUBLE -> writeDouble(page.getDouble(c, r));
                    case BOOL -> {
                        ensure(1);
                        buf[pos++] = (byte) (page.getBoolean(c, r) ? 1 : 0);
                    }
                    default -> writeObject(types[c], page.get(c, r));
                }
            }
        }
    }

    /**
     * Encodes one row of Java values of {@link #columns()}' types ({@code null} for null), as
     * {@link ColumnPage} converts them: any integral number for {@code BIGINT}, any floating one for
     * {@code DOUBLE}, the text of a UUID or character and the name of an enum for {@code TEXT}.
     */
    public void row(Object[] values) {
        int cols = types.length;
        int bitmap = (cols + 7) >>> 3;
        ensure(1 + bitmap);
        buf[pos++] = (byte) ROW;
        int mapAt = pos;
        for (int i = 0; i < bitmap; i++) {
            buf[pos++] = 0;
        }
        for (int c = 0; c < cols; c++) {
            Object v = values[c];
            if (v == null) {
                buf[mapAt + (c >>> 3)] |= (byte) (1 << (c & 7));
                continue;
            }
            switch (types[c]) {
                case BIGINT -> writeZigZag(((Number) v).longValue());
                case DOUBLE -> writeDouble(((Number) v).doubleValue());
                case BOOL -> {
                    ensure(1);
                    buf[pos++] = (byte) ((Boolean) v ? 1 : 0);
                }
                case TEXT -> writeString(v instanceof String s ? s : v instanceof Enum<?> e ? e.name() : v.toString());
                default -> writeObject(types[c], v);
            }
        }
    }

    private void writeObject(DataType type, Object v) {
        switch (type) {
            case TEXT -> writeString((String) v);
            case DECIMAL -> writeString(((BigDecimal) v).toString());
            case TIMESTAMP -> {
                Instant i = (Instant) v;
                writeZigZag(i.getEpochSecond());
                writeVarLong(i.getNano());
            }
            case DATE -> writeZigZag(((LocalDate) v).toEpochDay());
            case TIME -> writeVarLong(((LocalTime) v).toNanoOfDay());
            case BINARY -> {
                byte[] b = (byte[]) v;
                writeVarLong(b.length);
                writeBytes(b, 0, b.length);
            }
            default -> throw new IllegalStateException("a typed-columns file cannot hold a " + type + " column");
        }
    }

    private void writeHeader(OutputStream out) throws IOException {
        // written in front of the file's first rows, so a file is read on its own
        byte[] rows = buf;
        int rowBytes = pos;
        buf = new byte[256];
        pos = 0;
        ensure(1);
        buf[pos++] = (byte) HEADER;
        writeVarLong(columns.size());
        for (Column c : columns) {
            writeString(c.name());
            writeString(c.dataType().dltName());
            int flags = (c.nullable() ? 1 : 0) | (c.timezone() ? 2 : 0) | (c.precision().isPresent() ? 4 : 0)
                    | (c.scale().isPresent() ? 8 : 0);
            writeVarLong(flags);
            writeVarLong(c.precision().orElse(0));
            writeVarLong(c.scale().orElse(0));
        }
        out.write(buf, 0, pos);
        buf = rows;
        pos = rowBytes;
        headerWritten = true;
    }

    private void writeZigZag(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    private void writeDouble(double v) {
        long bits = Double.doubleToRawLongBits(v);
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (bits >>> (8 * i));
        }
    }

    private void writeString(String s) {
        int n = s.length();
        if (n < 128) {
            ensure(1 + n);
            int lenPos = pos++;
            boolean ascii = true;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    ascii = false;
                    break;
                }
                buf[pos + i] = (byte) c;
            }
            if (ascii) {
                buf[lenPos] = (byte) n;
                pos += n;
                return;
            }
            pos = lenPos;
        }
        int bad = InvalidTextException.loneSurrogate(s);
        if (bad >= 0) {
            throw new InvalidTextException(s.charAt(bad), bad);
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarLong(b.length);
        writeBytes(b, 0, b.length);
    }

    private void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    private void writeBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    private void ensure(int n) {
        if (buf.length - pos < n) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    @Override
    public void startFile(OutputStream out) throws IOException {
        out.write(MAGIC);
        headerWritten = false;
    }

    @Override
    public void writeBuffered(OutputStream out) throws IOException {
        if (!headerWritten) {
            writeHeader(out);
        }
        out.write(buf, 0, pos);
        pos = 0;
        out.flush();
    }

    @Override
    public void endFile(OutputStream out) {
        headerWritten = false;
    }

    @Override
    public void discard() {
        pos = 0;
    }
}
