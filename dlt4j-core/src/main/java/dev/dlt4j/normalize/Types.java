package dev.dlt4j.normalize;

import dev.dlt4j.schema.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Type inference and coercion of normalized values, following dlt's rules: the {@code iso_timestamp}
 * detector for strings, Java types to dlt types, and the coercion table used when a value meets a
 * column that already has a type. A value that cannot be coerced yields {@link #NO_FIT}.
 */
final class Types {
    /** Returned by {@link #coerce} when the value does not fit the type. */
    static final Object NO_FIT = new Object();
    /** Integers beyond 64 bits that fit in 38 digits become DECIMAL(38,0); longer ones TEXT. */
    static final int MAX_DECIMAL_DIGITS = 38;
    private static final DateTimeFormatter ISO_SPACE = DateTimeFormatter.ofPattern(
            "uuuu-MM-dd HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS][XXX][X]", Locale.ROOT);

    private Types() {
    }

    /** The dlt type of a value seen for the first time in a column ({@code null} for null). */
    static DataType infer(Object v) {
        if (v instanceof String s) {
            return parseTimestamp(s) != null ? DataType.TIMESTAMP : DataType.TEXT;
        }
        if (v instanceof Long) {
            return DataType.BIGINT;
        }
        if (v instanceof Double) {
            return DataType.DOUBLE;
        }
        if (v instanceof Boolean) {
            return DataType.BOOL;
        }
        if (v instanceof BigDecimal) {
            return DataType.DECIMAL;
        }
        if (v instanceof BigInteger bi) {
            return bi.abs().toString().length() <= MAX_DECIMAL_DIGITS ? DataType.DECIMAL : DataType.TEXT;
        }
        if (v instanceof Instant) {
            return DataType.TIMESTAMP;
        }
        if (v instanceof LocalDate) {
            return DataType.DATE;
        }
        if (v instanceof LocalTime) {
            return DataType.TIME;
        }
        if (v instanceof byte[]) {
            return DataType.BINARY;
        }
        if (v instanceof Map || v instanceof List) {
            return DataType.JSON;
        }
        return null;
    }

    /** The value in the representation the load writers expect for {@code type}, or {@link #NO_FIT}. */
    static Object coerce(Object v, DataType type) {
        switch (type) {
            case TEXT:
                if (v instanceof String) {
                    return v;
                }
                if (v instanceof Map || v instanceof List || v instanceof byte[]) {
                    return NO_FIT;
                }
                if (v instanceof BigDecimal d) {
                    return d.toPlainString();
                }
                return v.toString();
            case BIGINT:
                if (v instanceof Long) {
                    return v;
                }
                if (v instanceof Double d) {
                    return d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 9.0e18 ? (Object) d.longValue()
                            : NO_FIT;
                }
                if (v instanceof BigDecimal d) {
                    try {
                        return d.longValueExact();
                    } catch (ArithmeticException e) {
                        return NO_FIT;
                    }
                }
                if (v instanceof String s) {
                    try {
                        String t = s.trim();
                        return t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
                    } catch (NumberFormatException e) {
                        return NO_FIT;
                    }
                }
                if (v instanceof Boolean b) {
                    return b ? 1L : 0L;
                }
                return NO_FIT;
            case DOUBLE:
                if (v instanceof Double) {
                    return v;
                }
                if (v instanceof Long l) {
                    return l.doubleValue();
                }
                if (v instanceof BigDecimal d) {
                    return d.doubleValue();
                }
                if (v instanceof String s) {
                    try {
                        return Double.parseDouble(s.trim());
                    } catch (NumberFormatException e) {
                        return NO_FIT;
                    }
                }
                return NO_FIT;
            case BOOL:
                if (v instanceof Boolean) {
                    return v;
                }
                if (v instanceof String s) {
                    switch (s.trim().toLowerCase(Locale.ROOT)) {
                        case "yes", "true", "t", "y", "1":
                            return Boolean.TRUE;
                        case "no", "false", "f", "n", "0":
                            return Boolean.FALSE;
                        default:
                            return NO_FIT;
                    }
                }
                if (v instanceof Long l) {
                    return l != 0;
                }
                return NO_FIT;
            case DECIMAL:
            case WEI:
                if (v instanceof BigDecimal) {
                    return v;
                }
                if (v instanceof Long l) {
                    return BigDecimal.valueOf(l);
                }
                if (v instanceof BigInteger bi) {
                    return bi.abs().toString().length() <= MAX_DECIMAL_DIGITS ? new BigDecimal(bi) : NO_FIT;
                }
                if (v instanceof Double d) {
                    return d.isNaN() || d.isInfinite() ? NO_FIT : BigDecimal.valueOf(d);
                }
                if (v instanceof String s) {
                    try {
                        return new BigDecimal(s.trim());
                    } catch (NumberFormatException e) {
                        return NO_FIT;
                    }
                }
                return NO_FIT;
            case TIMESTAMP:
                if (v instanceof Instant) {
                    return v;
                }
                if (v instanceof String s) {
                    Object ts = parseTimestamp(s);
                    return ts == null ? NO_FIT : ts;
                }
                if (v instanceof LocalDate d) {
                    return d.atStartOfDay().toInstant(ZoneOffset.UTC);
                }
                if (v instanceof Long l) {
                    return Instant.ofEpochSecond(l);
                }
                if (v instanceof Double d) {
                    long s = (long) Math.floor(d);
                    return Instant.ofEpochSecond(s, (long) ((d - s) * 1e9));
                }
                return NO_FIT;
            case DATE:
                if (v instanceof LocalDate) {
                    return v;
                }
                if (v instanceof String s) {
                    try {
                        return LocalDate.parse(s.trim());
                    } catch (DateTimeParseException e) {
                        Object ts = parseTimestamp(s);
                        return ts == null ? NO_FIT : toInstant(ts).atOffset(ZoneOffset.UTC).toLocalDate();
                    }
                }
                if (v instanceof Instant i) {
                    return i.atOffset(ZoneOffset.UTC).toLocalDate();
                }
                return NO_FIT;
            case TIME:
                if (v instanceof LocalTime) {
                    return v;
                }
                if (v instanceof String s) {
                    try {
                        return LocalTime.parse(s.trim());
                    } catch (DateTimeParseException e) {
                        return NO_FIT;
                    }
                }
                return NO_FIT;
            case BINARY:
                if (v instanceof byte[]) {
                    return v;
                }
                if (v instanceof String s) {
                    try {
                        if (s.startsWith("0x")) {
                            return java.util.HexFormat.of().parseHex(s.substring(2));
                        }
                        return Base64.getDecoder().decode(s);
                    } catch (IllegalArgumentException e) {
                        return NO_FIT;
                    }
                }
                return NO_FIT;
            case JSON:
                if (v instanceof Map || v instanceof List) {
                    return v;
                }
                return NO_FIT;
            default:
                return NO_FIT;
        }
    }

    static Instant toInstant(Object ts) {
        return ts instanceof Instant i ? i : Instant.parse((String) ts);
    }

    /**
     * Parses an ISO-8601 date-time. Returns the string itself when it is already in the canonical
     * UTC form DuckDB and PostgreSQL read ({@code 2024-01-31T12:00:00[.fff]Z}), which saves a
     * parse and a format per value; otherwise an {@code Instant}; {@code null} when it is not a
     * date-time (a date alone stays text, as in dlt).
     */
    static Object parseTimestamp(String s) {
        int n = s.length();
        if (n < 19 || n > 40 || !isDigit(s, 0) || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        char sep = s.charAt(10);
        if (sep != 'T' && sep != ' ' && sep != 't') {
            return null;
        }
        if (sep == 'T' && s.charAt(n - 1) == 'Z' && canonical(s)) {
            return s;
        }
        try {
            if (sep != ' ') {
                TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(s, OffsetDateTime::from,
                        LocalDateTime::from);
                return t instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
            }
            TemporalAccessor t = ISO_SPACE.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
            return t instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}]Z} with plausible field values. */
    private static boolean canonical(String s) {
        int n = s.length();
        if (!(isDigit(s, 0) && isDigit(s, 1) && isDigit(s, 2) && isDigit(s, 3) && isDigit(s, 5) && isDigit(s, 6)
                && isDigit(s, 8) && isDigit(s, 9) && isDigit(s, 11) && isDigit(s, 12) && s.charAt(13) == ':'
                && isDigit(s, 14) && isDigit(s, 15) && s.charAt(16) == ':' && isDigit(s, 17) && isDigit(s, 18))) {
            return false;
        }
        int month = num(s, 5);
        int day = num(s, 8);
        if (month < 1 || month > 12 || day < 1 || day > 28 || num(s, 11) > 23 || num(s, 14) > 59
                || num(s, 17) > 59) {
            return false; // days 29-31 take the slow path, which checks the month length
        }
        if (n == 20) {
            return true;
        }
        if (s.charAt(19) != '.' || n < 22 || n > 30) {
            return false;
        }
        for (int i = 20; i < n - 1; i++) {
            if (!isDigit(s, i)) {
                return false;
            }
        }
        return true;
    }

    private static int num(String s, int i) {
        return (s.charAt(i) - '0') * 10 + (s.charAt(i + 1) - '0');
    }

    private static boolean isDigit(String s, int i) {
        char c = s.charAt(i);
        return c >= '0' && c <= '9';
    }
}
