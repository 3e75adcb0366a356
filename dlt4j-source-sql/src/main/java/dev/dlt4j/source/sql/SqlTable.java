package dev.dlt4j.source.sql;

import java.util.List;
import java.util.Optional;

/**
 * A table (or a custom query named as a table) as reflected once, when the source is built: its
 * columns in order, its primary key, and the query that reads it.
 */
record SqlTable(String schema, String name, List<SqlColumn> columns, List<String> primaryKey, String qualifiedName,
        Optional<String> query) {
    SqlTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /** {@code schema.table}, as messages name it. */
    String displayName() {
        return schema == null || schema.isEmpty() ? name : schema + "." + name;
    }
}
