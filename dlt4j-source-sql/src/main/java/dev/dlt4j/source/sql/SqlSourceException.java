package dev.dlt4j.source.sql;

/**
 * The SQL source cannot read what it was asked to: the database is unreachable, refuses the login,
 * lacks the schema or table, or denies {@code SELECT}. The message names the host, port, database
 * and table(s) (never a password) and says how to fix it. Thrown when the source is built, before
 * anything is extracted, so nothing is half-loaded; a failure while a table streams is wrapped by
 * the pipeline's extract error.
 */
public final class SqlSourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SqlSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
