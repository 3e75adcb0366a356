package dev.dlt4j.sql;

import dev.dlt4j.Column;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How one SQL database spells what {@link SqlDestinationClient} writes: names, column types,
 * literals, and the few statements where databases differ. Only {@link #columnType} and
 * {@link #insertionOrder} have no default; the defaults are standard SQL. Implementations are
 * stateless and shared by every client and thread.
 */
public interface SqlDialect {

    /** The database's type for a column of the schema (dlt's type mapping of that destination). */
    String columnType(Column column);

    /** A pseudo-column that orders a table's rows by insertion (DuckDB {@code rowid}, PostgreSQL {@code ctid}). */
    String insertionOrder();

    /** A quoted identifier: {@code "name"}, inner quotes doubled. */
    default String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** A string literal: {@code 'text'}, inner quotes doubled. */
    default String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A timestamp-with-time-zone literal. */
    default String timestamp(Instant value) {
        return "TIMESTAMPTZ '" + value + "'";
    }

    /** A timestamp as a JDBC parameter, in the type the driver stores as a timestamp with time zone. */
    default Object timestampParameter(Instant value) {
        return Timestamp.from(value);
    }

    /** The column in {@code CREATE TABLE}: name, type, {@code NOT NULL} (and constraints a database adds). */
    default String columnDefinition(Column column) {
        return quote(column.name()) + " " + columnType(column) + (column.nullable() ? "" : " NOT NULL");
    }

    /**
     * The statements that add {@code columns} to {@code qualifiedTable}, nullable (a table with
     * rows cannot get a {@code NOT NULL} column, and dlt adds them nullable too). Default: one
     * {@code ALTER TABLE} per column, which every database accepts.
     */
    default List<String> addColumns(String qualifiedTable, List<Column> columns) {
        List<String> out = new ArrayList<>();
        for (Column c : columns) {
            out.add("ALTER TABLE " + qualifiedTable + " ADD COLUMN " + quote(c.name()) + " " + columnType(c));
        }
        return out;
    }

    /** The statements that empty the tables (all exist). Default: a {@code DELETE FROM} each. */
    default List<String> truncate(List<String> qualifiedTables) {
        return qualifiedTables.stream().map(t -> "DELETE FROM " + t).toList();
    }

    /**
     * True when {@code e} cannot pass on a retry (bad data, a constraint, bad SQL, missing rights, a
     * limit of the server such as a table's most columns): the job fails terminally. Default:
     * SQLSTATE classes 22, 23, 42 and 54 (program limit exceeded) of the SQL standard; anything else
     * (connection loss, lock timeout, deadlock) is retried.
     */
    default boolean isTerminal(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("22") || state.startsWith("23") || state.startsWith("42") || state.startsWith("54");
    }
}
