package dev.dlt4j.normalize;

import dev.dlt4j.Column;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared half of job file formats whose columns are fixed when a file's first rows are
 * written (csv's header, parquet's schema): rows are held as value arrays until the writer
 * appends them, and a row that brings a new column is held aside so the rows so far are closed
 * into their file and the row starts a wider one (as dlt does). Subclasses only begin, write and
 * end one file.
 */
abstract class ColumnarEncoder extends RowEncoder {
    private final List<Column> header = new ArrayList<>();
    private final Map<String, Integer> position = new HashMap<>();
    private final List<Object[]> buffered = new ArrayList<>();
    private Object[] row = new Object[16];
    /** Header size before the current row; a larger one at row end means the column set grew. */
    private int headerBeforeRow;
    /** A row that widened the header, held until the rows before it are in their file. */
    private Object[] widening;
    /** The open file's columns were fixed by its first rows. */
    private boolean fileStarted;

    /** Begins a file with these columns (its first rows follow). */
    abstract void beginFile(OutputStream out, List<Column> columns) throws IOException;

    /** Appends rows to the begun file; each holds values in column order, possibly shorter than the columns. */
    abstract void writeRows(OutputStream out, List<Object[]> rows, int width) throws IOException;

    /** Ends a begun file. */
    abstract void finishFile(OutputStream out) throws IOException;

    @Override
    void beginRow() {
        headerBeforeRow = header.size();
        Arrays.fill(row, null);
    }

    @Override
    void value(Column column, Object value) {
        Integer at = position.get(column.name());
        if (at == null) {
            at = header.size();
            header.add(column);
            position.put(column.name(), at);
            if (at >= row.length) {
                row = Arrays.copyOf(row, Math.max(row.length * 2, at + 1));
            }
        }
        row[at] = value;
    }

    @Override
    boolean endRow() {
        Object[] values = Arrays.copyOf(row, header.size());
        if (header.size() > headerBeforeRow) {
            widening = values;
            return true;
        }
        buffered.add(values);
        return false;
    }

    @Override
    void admitRow() {
        buffered.add(widening);
        widening = null;
    }

    @Override
    public void writeBuffered(OutputStream out) throws IOException {
        // while a widening row waits, the rows before it keep the narrower columns
        int width = widening != null ? headerBeforeRow : header.size();
        if (!fileStarted) {
            beginFile(out, List.copyOf(header.subList(0, width)));
            fileStarted = true;
        }
        writeRows(out, buffered, width);
        buffered.clear();
    }

    @Override
    public void endFile(OutputStream out) throws IOException {
        if (fileStarted) {
            fileStarted = false;
            finishFile(out);
        }
    }

    @Override
    public void discard() {
        buffered.clear();
        widening = null;
    }
}
