package dev.dlt4j.extract;

import dev.dlt4j.config.DataWriterConfig;
import dev.dlt4j.storage.JobCount;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.RowFileWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The buffered writer of one table in one extract package. Rows are encoded as they arrive and
 * appended to the table's current file once {@code buffer_max_items} rows are buffered; a page is
 * never split across appends. After an append the file rotates when it holds
 * {@code file_max_items} rows or {@code file_max_bytes} uncompressed bytes.
 */
final class TableWriter implements AutoCloseable {
    private final LoadPackage pkg;
    private final String table;
    private final DataWriterConfig config;
    private final int bufferItems;
    private RowFileWriter current;
    private JobFileName currentName;
    /** Rows and bytes of each closed file, by job id. */
    private final Map<String, JobCount> fileCounts = new LinkedHashMap<>();
    private int buffered;
    private long rows;
    private long flushes;
    private int files;

    TableWriter(LoadPackage pkg, String table, DataWriterConfig config) {
        this.pkg = pkg;
        this.table = table;
        this.config = config;
        this.bufferItems = config.effectiveBufferItems();
    }

    /** Encodes one row into the buffer. Call {@link #endItem()} after each item (row or page). */
    void write(Object row) {
        if (current == null) {
            open();
        }
        ValueEncoder.encodeRow(row, current, table);
        buffered++;
        rows++;
    }

    /** Ends one item: appends the buffer to the file when it is full, then rotates if the file is full. */
    void endItem() {
        if (buffered >= bufferItems) {
            flush();
        }
    }

    private void flush() {
        if (current == null || buffered == 0) {
            return;
        }
        current.flush();
        flushes++;
        buffered = 0;
        boolean full = (config.fileMaxBytes() > 0 && current.uncompressedBytes() >= config.fileMaxBytes())
                || (config.fileMaxItems() > 0 && current.rows() >= config.fileMaxItems());
        if (full) {
            closeCurrent();
        }
    }

    /** Makes sure a file exists for this table even when no row was written (an empty replace). */
    void touch() {
        if (current == null && files == 0) {
            open();
        }
    }

    private void open() {
        JobFileName name = JobFileName.create(table, RowFileWriter.FORMAT, !config.disableCompression());
        try {
            current = new RowFileWriter(pkg.jobPath(JobState.NEW, name), !config.disableCompression());
            currentName = name;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create extract file for table " + table, e);
        }
        files++;
    }

    private void closeCurrent() {
        try {
            current.close();
            fileCounts.put(currentName.jobId(), new JobCount(current.rows(), LoadPackage.size(current.path())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close extract file " + current.path(), e);
        } finally {
            current = null;
        }
    }

    /** Rows and bytes of every file this writer closed, by job id. */
    Map<String, JobCount> fileCounts() {
        return fileCounts;
    }

    long rows() {
        return rows;
    }

    long flushes() {
        return flushes;
    }

    int files() {
        return files;
    }

    String table() {
        return table;
    }

    @Override
    public void close() {
        if (current != null) {
            if (buffered > 0) {
                current.flush();
                flushes++;
                buffered = 0;
            }
            closeCurrent();
        }
    }

    /** Closes the file without appending what is buffered: used when extraction failed. */
    void abort() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // the package is discarded anyway
            }
            current = null;
        }
    }
}
