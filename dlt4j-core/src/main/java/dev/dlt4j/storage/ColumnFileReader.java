package dev.dlt4j.storage;

import static dev.dlt4j.storage.ColumnFileWriter.FORMAT;
import static dev.dlt4j.storage.ColumnFileWriter.HEADER;
import static dev.dlt4j.storage.ColumnFileWriter.MAGIC;
import static dev.dlt4j.storage.ColumnFileWriter.ROW;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
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
    private final VarIntInput in;
    private List<Column> columns = List.of();
    private DataType[] types = new DataType[0];
    private String[] names = new String[0];

    public ColumnFileReader(Path path) throws IOException {
        this.path = path;
        this.in = new VarIntInput(path,
                FileCodecs.openInput(path));
        in.expectMagic(MAGIC, FORMAT);
        int b = in.read();
        if (b < 0) {
            return; // an empty file (an empty replace): no columns, no rows
        }
        if (b != HEADER) {
            throw new DamagedFileException("file " + path + " is corrupt: expected its columns, found " + b);
        }
        int n = in.length();
        List<Column> cols = new ArrayList<>(Math.min(n, 1024));
        try {
            for (int i = 0; i < n; i++) {
                String name = in.readString();
                DataType type = DataType.fromDltName(in.readString());
                int flags = (int) in.readVarLong();
                int precision = (int) in.readVarLong();
                int scale = (int) in.readVarLong();
                Column.Builder c = Column.builder(name, type).nullable((flags & 1) != 0).timezone((flags & 2) != 0);
                c.precision((flags & 4) != 0 ? java.util.OptionalInt.of(precision) : java.util.OptionalInt.empty(),
                        (flags & 8) != 0 ? java.util.OptionalInt.of(scale) : java.util.OptionalInt.empty());
                cols.add(c.build());
            }
        } catch (RuntimeException e) {
            throw corrupt(e); // a type, name, precision or scale no writer writes
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
        int b = in.read();
        if (b < 0) {
            return false;
        }
        if (b != ROW) {
            throw new DamagedFileException("file " + path + " is corrupt: expected a row marker, found " + b);
        }
        int cols = types.length;
        int bitmap = (cols + 7) >>> 3;
        byte[] nulls = bitmap <= 8 ? smallMap : new byte[bitmap];
        for (int i = 0; i < bitmap; i++) {
            nulls[i] = (byte) in.readByte();
        }
        try {
            readValues(values, cols, nulls);
        } catch (RuntimeException e) {
            throw corrupt(e);
        }
        return true;
    }

    /** A value that cannot be (a date out of range, a decimal that is no number, a type no writer writes). */
    private DamagedFileException corrupt(RuntimeException e) {
        return new DamagedFileException("file " + path + " is corrupt: " + e, e);
    }

    private void readValues(Object[] values, int cols, byte[] nulls) throws IOException {
        for (int c = 0; c < cols; c++) {
            if ((nulls[c >>> 3] & (1 << (c & 7))) != 0) {
                values[c] = null;
                continue;
            }
            values[c] = switch (types[c]) {
                case BIGINT -> in.readZigZag();
                case DOUBLE -> in.readDouble();
                case BOOL -> in.readByte() != 0;
                case TEXT -> in.readString();
                case DECIMAL -> new BigDecimal(in.readString());
                case TIMESTAMP -> Instant.ofEpochSecond(in.readZigZag(), in.readVarLong());
                case DATE -> LocalDate.ofEpochDay(in.readZigZag());
                case TIME -> LocalTime.ofNanoOfDay(in.readVarLong());
                case BINARY -> in.readBytes(in.length());
                default -> throw new DamagedFileException("file " + path + " is corrupt: column type " + types[c]);
            };
        }
    }

    private final byte[] smallMap = new byte[8];

    @Override
    public void close() throws IOException {
        in.close();
    }
}
