package dev.dlt4j.extract;

import dev.dlt4j.LastValueFunc;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;

/**
 * Cursor values between Java and the JSON of the pipeline state, in dlt's typed JSON: a date-time is
 * ISO-8601 text after the private-use marker U+F027 ({@code "\uF0272024-05-01T10:00:00+00:00"}), a
 * date after U+F028, a time after U+F02D ({@code dlt.common.json}'s PUA markers), so the type
 * survives the round trip (and dlt reads them as datetimes); numbers, strings and booleans are
 * stored as they are. Also the lag arithmetic of dlt's {@code lag.py}. Stateless; any thread.
 */
final class CursorValues {
    /** dlt's typed JSON marker of a {@code Decimal}: a JSON number would be read back as a double and lose digits. */
    static final char DECIMAL = '\uF026';
    static final char DATETIME = '\uF027';
    /** dlt's typed JSON marker of a UUID. */
    static final char UUID = '\uF029';
    static final char DATE = '\uF028';
    static final char TIME = '\uF02D';
    /** Python's {@code isoformat}: seconds always, the fraction only when there is one, the offset as +hh:mm. */
    private static final java.time.format.DateTimeFormatter ISO = new java.time.format.DateTimeFormatterBuilder()
            .append(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
            .appendPattern("HH:mm:ss").optionalStart()
            .appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private CursorValues() {
    }

    /** A state value back as Java: dlt's marked date-times, dates and times become their types, the rest stays. */
    static Object fromJson(Object v) {
        if (!(v instanceof String s) || s.isEmpty()) {
            return v;
        }
        try {
            switch (s.charAt(0)) {
                case DATETIME: {
                    String iso = s.substring(1);
                    try {
                        OffsetDateTime o = OffsetDateTime.parse(iso);
                        return o.getOffset().equals(ZoneOffset.UTC) ? o.toInstant() : o;
                    } catch (DateTimeParseException e) {
                        return LocalDateTime.parse(iso);
                    }
                }
                case DATE:
                    return LocalDate.parse(s.substring(1));
                case TIME:
                    return java.time.LocalTime.parse(s.substring(1));
                case UUID:
                    try {
                        return java.util.UUID.fromString(s.substring(1));
                    } catch (IllegalArgumentException e) {
                        return v;
                    }
                case DECIMAL:
                    try {
                        return new BigDecimal(s.substring(1));
                    } catch (NumberFormatException e) {
                        return v; // a string that only starts with the marker
                    }
                default:
                    return v;
            }
        } catch (DateTimeParseException e) {
            return v; // not what dlt writes: kept as the text it is
        }
    }

    /** Text for people (the trace): ISO-8601 for temporals, the value itself otherwise. */
    static Object toText(Object v) {
        // the formatters, not toString(): LocalDateTime/OffsetDateTime.toString() drop ":00" seconds
        if (v instanceof OffsetDateTime || v instanceof ZonedDateTime) {
            return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((Temporal) v);
        }
        if (v instanceof LocalDateTime l) {
            return java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(l);
        }
        if (v instanceof java.time.LocalTime t) {
            return java.time.format.DateTimeFormatter.ISO_LOCAL_TIME.format(t);
        }
        if (v instanceof java.time.temporal.TemporalAccessor) {
            return v.toString(); // Instant (always with seconds), LocalDate
        }
        return toJson(v);
    }

    /** The JSON value stored for a cursor value (dlt's typed JSON, see the class comment). */
    static Object toJson(Object v) {
        // JDBC's types (rs.getObject of a timestamp, date or time column) as the java.time values they stand for
        if (v instanceof java.sql.Timestamp ts) {
            return toJson(ts.toLocalDateTime());
        }
        if (v instanceof java.sql.Date d) {
            return toJson(d.toLocalDate());
        }
        if (v instanceof java.sql.Time t) {
            return toJson(t.toLocalTime());
        }
        if (v instanceof java.util.Date d) {
            return toJson(d.toInstant());
        }
        if (v instanceof Instant i) {
            return DATETIME + ISO.format(i.atOffset(ZoneOffset.UTC)) + "+00:00";
        }
        if (v instanceof OffsetDateTime o) {
            return DATETIME + ISO.format(o) + offset(o.getOffset());
        }
        if (v instanceof ZonedDateTime z) {
            return DATETIME + ISO.format(z) + offset(z.getOffset());
        }
        if (v instanceof LocalDateTime l) {
            return DATETIME + ISO.format(l);
        }
        if (v instanceof LocalDate d) {
            return DATE + d.toString();
        }
        if (v instanceof java.time.LocalTime t) {
            return TIME + java.time.format.DateTimeFormatter.ISO_LOCAL_TIME.format(t);
        }
        if (v instanceof BigDecimal d) {
            return DECIMAL + d.toPlainString();
        }
        if (v instanceof java.util.UUID u) {
            return UUID + u.toString();
        }
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            return v;
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : d.toString();
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? f.doubleValue() : f.toString();
        }
        if (v instanceof Number n) {
            return toJson(new BigDecimal(n.toString()));
        }
        return v.toString();
    }

    private static String offset(ZoneOffset o) {
        return o.equals(ZoneOffset.UTC) ? "+00:00" : o.getId();
    }

    /**
     * A value read from the state as the type of {@code like} (a value from the configuration or a
     * row): ISO text becomes an {@code Instant}, {@code OffsetDateTime}, {@code ZonedDateTime},
     * {@code LocalDateTime} or {@code LocalDate} when {@code like} is one; anything else is returned
     * as it is (and the comparison reports what does not fit).
     */
    static Object asTypeOf(Object stored, Object like) {
        // a JDBC cursor (stored as the java.time value) back as the rows' JDBC type, so the two compare
        if (like instanceof java.sql.Timestamp && stored instanceof LocalDateTime l) {
            return java.sql.Timestamp.valueOf(l);
        }
        if (like instanceof java.sql.Date && stored instanceof LocalDate d) {
            return java.sql.Date.valueOf(d);
        }
        if (like instanceof java.sql.Time && stored instanceof java.time.LocalTime t) {
            return java.sql.Time.valueOf(t);
        }
        if (like != null && like.getClass() == java.util.Date.class && stored instanceof Instant i) {
            return java.util.Date.from(i);
        }
        if (like != null && stored != null && stored.getClass() != like.getClass()) {
            Instant i = stored instanceof Instant x ? x : stored instanceof OffsetDateTime o ? o.toInstant()
                    : stored instanceof ZonedDateTime z ? z.toInstant() : null;
            if (i != null) {
                if (like instanceof Instant) {
                    return i;
                }
                if (like instanceof OffsetDateTime o) {
                    return i.atOffset(o.getOffset());
                }
                if (like instanceof ZonedDateTime z) {
                    return i.atZone(z.getZone());
                }
            }
        }
        if (!(stored instanceof String s) || like == null || like instanceof String) {
            return stored;
        }
        try {
            if (like instanceof Instant) {
                return parseInstant(s);
            }
            if (like instanceof OffsetDateTime) {
                return OffsetDateTime.parse(s);
            }
            if (like instanceof ZonedDateTime) {
                return ZonedDateTime.parse(s);
            }
            if (like instanceof LocalDateTime) {
                return LocalDateTime.parse(s);
            }
            if (like instanceof LocalDate) {
                return LocalDate.parse(s);
            }
        } catch (DateTimeParseException e) {
            return stored;
        }
        return stored;
    }

    private static Instant parseInstant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(s).toInstant();
        }
    }

    /**
     * A timestamp with and one without a time zone cannot be compared: dlt corrects the cursor value
     * (not the data) to the row's kind, once, with a warning. Returns {@code cursor} as the kind of
     * {@code row}, or {@code cursor} unchanged when they already agree or are not both timestamps.
     */
    static Object adaptZone(Object cursor, Object row) {
        boolean rowNaive = row instanceof LocalDateTime;
        boolean rowAware = row instanceof Instant || row instanceof OffsetDateTime || row instanceof ZonedDateTime;
        if (rowNaive && (cursor instanceof Instant || cursor instanceof OffsetDateTime
                || cursor instanceof ZonedDateTime)) {
            return LocalDateTime.ofInstant(instant(cursor), ZoneOffset.UTC);
        }
        if (rowAware && cursor instanceof LocalDateTime l) {
            Instant i = l.toInstant(ZoneOffset.UTC);
            if (row instanceof OffsetDateTime o) {
                return i.atOffset(o.getOffset());
            }
            if (row instanceof ZonedDateTime z) {
                return i.atZone(z.getZone());
            }
            return i;
        }
        return cursor;
    }

    private static Instant instant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((ZonedDateTime) v).toInstant();
    }

    /**
     * dlt's {@code apply_lag}: {@code value} moved back by {@code lag} (forward for {@code min}):
     * seconds for timestamps, days for dates, units for numbers; ISO text is parsed, moved and
     * formatted back. Never beyond {@code initial}.
     *
     * @throws IllegalArgumentException for a value of another type
     */
    static Object applyLag(double lag, Object value, Object initial, LastValueFunc func) {
        double signed = func == LastValueFunc.MAX ? -lag : lag;
        Object lagged;
        if (value instanceof String s) {
            IsoText shape = IsoText.of(s).orElseThrow(() -> new IllegalArgumentException("a lag needs a cursor of"
                    + " timestamps, dates or numbers; the last value '" + s + "' (String) is none of them"));
            // back to text of the input's shape (dlt's lag.py keeps the format): rows are compared as text,
            // and "T01:00Z" would sort after a row's "T01:00:00Z"
            lagged = shape.format(applyLag(signed, shape.parsed()));
        } else if (value instanceof Temporal t) {
            lagged = applyLag(signed, t);
        } else if (value instanceof Integer i) {
            lagged = narrow(exactInteger(BigInteger.valueOf(i), signed));
        } else if (value instanceof Long l) {
            // in decimal, not double: a long past 2^53 (snowflake ids, epoch nanos) would round, even past the last value
            lagged = narrow(exactInteger(BigInteger.valueOf(l), signed));
        } else if (value instanceof BigDecimal d) {
            lagged = d.add(BigDecimal.valueOf(signed));
        } else if (value instanceof BigInteger b) {
            lagged = exactInteger(b, signed);
        } else if (value instanceof Number n) {
            lagged = n.doubleValue() + signed;
        } else {
            throw new IllegalArgumentException("a lag needs a cursor of timestamps, dates or numbers; the last value "
                    + dev.dlt4j.extract.CursorValues.describe(value) + " is none of them");
        }
        if (initial != null && func.compare(asTypeOf(initial, lagged), asTypeOf(lagged, initial)) >= 0) {
            return initial; // the lag does not reach before the initial value
        }
        return lagged;
    }

    /** dlt's {@code int(value - lag)} for an integer cursor, computed exactly (truncated toward zero as Python's int()). */
    private static BigInteger exactInteger(BigInteger value, double signed) {
        return new BigDecimal(value).add(BigDecimal.valueOf(signed)).toBigInteger();
    }

    /** The smallest of Integer, Long, BigInteger that holds it (a lag may step past Integer's range). */
    private static Object narrow(BigInteger v) {
        return v.bitLength() < 32 ? (Object) v.intValue() : v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static Object applyLag(double signed, Object t) {
        if (t instanceof LocalDate d) {
            // as Python's date + timedelta(days=x): whole days, rounded down (a lag of 1.5 days goes back 2)
            return d.plusDays((long) Math.floor(signed));
        }
        Duration by = Duration.ofNanos((long) (signed * 1_000_000_000L));
        if (t instanceof Instant i) {
            return i.plus(by);
        }
        if (t instanceof OffsetDateTime o) {
            return o.plus(by);
        }
        if (t instanceof ZonedDateTime z) {
            return z.plus(by);
        }
        if (t instanceof LocalDateTime l) {
            return l.plus(by);
        }
        throw new IllegalArgumentException("a lag needs a cursor of timestamps, dates or numbers; got "
                + describe(t));
    }

    /** {@code 'value' (Type)}, for messages. */
    static String describe(Object v) {
        return v == null ? "null" : "'" + v + "' (" + v.getClass().getSimpleName() + ")";
    }
}
