package dev.dlt4j.source.sql;

import java.util.Optional;

/**
 * How a split run cuts one table: the {@code column} to cut into ranges, of {@code kind}, with its
 * {@code [min, max]} in that kind's units ({@code bounds}, empty when the table has no rows), or no
 * column: the table is read whole by one partition. {@code nullable}: the column may hold NULLs,
 * which no range matches.
 */
record TableBounds(String table, Optional<String> column, BoundKind kind, Optional<long[]> bounds,
        boolean nullable) {
}
