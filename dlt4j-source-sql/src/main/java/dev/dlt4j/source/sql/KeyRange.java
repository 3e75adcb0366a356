package dev.dlt4j.source.sql;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One part of a table split by a column: rows with {@code lower <= column < upper}, or
 * {@code <= upper} for the last part ({@code upperClosed}), and the rows whose column is NULL when
 * {@code nulls} (the first part of a nullable column: a range never matches NULL, and one JVM reads
 * those rows too). The bounds count what {@code kind} says: integer keys, or the days or microseconds
 * of a date or timestamp column (an incremental backfill's {@code [start, end)} windows). The
 * {@code partition} setting of a split run carries it to an executor as plain values (an integer range
 * without a {@code kind}, as before temporal windows existed).
 */
record KeyRange(String table, String column, BoundKind kind, long lower, long upper, boolean upperClosed,
        boolean nulls) {

    static final String SETTING = "partition";

    Map<String, Object> toSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", table);
        m.put("column", column);
        if (kind != BoundKind.INTEGER) {
            m.put("kind", kind.settingName());
        }
        m.put("lower", lower);
        m.put("upper", upper);
        m.put("upper_closed", upperClosed);
        m.put("nulls", nulls);
        return m;
    }

    static KeyRange fromSettings(Object raw) {
        if (!(raw instanceof Map<?, ?> m) || !(m.get("table") instanceof String table)
                || !(m.get("column") instanceof String column) || !(m.get("lower") instanceof Number lower)
                || !(m.get("upper") instanceof Number upper) || !(m.get("upper_closed") instanceof Boolean closed)) {
            throw new IllegalArgumentException("sql_database setting partition must be a table with table, column,"
                    + " lower, upper and upper_closed (made by a split run), got " + raw);
        }
        BoundKind kind = m.get("kind") == null ? BoundKind.INTEGER : BoundKind.fromSettingName(m.get("kind"));
        return new KeyRange(table, column, kind, lower.longValue(), upper.longValue(), closed,
                Boolean.TRUE.equals(m.get("nulls")));
    }

    /** The condition, with {@code quote} around the column name. */
    String where(String quote) {
        String q = quote + column.replace(quote, quote + quote) + quote;
        String range = q + " >= " + kind.literal(lower) + " AND " + q + (upperClosed ? " <= " : " < ")
                + kind.literal(upper);
        return nulls ? "(" + range + " OR " + q + " IS NULL)" : range;
    }

    @Override
    public String toString() {
        return table + "." + column + " in [" + kind.text(lower) + ", " + kind.text(upper)
                + (upperClosed ? "]" : ")") + (nulls ? " or null" : "");
    }
}
