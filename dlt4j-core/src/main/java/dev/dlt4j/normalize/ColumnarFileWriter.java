package dev.dlt4j.normalize;

import dev.dlt4j.config.DataWriterConfig;
import dev.dlt4j.schema.Column;
import dev.dlt4j.spi.JobFileName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared half of job file formats whose columns are fixed when a file opens (csv's header,
 * parquet's schema): rows are held as value arrays until {@code buffer_max_items} of them are
 * buffered, a row that brings a new column closes the rows so far into their file and starts a
 * wider one (as dlt does), and files rotate at {@code file_max_items} / {@code file_max_bytes}.
 * Subclasses only open, write and close one file.
 */
abstract class ColumnarFileWriter implements TableFileWriter {
    final String table;
    final DataWriterConfig config;
    private final String format;
    private final int bufferItems;
    private final List<JobFileName> files = new ArrayList<>();
    private final Map<JobFileName, Long> rowsPerFile = new java.util.LinkedHashMap<>();
    private final List<Column> header = new ArrayList<>();
    private final Map<String, Integer> position = new HashMap<>();
    private final List<Object[]> buffered = new ArrayList<>();
    private Object[] row = new Object[16];
    /** Header size before the current row; a larger one at row end means the column set grew. */
    private int headerBeforeRow;
    private boolean open;
    private long rowsInFile;
    private long rows;

    ColumnarFileWriter(String table, DataWriterConfig config, String format) {
        this.table = table;
        this.config = config;
        this.format = format;
        this.bufferItems = config.effectiveBufferItems();
    }

    /** Creates the next file with these columns and returns its name. */
    abstract JobFileName openFile(List<Column> columns) throws IOException;

    /** Appends rows to the open file; each holds values in column order, possibly shorter than the columns. */
    abstract void writeRows(List<Object[]> rows, int width) throws IOException;

    /** Uncompressed bytes in the open file, for {@code file_max_bytes}. */
    abstract long bytesInFile();

    abstract void closeFile() throws IOException;

    /** A file without rows, so that a replace still truncates the table. */
    abstract JobFileName emptyFile() throws IOException;

    @Override
    public void beginRow() {
        headerBeforeRow = header.size();
        Arrays.fill(row, null);
    }

    @Override
    public void value(Column column, Object value) {
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
    public void endRow() {
        Object[] values = Arrays.copyOf(row, header.size());
        if (header.size() > headerBeforeRow && (rowsInFile > 0 || !buffered.isEmpty())) {
            // the rows so far keep the narrower columns; this row starts a new file
            List<Column> wider = new ArrayList<>(header);
            header.subList(headerBeforeRow, header.size()).clear();
            flush();
            closeCurrent();
            header.clear();
            header.addAll(wider);
        }
        buffered.add(values);
        rows++;
        rowsInFile++;
        if (buffered.size() >= bufferItems) {
            flush();
        }
    }

    private void flush() {
        if (buffered.isEmpty()) {
            return;
        }
        try {
            if (!open) {
                files.add(openFile(List.copyOf(header)));
                open = true;
            }
            writeRows(buffered, header.size());
            buffered.clear();
            if ((config.fileMaxItems() > 0 && rowsInFile >= config.fileMaxItems())
                    || (config.fileMaxBytes() > 0 && bytesInFile() >= config.fileMaxBytes())) {
                closeCurrent();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + format + " job file for table " + table, e);
        }
    }

    private void closeCurrent() {
        if (open) {
            try {
                closeFile();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + format + " job file for table " + table, e);
            }
            open = false;
            rowsPerFile.put(files.get(files.size() - 1), rowsInFile);
        }
        rowsInFile = 0;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public void touch() {
        if (files.isEmpty() && !open) {
            try {
                files.add(emptyFile());
                rowsPerFile.put(files.get(0), 0L);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + format + " job file for table " + table, e);
            }
        }
    }

    @Override
    public List<JobFileName> files() {
        return files;
    }

    @Override
    public Map<JobFileName, Long> rowsPerFile() {
        return rowsPerFile;
    }

    @Override
    public void close() {
        flush();
        closeCurrent();
    }
}
