package dev.dlt4j.storage;

import dev.dlt4j.Column;
import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataType;
import dev.dlt4j.spi.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

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

    /** The rows encoded since the last append. */
    private final VarIntOutput out = new VarIntOutput(1 << 16);
    /** The columns, encoded in front of a file's first rows. */
    private final VarIntOutput header = new VarIntOutput(256);
    private List<Column> columns;
    private DataType[] types = new DataType[0];
    private boolean headerWritten;

    @Override
    public String format() {
        return FORMAT;
    }

    /** An extracted file: internal, so in the extracted files' codec rather than dlt's gzip. */
    @Override
    public Optional<Compression.Codec> codec() {
        return Optional.of(Compression.EXTRACTED_FILES);
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
        if (out.size() != 0 || headerWritten) {
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
            out.writeByte(ROW);
            int mapAt = out.zeros(bitmap);
            for (int c = 0; c < cols; c++) {
                if (page.isNull(c, r)) {
                    out.setBit(mapAt, c);
                    continue;
                }
                switch (types[c]) {
                    case BIGINT -> out.writeZigZag(page.getLong(c, r));
                    case DOUBLE -> out.writeDouble(page.getDouble(c, r));
                    case BOOL -> out.writeByte(page.getBoolean(c, r) ? 1 : 0);
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
        out.writeByte(ROW);
        int mapAt = out.zeros(bitmap);
        for (int c = 0; c < cols; c++) {
            Object v = values[c];
            if (v == null) {
                out.setBit(mapAt, c);
                continue;
            }
            switch (types[c]) {
                case BIGINT -> out.writeZigZag(((Number) v).longValue());
                case DOUBLE -> out.writeDouble(((Number) v).doubleValue());
                case BOOL -> out.writeByte((Boolean) v ? 1 : 0);
                case TEXT -> out.writeString(v instanceof String s ? s : v instanceof Enum<?> e ? e.name() : v.toString());
                default -> writeObject(types[c], v);
            }
        }
    }

    private void writeObject(DataType type, Object v) {
        switch (type) {
            case TEXT -> out.writeString((String) v);
            case DECIMAL -> out.writeString(((BigDecimal) v).toString());
            case TIMESTAMP -> {
                Instant i = (Instant) v;
                out.writeZigZag(i.getEpochSecond());
                out.writeVarLong(i.getNano());
            }
            case DATE -> out.writeZigZag(((LocalDate) v).toEpochDay());
            case TIME -> out.writeVarLong(((LocalTime) v).toNanoOfDay());
            case BINARY -> {
                byte[] b = (byte[]) v;
                out.writeVarLong(b.length);
                out.writeBytes(b, 0, b.length);
            }
            default -> throw new IllegalStateException("a typed-columns file cannot hold a " + type + " column");
        }
    }

    private void writeHeader(OutputStream file) throws IOException {
        // written in front of the file's first rows, so a file is read on its own
        header.reset();
        header.writeByte(HEADER);
        header.writeVarLong(columns.size());
        for (Column c : columns) {
            header.writeString(c.name());
            header.writeString(c.dataType().dltName());
            int flags = (c.nullable() ? 1 : 0) | (c.timezone() ? 2 : 0) | (c.precision().isPresent() ? 4 : 0)
                    | (c.scale().isPresent() ? 8 : 0);
            header.writeVarLong(flags);
            header.writeVarLong(c.precision().orElse(0));
            header.writeVarLong(c.scale().orElse(0));
        }
        header.writeTo(file);
        headerWritten = true;
    }

    @Override
    public void startFile(OutputStream file) throws IOException {
        file.write(MAGIC);
        headerWritten = false;
    }

    @Override
    public void writeBuffered(OutputStream file) throws IOException {
        if (!headerWritten) {
            writeHeader(file);
        }
        out.writeTo(file);
        file.flush();
    }

    @Override
    public void endFile(OutputStream file) {
        headerWritten = false;
    }

    @Override
    public void discard() {
        out.reset();
    }
}
