package dev.dlt4j.normalize;

/** A row cannot be normalized: the message names the table, the column and what is wrong with the value. */
public final class NormalizeException extends RuntimeException {
    private final String table;
    private final String column;

    public NormalizeException(String table, String column, String problem) {
        super("Table " + table + ", column " + column + ": " + problem);
        this.table = table;
        this.column = column;
    }

    /** A problem of the table as a whole (e.g. a new table its schema contract does not allow). */
    public NormalizeException(String table, String problem) {
        super("Table " + table + ": " + problem);
        this.table = table;
        this.column = "";
    }

    /** A file of the package that cannot be read as its writer wrote it ({@code cause}). */
    public NormalizeException(String table, String problem, Throwable cause) {
        super("Table " + table + ": " + problem, cause);
        this.table = table;
        this.column = "";
    }

    public String table() {
        return table;
    }

    /** The column, or empty when the problem is the table's. */
    public String column() {
        return column;
    }
}
