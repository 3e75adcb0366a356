package dev.dlt4j.normalize;

import dev.dlt4j.Column;
import dev.dlt4j.storage.ItemEncoder;

/**
 * A load job format's encoder of normalized rows: the relational normalizer hands it each row as
 * {@code beginRow(); value(..)…; endRow()} through a {@link JobFileWriter}, and the storage's
 * buffered writer has it append the rows it holds to the open job file. Used by one normalize
 * worker thread.
 */
abstract class RowEncoder implements ItemEncoder {
    abstract void beginRow();

    /** One non-null value of the current row, already coerced to the column's type. */
    abstract void value(Column column, Object value);

    /**
     * Ends the row. Returns true when the row brought columns a file's fixed header lacks: the
     * encoder then holds the row aside, the caller closes the rows so far into their file if
     * there are any, and calls {@link #admitRow()}. Formats that take new columns anywhere return false.
     */
    abstract boolean endRow();

    /** Adds the row held aside by {@link #endRow()} to the buffer. */
    void admitRow() {
    }
}
