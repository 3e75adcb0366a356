package dev.dlt4j.normalize;

import dev.dlt4j.Column;
import dev.dlt4j.spi.JobFileName;
import java.util.List;

/**
 * Writes the normalized rows of one table into load job files of one format, appending to the
 * file every {@code buffer_max_items} rows and rotating at {@code file_max_items} /
 * {@code file_max_bytes}. Used by one normalize worker thread.
 */
interface TableFileWriter extends AutoCloseable {
    void beginRow();

    /** One non-null value of the current row, already coerced to the column's type. */
    void value(Column column, Object value);

    void endRow();

    long rows();

    /** Makes sure the table has a (possibly empty) job file, so a replace truncates it. */
    void touch();

    /** The job files written so far, in order. */
    List<JobFileName> files();

    /** Rows in each closed job file, in order: recorded in the package so the loader can check them. */
    java.util.Map<JobFileName, Long> rowsPerFile();

    @Override
    void close();
}
