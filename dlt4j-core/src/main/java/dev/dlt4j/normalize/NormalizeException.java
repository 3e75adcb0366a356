package dev.dlt4j.normalize;

/** A row cannot be normalized: the message names the table, the column and what is wrong with the value. */
public final class NormalizeException extends RuntimeException {
    private final String table;
    private final String column;
    private final boolean unreadableFile;

    public NormalizeException(String table, String column, String problem) {
        super("Table " + table + ", column " + column + ": " + problem);
        this.table = table;
        this.column = column;
        this.unreadableFile = false;
    }

    /** A problem of the table as a whole (e.g. a new table its schema contract does not allow). */
    public NormalizeException(String table, String problem) {
        super("Table " + table + ": " + problem);
        this.table = table;
        this.column = "";
        this.unreadableFile = false;
    }

    private NormalizeException(String table, String problem, Throwable cause, boolean unreadableFile) {
        super("Table " + table + ": " + problem, cause);
        this.table = table;
        this.column = "";
        this.unreadableFile = unreadableFile;
    }

    /**
     * An extracted file of the package is missing, truncated, added or damaged: not its data's fault,
     * and no hint or fix of the data helps; its rows must be extracted again.
     */
    public static NormalizeException unreadableFile(String table, String problem, Throwable cause) {
        return new NormalizeException(table, problem, cause, true);
    }

    /** Whether an extracted file, not its data, is what could not be normalized. */
    public boolean unreadableFile() {
        return unreadableFile;
    }

    public String table() {
        return table;
    }

    /** The column, or empty when the problem is the table's. */
    public String column() {
        return column;
    }
}
