package dev.dlt4j.source.sql;

import dev.dlt4j.IncrementalCursor;
import dev.dlt4j.LastValueFunc;
import dev.dlt4j.OnCursorValueMissing;
import dev.dlt4j.RangeBound;
import dev.dlt4j.RowOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query that reads one table in one run: {@code SELECT * FROM table}, or with an incremental
 * cursor on one of its columns the range pushed into the database, as dlt's {@code sql_table}
 * does: {@code WHERE col >= ?} from the cursor's start value ({@code >} for an open start,
 * {@code <=} / {@code <} with {@code min}), the end value likewise, and {@code ORDER BY col} when
 * the incremental declares a row order. The extract stage still filters and deduplicates the
 * rows; pushing the range only keeps the database from sending rows that would be dropped.
 */
record IncrementalQuery(String sql, List<Object> parameters) {
    private static final Logger LOG = LoggerFactory.getLogger(IncrementalQuery.class);

    IncrementalQuery {
        parameters = List.copyOf(parameters);
    }

    static IncrementalQuery of(SqlTable table, String baseSql, String quote, Optional<IncrementalCursor> cursor) {
        if (cursor.isEmpty()) {
            return new IncrementalQuery(baseSql, List.of());
        }
        IncrementalCursor c = cursor.get();
        Optional<SqlColumn> column = table.columns().stream().filter(col -> col.name().equals(c.cursorPath()))
                .findFirst();
        boolean max = c.lastValueFunc() == LastValueFunc.MAX;
        if (column.isEmpty() || !(max || c.lastValueFunc() == LastValueFunc.MIN)) {
            // a nested path or a custom order: the database cannot compare it; extract filters alone
            return new IncrementalQuery(baseSql, List.of());
        }
        SqlColumn col = column.get();
        String q = quote + col.name().replace(quote, quote + quote) + quote;
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        try {
            Optional<Object> start = c.startValue().map(v -> parameter(v, col.kind()));
            Optional<Object> end = c.endValue().map(v -> parameter(v, col.kind()));
            if (start.isPresent()) {
                boolean open = c.rangeStart() == RangeBound.OPEN;
                where.add(q + (max ? (open ? " > ?" : " >= ?") : (open ? " < ?" : " <= ?")));
                params.add(start.get());
            }
            if (end.isPresent()) {
                boolean closed = c.rangeEnd() == RangeBound.CLOSED;
                where.add(q + (max ? (closed ? " <= ?" : " < ?") : (closed ? " >= ?" : " > ?")));
                params.add(end.get());
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            LOG.warn("table {}: the cursor value of {} cannot be given to the database as {} ({}); the range is"
                    + " filtered after reading instead", table.displayName(), col.name(), col.typeName(), e.getMessage());
            return new IncrementalQuery(baseSql, List.of());
        }
        String range = String.join(" AND ", where);
        // as dlt's sql_table: rows without a cursor value are kept by every run when included
        if (!range.isEmpty() && c.onCursorValueMissing() == OnCursorValueMissing.INCLUDE) {
            range = "(" + range + ") OR " + q + " IS NULL";
        } else if (c.onCursorValueMissing() == OnCursorValueMissing.EXCLUDE) {
            range = range.isEmpty() ? q + " IS NOT NULL" : range + " AND " + q + " IS NOT NULL";
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM ");
        sql.append(table.query().isPresent() ? "(" + baseSql + ") q" : table.qualifiedName());
        if (!range.isEmpty()) {
            sql.append(" WHERE ").append(range);
        }
        Optional<RowOrder> order = c.rowOrder();
        if (order.isPresent()) {
            sql.append(" ORDER BY ").append(q).append(order.get() == RowOrder.DESC ? " DESC" : " ASC");
        }
        return new IncrementalQuery(sql.toString(), params);
    }

    /** A cursor value (as the state keeps it: a number, a string, a date or time) as the column's JDBC parameter. */
    static Object parameter(Object v, ColumnKind kind) {
        switch (kind) {
            case BIGINT:
                if (v instanceof Number n) {
                    return n.longValue();
                }
                return Long.parseLong(v.toString().trim());
            case DECIMAL:
                return v instanceof BigDecimal d ? d : new BigDecimal(v.toString().trim());
            case DOUBLE:
                return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
            case DATE:
                if (v instanceof LocalDate d) {
                    return d;
                }
                return LocalDate.parse(v.toString().trim().substring(0, Math.min(10, v.toString().trim().length())));
            case TIME:
                return v instanceof LocalTime t ? t : LocalTime.parse(v.toString().trim());
            case TIMESTAMP:
                return instant(v).atOffset(ZoneOffset.UTC).toLocalDateTime(); // naive columns hold UTC, as loaded
            case TIMESTAMP_TZ, INSTANT:
                return instant(v).atOffset(ZoneOffset.UTC);
            case TEXT:
                return v.toString();
            default:
                throw new IllegalArgumentException("no comparison for a " + kind + " column");
        }
    }

    private static Instant instant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (v instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        String s = v.toString().trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        }
    }
}
