package dev.dlt4j.source.sql;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One part of a table split by an integer column: rows with {@code lower <= column < upper}, or
 * {@code <= upper} for the last part ({@code upperClosed}), and the rows whose column is NULL when
 * {@code nulls} (the first part of a nullable column: a range never matches NULL, and one JVM reads
 * those rows too). The {@code partition} setting of a split run carries it to an executor as plain
 * values.
 */
record KeyRange(String table, String column, long lower, long upper, boolean upperClosed, boolean nulls) {

    static final String SETTING = "partition";

    Map<String, Object> toSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", table);
        m.put("column", column);
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
        return new KeyRange(table, column, lower.longValue(), upper.longValue(), closed,
                Boolean.TRUE.equals(m.get("nulls")));
    }

    /** The condition, with {@code quote} around the column name. */
    String where(String quote) {
        String q = quote + column.replace(quote, quote + quote) + quote;
        String range = q + " >= " + lower + " AND " + q + (upperClosed ? " <= " : " < ") + upper;
        return nulls ? "(" + range + " OR " + q + " IS NULL)" : range;
    }

    @Override
    public String toString() {
        return table + "." + column + " in [" + lower + ", " + upper + (upperClosed ? "]" : ")")
                + (nulls ? " or null" : "");
    }
}
