package dev.dlt4j;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Comparator;

/**
 * The natural order of cursor values behind {@link LastValueFunc#MAX} and {@code MIN}: numbers by
 * value whatever their class, instants (and offset or zoned date-times) by instant, and otherwise
 * two values of one {@code Comparable} class. Anything else is an {@link IllegalArgumentException}
 * naming both values and their types, which the extract stage reports with the resource.
 */
final class CursorOrder {
    static final Comparator<Object> NATURAL = CursorOrder::compare;

    private CursorOrder() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y);
        }
        Instant ia = instant(a);
        Instant ib = instant(b);
        if (ia != null && ib != null) {
            return ia.compareTo(ib);
        }
        if (a instanceof Comparable ca && a.getClass() == b.getClass()) {
            return ca.compareTo(b);
        }
        throw new IllegalArgumentException("cursor values " + describe(a) + " and " + describe(b)
                + " cannot be compared: a cursor's values must all be numbers, all timestamps, all dates or"
                + " all strings");
    }

    static String describe(Object v) {
        return v == null ? "null" : "'" + v + "' (" + v.getClass().getSimpleName() + ")";
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
        return null;
    }

    private static int compareNumbers(Number x, Number y) {
        if (isIntegral(x) && isIntegral(y) && !(x instanceof BigInteger) && !(y instanceof BigInteger)) {
            return Long.compare(x.longValue(), y.longValue());
        }
        if ((x instanceof Double || x instanceof Float) && (y instanceof Double || y instanceof Float)) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return decimal(x).compareTo(decimal(y));
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger;
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.toString());
        }
        return BigDecimal.valueOf(n.longValue());
    }
}
