package dev.dlt4j.source.sql;

import java.util.Objects;

/**
 * One column of a table as the database describes it: JDBC type and type name, size (length or
 * precision) and decimal digits where the database gives them (0 where not), nullability, and the
 * {@link ColumnKind} its values are read as. {@code mapped} is false for a vendor type dlt has no
 * type for, which loads as text.
 */
record SqlColumn(String name, ColumnKind kind, String typeName, int size, int digits, boolean nullable,
        boolean mapped) {
    SqlColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(typeName, "typeName");
    }
}
